package org.cgml.nn.method;

import java.util.List;
import org.cgml.api.Task;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.Latents;
import org.cgml.nn.Figures;
import org.cgml.nn.graph.ModelGraph;
import org.cgml.nn.graph.Tensors;
import org.tensorflow.Result;
import org.tensorflow.types.TFloat32;

/**
 * A GAN on cGML's H and G (pix2pix, the Context Encoder, DSGAN): per iteration one Adam step of the discriminator D on
 * real pairs and G's fakes, then one of H and G on the reconstruction and adversarial losses, at the same codes. A
 * method whose H and G objective adds terms of its own to the adversary's (DSGAN) extends it.
 */
public class AdversarialModel extends GraphMethodModel {
    private final Adversary adversary;
    private final GraphSampler.Codes codes;
    private final int n;

    /** A GAN of {@code adversary} on H and G, its fakes made at codes as {@code codes} says (prior draws or fixed). */
    public AdversarialModel(Task task, TrainingConfig config, boolean training, Adversary adversary,
                            GraphSampler.Codes codes) {
        this(task, config, training, adversary, adversary, codes);
    }

    /**
     * A GAN of {@code adversary} on H and G fitted on what {@code objective} builds: the adversary's objective (it
     * builds {@code adversary} into the graph) and terms of its own.
     */
    protected AdversarialModel(Task task, TrainingConfig config, boolean training, Adversary adversary,
                               ModelGraph.Extension objective, GraphSampler.Codes codes) {
        super(task, config, TrainingConfig.Lipschitz.NONE, training, objective, codes);
        this.adversary = adversary;
        this.codes = codes;
        this.n = task.latent().dimension();
    }

    /** One iteration: D's step, then H and G's, both at the iteration's codes. */
    @Override
    public Figures trainStep(TFloat32 x, TFloat32 y, long iteration) {
        float[] z = codes(iteration, (int) x.shape().get(0));
        float dLoss = discriminatorStep(x, y, z, iteration);
        return generatorStep(x, y, z, iteration).with("discriminator_loss", dLoss);
    }

    /** The codes G's fakes are made at in iteration {@code iteration}: prior draws, or the fixed code. */
    public float[] codes(long iteration, int batch) {
        return codes == GraphSampler.Codes.FIXED ? Latents.fixed(batch, n)
                : Latents.draw(config.get(TrainingConfig.SEED) ^ Latents.TRAINING_STREAM, iteration, batch, n,
                        task.latent().sphere());
    }

    /** D's Adam step on L_D at real (x, y) and fakes G(H(x), z), at H and G's scheduled rate; returns L_D before it. */
    public float discriminatorStep(TFloat32 x, TFloat32 y, float[] z, long iteration) {
        float lr = learningRate(iteration);
        try (TFloat32 zt = Tensors.of(z, z.length / n, n);
             TFloat32 lrT = Tensors.scalar(lr);
             Result r = graph.session().runner().feed(graph.x(), x).feed(graph.y(), y).feed(graph.z(), zt)
                     .feed(graph.generatorFit().learningRate(), lrT).addTarget(adversary.step())
                     .fetch(adversary.loss()).run()) {
            return ((TFloat32) r.get(0)).getFloat();
        }
    }

    /** H and G's Adam step on w_rec * reconstruction + w_adv * the non-saturating adversarial loss. */
    public Figures generatorStep(TFloat32 x, TFloat32 y, float[] z, long iteration) {
        return fitGenerator(x, y, z, iteration);
    }

    @Override
    public List<String> extraLosses() {
        return Adversary.figures();
    }
}
