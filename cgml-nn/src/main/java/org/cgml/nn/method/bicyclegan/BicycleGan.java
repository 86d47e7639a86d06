package org.cgml.nn.method.bicyclegan;

import java.util.List;
import java.util.Map;
import org.cgml.api.Key;
import org.cgml.api.Task;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.Figures;
import org.cgml.nn.Latents;
import org.cgml.nn.Method;
import org.cgml.nn.graph.Fit;
import org.cgml.nn.graph.ModelGraph;
import org.cgml.nn.graph.Networks;
import org.cgml.nn.graph.Tensors;
import org.cgml.nn.graph.Weights;
import org.cgml.nn.method.Adversary;
import org.cgml.nn.method.GraphMethodModel;
import org.cgml.nn.method.WithoutLatentSearch;
import org.cgml.nn.method.GraphSampler;
import org.cgml.nn.method.cvae.Cvae;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * BicycleGAN (Zhu, Zhang, Pathak, Darrell, Efros, Wang and Shechtman, "Toward Multimodal Image-to-Image Translation",
 * NeurIPS 2017) on cGML's H and G: a cVAE-GAN and a cLR-GAN sharing G, each with its own conditional PatchGAN.
 * <ul>
 * <li>cVAE-GAN (B -> z -> B'): an encoder E(y) -> (mu, log sigma^2), the cVAE's global encoder network on y alone,
 * z = mu + sigma * eps with eps ~ N(0, I), and
 * L_GAN^VAE(G, D1) + lambda L1(y, G(x, z)) + lambda_KL KL(E(y) || N(0, I));</li>
 * <li>cLR-GAN (z -> B' -> z'): z ~ N(0, I), L_GAN(G, D2) + lambda_latent |z - mu(E(G(x, z)))|_1, whose gradient
 * reaches H and G and not E (E is applied there with its weights behind a stop-gradient, as the authors' code freezes
 * E for that term).</li>
 * </ul>
 * lambda = {@code bicycle_lambda} (10), lambda_latent = {@code bicycle_lambda_latent} (0.5) and lambda_KL =
 * {@code bicycle_lambda_kl} (0.01) are the paper's (section 4). Per iteration: one Adam step of D1 and D2 together on
 * the fakes G(x, z) at the encoded and at the prior codes, then one Adam step of H, G and E on the sum above, at the
 * same codes and H and G's scheduled rate (the order of the project's other GANs; the authors' code steps G and E
 * first, then the D's on the fakes made before that step). Sampling draws z ~ N(0, I), as the cVAE does: the paper's
 * prior is Gaussian.
 * <p>
 * Where this differs from the paper and its code, and why:
 * <ul>
 * <li>E sees y alone, as in the paper; the cVAE's Q sees (x, y). The network is the cVAE's (the global network to
 * 2n values, an MLP for vectors); the paper's E is a deeper CNN or a ResNet.</li>
 * <li>The GAN loss is the project's {@link Adversary} (the non-saturating log loss, L_D halved), not the paper's
 * least-squares GAN, so that the GAN peers differ only in what they add to it.</li>
 * <li>Each D is the project's conditional PatchGAN D(x, y), as pix2pix's; the authors' code defaults to
 * unconditional D's that see y alone (its {@code conditional_D} option gives D(x, y)). Two D's, as the paper's full
 * model and the authors' default.</li>
 * <li>The L1 term is the task's distance d, a mean over the output's elements as the paper's L1 (the task's cost E
 * over |y|), as pix2pix here uses it.</li>
 * <li>The authors' code splits each batch in halves, one for the cVAE-GAN and one for the cLR-GAN; here every sample
 * goes through both.</li>
 * </ul>
 * <p>
 * Generator passes per sample and iteration (docs/DESIGN.md, section 9): G forward and backward at the encoded code
 * and at the prior code, 2, and the D's two fakes forward only, 1/3 each: 2 + 2/3. E's passes (at y, and at G's
 * output for the latent regression) and the D's are not counted.
 */
public final class BicycleGan extends WithoutLatentSearch<BicycleGan.Model> {
    /** lambda, the weight of the L1 reconstruction of y at the encoded code (the paper's 10). */
    public static final Key<Float> LAMBDA = Key.of("bicycle_lambda", Float.class, 10f, Key.Rule.NON_NEGATIVE,
            "bicyclegan: weight lambda of the L1 reconstruction of y at the encoded code (the paper's 10)");
    /** Name of the placeholder of the cLR-GAN's prior codes (the second half of an iteration's codes). */
    static final String PRIOR_CODES = "z_prior";

    /** lambda_latent, the weight of the latent regression |z - mu(E(G(x, z)))|_1 (the paper's 0.5). */
    public static final Key<Float> LAMBDA_LATENT = Key.of("bicycle_lambda_latent", Float.class, 0.5f,
            Key.Rule.NON_NEGATIVE,
            "bicyclegan: weight lambda_latent of the latent regression |z - E(G(x, z))|_1, fitting G only (the paper's 0.5)");
    /** lambda_KL, the weight of KL(E(y) || N(0, I)) (the paper's 0.01). */
    public static final Key<Float> LAMBDA_KL = Key.of("bicycle_lambda_kl", Float.class, 0.01f, Key.Rule.NON_NEGATIVE,
            "bicyclegan: weight lambda_KL of KL(E(y) || N(0, I)) (the paper's 0.01)");

    @Override
    public String name() {
        return "bicyclegan";
    }

    @Override
    public String description() {
        return "BicycleGAN: cVAE-GAN (E(y), L1, KL) and cLR-GAN (z ~ N(0, I), |z - E(G(x, z))|) sharing G, two PatchGANs";
    }

    @Override
    public List<Key<?>> settings() {
        return List.of(LAMBDA, LAMBDA_LATENT, LAMBDA_KL);
    }

    /**
     * 2 + 2/3: the D's step makes the two fakes (G forward only, a third each), then H, G and E's step passes G
     * forward and backward at the encoded and at the prior code (1 each); E's and the D's passes are not counted
     * (the rule of {@link Method#generatorPasses}).
     */
    @Override
    public double generatorPasses(TrainingConfig config) {
        return Method.forwardOnly(2) + 2;
    }

    @Override
    protected Model model(Task task, TrainingConfig config, boolean training) {
        return new Model(task, config, training);
    }

    /** The latent regression |z - mu|_1 as the authors' code takes it: the mean over the batch and the n elements. */
    public static Operand<TFloat32> latentRegression(Ops tf, Operand<TFloat32> z, Operand<TFloat32> mu) {
        return Adversary.mean(tf, tf.math.abs(tf.math.sub(z, mu)));
    }

    /**
     * The two GANs built into the graph. Of the iteration's 2B codes, the fed z holds eps of the reparameterisation for
     * the B samples, the codes {@link #PRIOR_CODES} their prior codes.
     */
    static final class Cycles implements ModelGraph.Extension {
        private final float lambda;
        private final float lambdaLatent;
        private final float lambdaKl;
        private Adversary.Discriminator vae;
        private Adversary.Discriminator lr;
        private Op discriminatorStep;

        Cycles(TrainingConfig config) {
            this.lambda = config.get(LAMBDA);
            this.lambdaLatent = config.get(LAMBDA_LATENT);
            this.lambdaKl = config.get(LAMBDA_KL);
        }

        /** Built once per device tower on several devices: inputs, codes, E, D1 and D2 come from the parts. */
        @Override
        public boolean perTower() {
            return true;
        }

        /**
         * E, D1 and D2 and the D's step; H, G and E fitted on L_GAN^VAE(G, D1) + lambda d(y, G(x, z_E)) / |y| +
         * lambda_KL KL + L_GAN(G, D2) + lambda_latent |z - mu(E(G(x, z)))|_1.
         */
        @Override
        public Fit build(ModelGraph.Parts parts) {
            Ops tf = parts.tf();
            Task task = parts.task();
            int n = task.latent().dimension();
            Operand<TFloat32> eps = parts.z();
            Operand<TFloat32> prior = parts.codes(PRIOR_CODES);

            // cVAE-GAN: y -> E(y) -> z -> G(x, z), judged by D1 and reconstructing y
            Weights e = parts.weights("E");
            Cvae.Gaussian q = Cvae.Gaussian.of(tf, Cvae.encoder(task, e, false)
                    .apply(tf, Networks.pair(tf, task, null, parts.y())), n);
            Operand<TFloat32> kl = Cvae.kl(tf, q.mu(), q.logVar());
            Fit.Fitted encoded = parts.fittedAt(q.code(tf, eps));
            vae = Adversary.discriminator(parts, "D", true, encoded.output());

            // cLR-GAN: z ~ N(0, I) -> G(x, z), judged by D2, and z regressed from it by E with E's weights held
            Fit.Fitted random = parts.fittedAt(prior);
            lr = Adversary.discriminator(parts, "D2", true, random.output());
            Cvae.Gaussian back = Cvae.Gaussian.of(tf, Cvae.encoder(task, e.stopped(), false)
                    .apply(tf, Networks.pair(tf, task, null, random.output())), n);
            Operand<TFloat32> latent = latentRegression(tf, prior, back.mu());

            // on a tower the D's steps are gathered (null): the whole batch's parts, built last, hold them
            discriminatorStep = parts.training() && vae.step() != null
                    ? tf.withControlDependencies(List.of(vae.step(), lr.step())).withName("adam_d_both_step").noOp()
                    : null;
            parts.report("generator_adversarial", vae.fooled());
            parts.report("generator_adversarial_random", lr.fooled());
            parts.report("kl", kl);
            parts.report("latent_l1", latent);
            float reconstruction = lambda / task.outputSize(); // d per output element, times lambda
            Operand<TFloat32> objective = tf.math.add(tf.math.add(vae.fooled(), lr.fooled()),
                    tf.math.add(tf.math.add(
                            tf.math.mul(tf.constant(reconstruction), encoded.meanCost()),
                            tf.math.mul(tf.constant(lambdaKl), kl)),
                            tf.math.mul(tf.constant(lambdaLatent), latent)));
            return new Fit(encoded, objective, reconstruction, List.of(e));
        }
    }

    /** A BicycleGAN: H, G and E with one optimizer, D1 and D2 with theirs. */
    public static final class Model extends GraphMethodModel {
        /** The figures the model adds to metrics.csv, in column order. */
        static final List<String> FIGURES = List.of("discriminator_loss", "discriminator_loss_random",
                "generator_adversarial", "generator_adversarial_random", "kl", "latent_l1");

        private final Cycles cycles;
        private final int n;

        Model(Task task, TrainingConfig config, boolean training) {
            this(task, config, training, new Cycles(config));
        }

        private Model(Task task, TrainingConfig config, boolean training, Cycles cycles) {
            super(task, config, TrainingConfig.Lipschitz.NONE, training, cycles, GraphSampler.Codes.GAUSSIAN);
            this.cycles = cycles;
            this.n = task.latent().dimension();
        }

        /** One iteration: D1 and D2's step, then H, G and E's, both at the iteration's codes. */
        @Override
        public Figures trainStep(TFloat32 x, TFloat32 y, long iteration) {
            float[] z = codes(iteration, (int) x.shape().get(0));
            float[] d = discriminatorStep(x, y, z, iteration);
            return generatorStep(x, y, z, iteration).with(FIGURES.get(0), d[0]).with(FIGURES.get(1), d[1]);
        }

        /**
         * The 2B codes of iteration {@code iteration}, all N(0, I) from the training stream: eps for the B samples'
         * encoded codes, then their prior codes.
         */
        public float[] codes(long iteration, int batch) {
            return Latents.draw(config.get(TrainingConfig.SEED) ^ Latents.TRAINING_STREAM, iteration, 2 * batch, n,
                    false);
        }

        /**
         * D1's and D2's Adam steps on their L_D at real (x, y) and the fakes at the encoded and the prior codes in
         * {@code z} ({@link #codes}), at H and G's scheduled rate; returns L_D1 and L_D2 before them.
         */
        public float[] discriminatorStep(TFloat32 x, TFloat32 y, float[] z, long iteration) {
            if (cycles.discriminatorStep == null) {
                throw new IllegalStateException("this model was built for sampling: it has no training op");
            }
            int half = z.length / 2;
            try (TFloat32 eps = Tensors.of(java.util.Arrays.copyOf(z, half), half / n, n);
                 TFloat32 prior = Tensors.of(java.util.Arrays.copyOfRange(z, half, z.length), half / n, n);
                 TFloat32 lrT = Tensors.scalar(learningRate(iteration));
                 Result r = graph.session().runner().feed(graph.x(), x).feed(graph.y(), y).feed(graph.z(), eps)
                         .feed(graph.codes(PRIOR_CODES), prior)
                         .feed(graph.generatorFit().learningRate(), lrT).addTarget(cycles.discriminatorStep)
                         .fetch(cycles.vae.loss()).fetch(cycles.lr.loss()).run()) {
                return new float[] {((TFloat32) r.get(0)).getFloat(), ((TFloat32) r.get(1)).getFloat()};
            }
        }

        /** H, G and E's Adam step at the codes {@code z} ({@link #codes}); the cost is E at the encoded codes. */
        public Figures generatorStep(TFloat32 x, TFloat32 y, float[] z, long iteration) {
            int half = z.length / 2;
            return fitGenerator(x, y, java.util.Arrays.copyOf(z, half), iteration,
                    Map.of(graph.codes(PRIOR_CODES), java.util.Arrays.copyOfRange(z, half, z.length)));
        }

        @Override
        public List<String> extraLosses() {
            return FIGURES;
        }
    }
}
