package org.cgml.nn.method;

import java.util.List;
import org.cgml.api.Task;
import org.cgml.nn.graph.Fit;
import org.cgml.nn.graph.ModelGraph;
import org.cgml.nn.graph.Networks;
import org.cgml.nn.graph.Weights;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A GAN's discriminator D built into a {@link ModelGraph} (pix2pix, the Context Encoder; BicycleGAN builds two with
 * {@link #discriminator}): D's loss
 * L_D = (E[softplus(-D(real))] + E[softplus(D(fake))]) / 2 with its own Adam step, and H and G's objective
 * w_rec * reconstruction + w_adv * E[softplus(-D(fake))] (the non-saturating generator loss).
 */
public final class Adversary implements ModelGraph.Extension {
    /** What H and G reconstruct besides fooling D: the task's mean cost E, or a cost of the method's own. */
    public interface Reconstruction {
        /** The reconstruction term of G's output at the fed codes ({@code fitted}: output and its cost E). */
        Operand<TFloat32> of(ModelGraph.Parts parts, Fit.Fitted fitted);
    }

    private final boolean conditional;
    private final float reconstructionWeight;
    private final float adversarialWeight;
    private final Reconstruction reconstruction;
    private Weights weights;
    private Operand<TFloat32> loss;
    private Op step;

    /**
     * @param conditional whether D sees the input beside the output (pix2pix's PatchGAN) or the output alone, as one
     *                    global score (Pathak et al.)
     */
    public Adversary(boolean conditional, float reconstructionWeight, float adversarialWeight, Reconstruction reconstruction) {
        this.conditional = conditional;
        this.reconstructionWeight = reconstructionWeight;
        this.adversarialWeight = adversarialWeight;
        this.reconstruction = reconstruction;
    }

    /** Built once per device tower on several devices: inputs, D's weights and step all come from the parts. */
    @Override
    public boolean perTower() {
        return true;
    }

    /** D and its step built on G at the fed codes; H and G fitted on w_rec * reconstruction + w_adv * fooling D. */
    @Override
    public Fit build(ModelGraph.Parts parts) {
        Fit.Fitted at = parts.fittedAt(parts.z());
        Discriminator d = discriminator(parts, "D", conditional, at.output());
        weights = d.weights();
        loss = d.loss();
        step = d.step();
        parts.report("generator_adversarial", d.fooled());
        Ops tf = parts.tf();
        return new Fit(at, tf.math.add(tf.math.mul(tf.constant(reconstructionWeight),
                reconstruction.of(parts, at)), tf.math.mul(tf.constant(adversarialWeight), d.fooled())),
                reconstructionWeight, List.of());
    }

    /**
     * A discriminator in the graph: its weights, L_D on real pairs and fakes, its Adam step (null on a model built
     * for sampling) and E[softplus(-D(fake))], G's loss of fooling it.
     */
    public record Discriminator(Weights weights, Operand<TFloat32> loss, Op step, Operand<TFloat32> fooled) {
    }

    /**
     * A discriminator D of variable scope {@code scope} (its Adam step named {@code adam_} and the scope in lower case)
     * judging (x, y) against (x, {@code fake}), or y against {@code fake} alone when not {@code conditional}:
     * L_D = (E[softplus(-D(real))] + E[softplus(D(fake))]) / 2 with no gradient to the fake, D's Adam step at H and
     * G's learning rate, and the non-saturating E[softplus(-D(fake))] with gradients to the fake.
     */
    public static Discriminator discriminator(ModelGraph.Parts parts, String scope, boolean conditional,
                                              Operand<TFloat32> fake) {
        Ops tf = parts.tf();
        Task task = parts.task();
        Weights w = parts.weights(scope);
        int[] shape = Networks.pairShape(task, conditional);
        Networks.Network d = conditional ? Networks.patch(task.architecture(), w, shape)
                : Networks.global(task.architecture(), w, shape, 1);
        Operand<TFloat32> x = conditional ? parts.x() : null;
        Operand<TFloat32> real = d.apply(tf, Networks.pair(tf, task, x, parts.y()));
        Operand<TFloat32> judged = d.apply(tf, Networks.pair(tf, task, x, tf.stopGradient(fake)));
        Operand<TFloat32> loss = tf.math.mul(tf.constant(0.5f), tf.math.add(mean(tf, tf.math.softplus(tf.math.neg(real))),
                mean(tf, tf.math.softplus(judged))));
        Op step = parts.adamStep("adam_" + scope.toLowerCase(java.util.Locale.ROOT), loss, w.variables());
        Operand<TFloat32> fooled = mean(tf, tf.math.softplus(tf.math.neg(
                d.apply(tf, Networks.pair(tf, task, x, fake)))));
        return new Discriminator(w, parts.gathered("discriminator_loss_" + scope, loss), step, fooled);
    }

    /** The mean of every element. */
    public static Operand<TFloat32> mean(Ops tf, Operand<TFloat32> a) {
        return tf.math.mean(tf.reshape(a, tf.constant(new long[] {-1})), tf.constant(0));
    }

    /** D's weights (the variables its step changes besides its optimizer's slots). */
    public Weights weights() {
        return weights;
    }

    /** L_D, fed x, y and the codes of G's fake. */
    public Operand<TFloat32> loss() {
        return loss;
    }

    /** D's Adam step (refused on a model built for sampling). */
    public Op step() {
        if (step == null) {
            throw new IllegalStateException("this model was built for sampling: it has no training op");
        }
        return step;
    }

    /** The names of the figures an adversarial model adds to metrics.csv, in column order. */
    public static List<String> figures() {
        return List.of("discriminator_loss", "generator_adversarial");
    }
}
