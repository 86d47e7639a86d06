package org.cgml.nn.method.cimle;

import java.util.List;
import org.cgml.api.Key;
import org.cgml.api.Task;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.Latents;
import org.cgml.nn.Method;
import org.cgml.nn.Figures;
import org.cgml.nn.method.GraphMethodModel;
import org.cgml.nn.method.WithoutLatentSearch;
import org.cgml.nn.method.GraphSampler;
import org.cgml.nn.graph.Tensors;
import org.tensorflow.types.TFloat32;

/**
 * Conditional IMLE (Li, Zhang and Malik, 2019), on cGML's network and cost: per sample, c codes from the latent prior,
 * G at all of them without gradients, keep the one whose output is nearest the target under the task's cost, then
 * one step of H and G at the kept codes. Sampling draws codes from the prior. c, the candidates, is the setting
 * {@code imle_samples}.
 */
public final class Cimle extends WithoutLatentSearch<Cimle.Model> {
    /** Stream of the candidate codes (mixed with the run seed, then the iteration). */
    static final long CANDIDATE_STREAM = 0x1A1EL;

    /** c, the candidate codes drawn from the prior per sample and iteration, the nearest to the target kept. */
    public static final Key<Integer> SAMPLES = Key.of("imle_samples", Integer.class, 10, Key.Rule.POSITIVE,
            "conditional IMLE: candidates c drawn from the prior per sample, the nearest to the target kept");

    @Override
    public String name() {
        return "cimle";
    }

    @Override
    public String description() {
        return "conditional IMLE: c prior codes per sample, H and G fitted at the nearest (imle_samples = c)";
    }

    @Override
    public List<Key<?>> settings() {
        return List.of(SAMPLES);
    }

    /** c candidates (G forward only, a third each), then H and G's fit (the rule of {@link Method#generatorPasses}). */
    @Override
    public double generatorPasses(TrainingConfig config) {
        return Method.forwardOnly(config.get(SAMPLES)) + 1;
    }

    @Override
    protected Model model(Task task, TrainingConfig config, boolean training) {
        return new Model(task, config, training);
    }

    /** A conditional-IMLE model: H and G with their optimizer. */
    public static final class Model extends GraphMethodModel {
        private final int n;

        Model(Task task, TrainingConfig config, boolean training) {
            super(task, config, TrainingConfig.Lipschitz.NONE, training, GraphSampler.Codes.PRIOR);
            this.n = task.latent().dimension();
        }

        /** One iteration: the nearest of c prior codes per sample, then H and G fitted there. */
        @Override
        public Figures trainStep(TFloat32 x, TFloat32 y, long iteration) {
            int batch = (int) x.shape().get(0);
            return fitGenerator(x, y, nearest(Tensors.read(x), Tensors.read(y), batch, iteration), iteration);
        }

        /** The c candidate codes of iteration {@code iteration}, candidate-major ({@code c * batch} rows of n). */
        public float[] candidates(long iteration, int batch) {
            return Latents.draw(config.get(TrainingConfig.SEED) ^ CANDIDATE_STREAM, iteration,
                    config.get(SAMPLES) * batch, n, task.latent().sphere());
        }

        /**
         * For each of the {@code batch} samples (inputs and targets flat), the candidate code whose output G(H(x), z)
         * has the lowest cost E against the target (the first on ties).
         */
        public float[] nearest(float[] x, float[] y, int batch, long iteration) {
            return lowestCost(x, y, batch, candidates(iteration, batch));
        }
    }
}
