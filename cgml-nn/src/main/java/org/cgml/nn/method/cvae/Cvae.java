package org.cgml.nn.method.cvae;

import java.util.List;
import org.cgml.api.Key;
import org.cgml.api.Task;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.Latents;
import org.cgml.nn.Figures;
import org.cgml.nn.method.GraphMethodModel;
import org.cgml.nn.method.WithoutLatentSearch;
import org.cgml.nn.method.GraphSampler;
import org.cgml.nn.graph.Fit;
import org.cgml.nn.graph.ModelGraph;
import org.cgml.nn.graph.Networks;
import org.cgml.nn.graph.Weights;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A conditional VAE (Sohn et al., 2015) on cGML's H and G: an encoder Q(x, y) -> (mu, log sigma^2), G fitted at the
 * reparameterised z = mu + sigma * eps, eps ~ N(0, I), on E(z) / |y| + w KL(N(mu, sigma^2) || N(0, I)) with
 * w = {@code kl_weight} and |y| the output's elements; sampling draws z ~ N(0, I).
 */
public final class Cvae extends WithoutLatentSearch<Cvae.Model> {
    /** Bound on log sigma^2, so that exp never overflows early in training. */
    static final float LOG_VARIANCE_BOUND = 10f;

    /** w, the weight of KL(q(z | x, y) || N(0, I)) beside the mean per-element cost. */
    public static final Key<Float> KL_WEIGHT = Key.of("kl_weight", Float.class, 0.01f, Key.Rule.NON_NEGATIVE,
            "cvae: weight of KL(q(z | x, y) || N(0, I)) beside the mean per-element cost");

    @Override
    public String name() {
        return "cvae";
    }

    @Override
    public String description() {
        return "conditional VAE: encoder Q(x, y), reparameterised z, KL to N(0, I) (kl_weight); samples z ~ N(0, I)";
    }

    @Override
    public List<Key<?>> settings() {
        return List.of(KL_WEIGHT);
    }

    @Override
    protected Model model(Task task, TrainingConfig config, boolean training) {
        return new Model(task, config, training, new Posterior(config.get(KL_WEIGHT)));
    }

    /** KL(N(mu, exp(logVar)) || N(0, I)) = 1/2 sum_j (mu_j^2 + exp(logVar_j) - 1 - logVar_j), mean over the batch. */
    public static Operand<TFloat32> kl(Ops tf, Operand<TFloat32> mu, Operand<TFloat32> logVar) {
        Operand<TFloat32> terms = tf.math.sub(tf.math.add(tf.math.square(mu), tf.math.exp(logVar)),
                tf.math.add(tf.constant(1f), logVar));
        return tf.math.mean(tf.math.mul(tf.constant(0.5f), tf.reduceSum(terms, tf.constant(1))), tf.constant(0));
    }

    /** The encoder q(z | x, y) and the reparameterised codes, built into the graph. */
    static final class Posterior implements ModelGraph.Extension {
        private final float klWeight;

        Posterior(float klWeight) {
            this.klWeight = klWeight;
        }

        /** Built once per device tower on several devices: inputs and Q's weights come from the parts. */
        @Override
        public boolean perTower() {
            return true;
        }

        /**
         * z = mu + exp(logVar / 2) * eps with eps fed through the z placeholder; H, G and Q fitted on
         * E(z) / |y| + w KL at it. Q's variables keep the scope {@code E} they were first saved under, so that
         * checkpoints written before still resume.
         */
        @Override
        public Fit build(ModelGraph.Parts parts) {
            Ops tf = parts.tf();
            Task task = parts.task();
            int n = task.latent().dimension();
            Weights weights = parts.weights("E");
            Gaussian q = Gaussian.of(tf, encoder(task, weights, true)
                    .apply(tf, Networks.pair(tf, task, parts.x(), parts.y())), n);
            Operand<TFloat32> kl = Cvae.kl(tf, q.mu(), q.logVar());
            parts.report("kl", kl);
            Fit.Fitted fitted = parts.fittedAt(q.code(tf, parts.z()));
            Operand<TFloat32> objective = tf.math.add(tf.math.div(fitted.meanCost(),
                    tf.constant((float) task.outputSize())), tf.math.mul(tf.constant(klWeight), kl));
            return new Fit(fitted, objective, 1f / task.outputSize(), List.of(weights));
        }
    }

    /**
     * The encoder network to (mu, log sigma^2), 2n values per input, its variables in {@code weights}: the global
     * network on (x, y) side by side (the cVAE's Q), or on y alone when not {@code withInput} (BicycleGAN's E).
     */
    public static Networks.Network encoder(Task task, Weights weights, boolean withInput) {
        return Networks.global(task.architecture(), weights, Networks.pairShape(task, withInput),
                2 * task.latent().dimension());
    }

    /** An encoder's Gaussian N(mu, exp(logVar)) per input. */
    public record Gaussian(Operand<TFloat32> mu, Operand<TFloat32> logVar) {
        /** The Gaussian of an encoder's 2n outputs {@code stats}: mu the first n, log sigma^2 the last n, bounded. */
        public static Gaussian of(Ops tf, Operand<TFloat32> stats, int n) {
            Operand<TFloat32> mu = tf.slice(stats, tf.constant(new int[] {0, 0}), tf.constant(new int[] {-1, n}));
            Operand<TFloat32> logVar = tf.clipByValue(
                    tf.slice(stats, tf.constant(new int[] {0, n}), tf.constant(new int[] {-1, n})),
                    tf.constant(-LOG_VARIANCE_BOUND), tf.constant(LOG_VARIANCE_BOUND));
            return new Gaussian(mu, logVar);
        }

        /** The reparameterised code z = mu + exp(logVar / 2) * eps. */
        public Operand<TFloat32> code(Ops tf, Operand<TFloat32> eps) {
            return tf.math.add(mu, tf.math.mul(tf.math.exp(tf.math.mul(tf.constant(0.5f), logVar)), eps));
        }
    }

    /** A cVAE: H, G and the encoder Q with one optimizer. */
    public static final class Model extends GraphMethodModel {
        private final int n;

        Model(Task task, TrainingConfig config, boolean training, Posterior posterior) {
            super(task, config, TrainingConfig.Lipschitz.NONE, training, posterior, GraphSampler.Codes.GAUSSIAN);
            this.n = task.latent().dimension();
        }

        /** One iteration: eps ~ N(0, I) per sample, then one Adam step of H, G and Q. */
        @Override
        public Figures trainStep(org.tensorflow.types.TFloat32 x, org.tensorflow.types.TFloat32 y, long iteration) {
            float[] eps = Latents.draw(config.get(TrainingConfig.SEED) ^ Latents.TRAINING_STREAM, iteration, (int) x.shape().get(0), n,
                    false);
            return fitGenerator(x, y, eps, iteration);
        }
    }
}
