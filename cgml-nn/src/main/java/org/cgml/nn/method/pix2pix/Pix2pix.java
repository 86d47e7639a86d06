package org.cgml.nn.method.pix2pix;

import java.util.List;
import org.cgml.api.Key;
import org.cgml.api.Task;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.method.AdversarialMethod;
import org.cgml.nn.method.AdversarialModel;
import org.cgml.nn.method.Adversary;
import org.cgml.nn.method.GraphSampler;

/**
 * pix2pix (Isola et al., 2017) on cGML's H and G: a conditional PatchGAN D(x, y) (an MLP for vector tasks), H and G
 * fitted on L_GAN + lambda d(y, G(H(x), z)) with d the task's distance averaged over the output's elements, lambda =
 * {@code gan_lambda} (100), and z drawn from the prior as cGML feeds it. Sampling draws z from the prior; pix2pix is
 * known to ignore z, which the bench's diversity shows.
 */
public final class Pix2pix extends AdversarialMethod {
    /** lambda, the weight of the distance d beside the adversarial loss. */
    public static final Key<Float> LAMBDA = Key.of("gan_lambda", Float.class, 100f, Key.Rule.NON_NEGATIVE,
            "pix2pix: weight lambda of the distance d beside the adversarial loss (pix2pix's 100)");

    @Override
    public String name() {
        return "pix2pix";
    }

    @Override
    public String description() {
        return "pix2pix: conditional PatchGAN + lambda * the task's distance (gan_lambda = 100), z from the prior";
    }

    @Override
    public List<Key<?>> settings() {
        return List.of(LAMBDA);
    }

    @Override
    protected AdversarialModel model(Task task, TrainingConfig config, boolean training) {
        return new AdversarialModel(task, config, training, adversary(task, config), GraphSampler.Codes.PRIOR);
    }

    /**
     * pix2pix's conditional PatchGAN and objective L_GAN + lambda E / |y| on H and G (also DSGAN's, which adds its
     * diversity term).
     */
    public static Adversary adversary(Task task, TrainingConfig config) {
        // pix2pix's lambda weighs a per-element mean distance; E sums the elements
        return new Adversary(true, config.get(LAMBDA) / task.outputSize(), 1f, (parts, fitted) -> fitted.meanCost());
    }
}
