package org.cgml.example;

import java.util.List;
import org.cgml.api.Key;
import org.cgml.api.Task;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.Figures;
import org.cgml.nn.LatentUpdate;
import org.cgml.nn.Method;
import org.cgml.nn.MethodModel;
import org.cgml.nn.Sampler;
import org.cgml.nn.graph.Tensors;
import org.cgml.nn.method.GraphMethodModel;
import org.cgml.nn.method.GraphSampler;
import org.cgml.nn.method.WithoutLatentSearch;
import org.tensorflow.types.TFloat32;

/**
 * Multiple choice learning (Guzman-Rivera, Batra and Kohli, 2012), a method of one class on cGML's network and cost:
 * M fixed codes c_1..c_M on the sphere stand for M hypotheses; per sample, G at every c_j without gradients, the one
 * of lowest cost E kept, then one step of H and G there (the winner takes all). Sample k of an input is
 * G(H(x), c_(k mod M)). Unlike cGML no code is searched and unlike conditional IMLE the codes never change; M is the
 * setting {@code choices}. Like every method without cGML's search it extends {@link WithoutLatentSearch}: no
 * Lipschitz term, and a bench reuses its runs whatever cGML's own settings are.
 */
public final class MultipleChoice extends WithoutLatentSearch<MethodModel> {
    /** M, the fixed codes (hypotheses) per input, G fitted at the nearest. */
    public static final Key<Integer> CHOICES = Key.of("choices", Integer.class, 2, Key.Rule.POSITIVE,
            "multiple choice: fixed codes M per input, G fitted at the one nearest the target");

    @Override
    public String name() {
        return "multiple-choice";
    }

    @Override
    public String description() {
        return "multiple choice learning: M fixed codes, H and G fitted at the one nearest each target (choices = M)";
    }

    @Override
    public List<Key<?>> settings() {
        return List.of(CHOICES);
    }

    /** M forward-only passes at the codes (a third each), then H and G's fit: the rule of Method#generatorPasses. */
    @Override
    public double generatorPasses(TrainingConfig config) {
        return Method.forwardOnly(config.get(CHOICES)) + 1;
    }

    /** The M codes are +-e_i, so M is at most 2n. */
    @Override
    public void check(Task task, TrainingConfig config) {
        int n = task.latent().dimension();
        if (config.get(CHOICES) > 2 * n) {
            throw new IllegalArgumentException("multiple-choice: choices = " + config.get(CHOICES)
                    + " needs more codes than the 2n = " + 2 * n + " of +-e_i in the task's latent space");
        }
    }

    /** Code c_j, j = 0..M-1: +e_0, -e_0, +e_1, -e_1, ... (pairwise at least 90 degrees apart on the sphere). */
    static float[] code(int j, int n) {
        float[] c = new float[n];
        c[j / 2] = j % 2 == 0 ? 1f : -1f;
        return c;
    }

    @Override
    protected MethodModel model(Task task, TrainingConfig config, boolean training) {
        return new Model(task, config, training);
    }

    /** H and G with their optimizer; the exported sampler is G at the first code, its generator G at any. */
    private static final class Model extends GraphMethodModel {
        private final int n;
        private final int m;

        Model(Task task, TrainingConfig config, boolean training) {
            super(task, config, TrainingConfig.Lipschitz.NONE, training, GraphSampler.Codes.FIXED);
            this.n = task.latent().dimension();
            this.m = config.get(CHOICES);
        }

        /** One iteration: the nearest of the M codes per sample, then H and G fitted there. */
        @Override
        public Figures trainStep(TFloat32 x, TFloat32 y, long iteration) {
            int batch = (int) x.shape().get(0);
            return fitGenerator(x, y, nearest(Tensors.read(x), Tensors.read(y), batch), iteration);
        }

        /** For each of {@code count} samples, the code c_j whose output has the lowest cost E (the first on ties). */
        private float[] nearest(float[] x, float[] y, int count) {
            float[] z = new float[m * count * n];
            for (int j = 0; j < m; j++) {
                float[] c = code(j, n);
                for (int i = 0; i < count; i++) {
                    System.arraycopy(c, 0, z, (j * count + i) * n, n);
                }
            }
            return lowestCost(x, y, count, z);
        }

        /** G at the code nearest each target: the hypothesis the fit would pick. */
        @Override
        public float[] oracle(float[] inputs, float[] targets, int count, long seed) {
            return super.sampler().generate(inputs, nearest(inputs, targets, count), count);
        }

        /** Sample k of an input is G(H(x), c_(k mod M)); the seed and the sampling steps do not matter. */
        @Override
        public Sampler sampler() {
            Sampler g = super.sampler();
            int in = task.inputSize();
            return new Sampler() {
                @Override
                public float[] sample(float[] inputs, int count, int modes, int steps, LatentUpdate update, long seed) {
                    float[] xs = new float[count * modes * in];
                    float[] zs = new float[count * modes * n];
                    for (int i = 0; i < count; i++) {
                        for (int k = 0; k < modes; k++) {
                            System.arraycopy(inputs, i * in, xs, (i * modes + k) * in, in);
                            System.arraycopy(code(k % m, n), 0, zs, (i * modes + k) * n, n);
                        }
                    }
                    return g.generate(xs, zs, count * modes);
                }

                @Override
                public boolean movesCodes() {
                    return false;
                }

                @Override
                public float[] generate(float[] inputs, float[] codes, int count) {
                    return g.generate(inputs, codes, count);
                }

                @Override
                public int featureSize() {
                    return g.featureSize();
                }

                @Override
                public float[] features(float[] inputs, int count) {
                    return g.features(inputs, count);
                }
            };
        }
    }
}
