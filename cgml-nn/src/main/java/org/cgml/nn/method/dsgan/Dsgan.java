package org.cgml.nn.method.dsgan;

import java.util.ArrayList;
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
import org.cgml.nn.method.AdversarialMethod;
import org.cgml.nn.method.AdversarialModel;
import org.cgml.nn.method.Adversary;
import org.cgml.nn.method.GraphSampler;
import org.cgml.nn.method.pix2pix.Pix2pix;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * DSGAN (Yang, Hong, Jang, Zhao and Lee, "Diversity-Sensitive Conditional Generative Adversarial Networks", ICLR 2019)
 * on pix2pix, on cGML's H and G: pix2pix's conditional PatchGAN D(x, y) and objective L_GAN + lambda E / |y|
 * ({@code gan_lambda}), plus lambda_z times the diversity-sensitive loss
 * L_z = -E_{z1, z2}[min(||G(x, z1) - G(x, z2)|| / ||z1 - z2||, tau)] (the paper's Eq. 2, which G maximises), for two
 * codes z1, z2 drawn from the prior for the same input.
 *
 * <p>Which output carries what: as in the authors' code, D's fake, the adversarial loss and the reconstruction are
 * those of G(x, z1) (the codes pix2pix fits at, D's step included), and G(x, z2) enters the diversity term only. G's
 * gradient flows through both outputs of the term, as the paper's equation reads (the authors' code stops it at
 * G(x, z2)). The norms are per-element L1 means, the authors' normalisation (the output's L1 over its elements, the
 * codes' over n), taken on G's bounded output (the one sampled, [-1, 1] for images as the paper's tanh), so that
 * pushing values beyond the data range earns nothing. Sampling draws z from the prior.
 *
 * <p>Defaults from the authors' released image-to-image configuration: lambda_z = {@code ds_lambda} = 8 (their
 * weight of the term for pix2pix on facades and maps) and tau = {@code ds_tau} = 10 (their clip margin; the paper
 * calls tau a bound for numerical stability; their default run leaves it off; on images, outputs at most 2 apart per
 * element, 10 binds only for codes under 0.2 apart per element, where two random codes on the 10-sphere are about
 * 0.36 apart). Their pix2pix weighs its L1 by 10; here the reconstruction keeps pix2pix's
 * {@code gan_lambda} = 100, so that DSGAN is exactly pix2pix plus the term; {@code dsgan:gan_lambda=10} is their
 * balance.
 */
public final class Dsgan extends AdversarialMethod {
    /** Name of the placeholder of the second codes z2 (the name checkpoints and graphs have always given it). */
    static final String SECOND_CODES = "z_second";
    /** Stream of the second codes z2 (mixed with the run seed, then the iteration). */
    static final long SECOND_STREAM = 0xD56AL;

    /** lambda_z, the weight of the diversity-sensitive term beside pix2pix's objective. */
    public static final Key<Float> LAMBDA = Key.of("ds_lambda", Float.class, 8f, Key.Rule.NON_NEGATIVE,
            "dsgan: weight lambda of the diversity-sensitive term (the authors' 8 with pix2pix on facades and maps)");

    /** tau, the bound on the ratio of output distance to code distance. */
    public static final Key<Float> TAU = Key.of("ds_tau", Float.class, 10f, Key.Rule.POSITIVE,
            "dsgan: bound tau on |G(x, z1) - G(x, z2)| / |z1 - z2| (the authors' clip margin 10)");

    /** The figure the diversity term adds to metrics.csv: the batch's mean of min(ratio, tau). */
    public static final String FIGURE = "diversity_ratio";

    @Override
    public String name() {
        return "dsgan";
    }

    @Override
    public String description() {
        return "DSGAN: pix2pix - ds_lambda * min(|G(x, z1) - G(x, z2)| / |z1 - z2|, ds_tau) (8, 10), z from the prior";
    }

    @Override
    public List<Key<?>> settings() {
        return List.of(Pix2pix.LAMBDA, LAMBDA, TAU);
    }

    /**
     * D's step makes a fake (G forward only, a third), then H and G's step runs G forward and backward at both codes
     * z1 and z2 (2); D's passes are not counted (the rule of {@link Method#generatorPasses}).
     */
    @Override
    public double generatorPasses(TrainingConfig config) {
        return Method.forwardOnly(1) + 2;
    }

    @Override
    protected Model model(Task task, TrainingConfig config, boolean training) {
        return new Model(task, config, training, new Diversity(Pix2pix.adversary(task, config), config.get(LAMBDA),
                config.get(TAU)));
    }

    /**
     * min(mean_j |a_j - b_j| / mean_k |z1_k - z2_k|, tau) per sample ({@code [batch]}): the paper's Eq. 2 inside its
     * expectation, the output distance of {@code a} = G(x, z1) and {@code b} = G(x, z2) over the code distance, bounded
     * by tau (0 where the codes coincide).
     */
    public static Operand<TFloat32> boundedRatio(Ops tf, Operand<TFloat32> a, Operand<TFloat32> b,
                                                 Operand<TFloat32> z1, Operand<TFloat32> z2, float tau) {
        Operand<TFloat32> outputs = meanPerSample(tf, tf.math.abs(tf.math.sub(a, b)));
        Operand<TFloat32> codes = meanPerSample(tf, tf.math.abs(tf.math.sub(z1, z2)));
        return tf.math.minimum(tf.math.divNoNan(outputs, codes), tf.constant(tau));
    }

    /** L_z, what G minimises: minus the batch's mean of {@link #boundedRatio} (the paper's min_G L_cGAN - lambda L_z). */
    public static Operand<TFloat32> diversityLoss(Ops tf, Operand<TFloat32> boundedRatio) {
        return tf.math.neg(tf.math.mean(boundedRatio, tf.constant(0)));
    }

    /** The mean of each sample's elements, {@code [batch]}. */
    private static Operand<TFloat32> meanPerSample(Ops tf, Operand<TFloat32> a) {
        int[] elements = new int[a.shape().numDimensions() - 1];
        for (int i = 0; i < elements.length; i++) {
            elements[i] = i + 1;
        }
        return tf.math.mean(a, tf.constant(elements));
    }

    /**
     * pix2pix's D and objective, built first, then G at a second code z2 (a placeholder of its own, fed with H and G's
     * step) and lambda_z L_z added to H and G's objective.
     */
    static final class Diversity implements ModelGraph.Extension {
        private final Adversary adversary;
        private final float weight;
        private final float tau;

        Diversity(Adversary adversary, float weight, float tau) {
            this.adversary = adversary;
            this.weight = weight;
            this.tau = tau;
        }

        /** Built once per device tower on several devices, as pix2pix's adversary; z2 is the parts' codes. */
        @Override
        public boolean perTower() {
            return true;
        }

        /** L_GAN + lambda E / |y| at z1 (pix2pix's), plus lambda_z L_z(G(x, z1), G(x, z2)). */
        @Override
        public Fit build(ModelGraph.Parts parts) {
            Fit gan = adversary.build(parts);
            Ops tf = parts.tf();
            ModelGraph graph = parts.graph();
            Operand<TFloat32> second = parts.codes(SECOND_CODES);
            Fit.Fitted first = gan.fitted();
            Operand<TFloat32> ratio = boundedRatio(tf, graph.generator().bounded(tf, first.output()),
                    graph.generator().bounded(tf, parts.fittedAt(second).output()), first.code(), second, tau);
            parts.report(FIGURE, tf.math.mean(ratio, tf.constant(0)));
            return new Fit(first, tf.math.add(gan.objective(),
                    tf.math.mul(tf.constant(weight), diversityLoss(tf, ratio))), gan.costWeight(),
                    gan.trainedWithGenerator());
        }
    }

    /** A DSGAN: pix2pix's model, its H and G step also at the second codes z2. */
    public static final class Model extends AdversarialModel {
        private final Diversity diversity;

        Model(Task task, TrainingConfig config, boolean training, Diversity diversity) {
            super(task, config, training, diversity.adversary, diversity, GraphSampler.Codes.PRIOR);
            this.diversity = diversity;
        }

        /** The second codes z2 of iteration {@code iteration}: prior draws on a stream of their own. */
        public float[] secondCodes(long iteration, int batch) {
            return Latents.draw(config.get(TrainingConfig.SEED) ^ SECOND_STREAM, iteration, batch,
                    task.latent().dimension(), task.latent().sphere());
        }

        /** H and G's Adam step on pix2pix's objective at z1 = {@code z} and lambda_z L_z at z1 and the iteration's z2. */
        @Override
        public Figures generatorStep(TFloat32 x, TFloat32 y, float[] z, long iteration) {
            return fitGenerator(x, y, z, iteration,
                    Map.of(graph.codes(SECOND_CODES), secondCodes(iteration, (int) x.shape().get(0))));
        }

        @Override
        public List<String> extraLosses() {
            List<String> all = new ArrayList<>(Adversary.figures());
            all.add(FIGURE);
            return all;
        }
    }
}
