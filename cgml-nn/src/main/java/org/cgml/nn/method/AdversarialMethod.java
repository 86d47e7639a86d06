package org.cgml.nn.method;

import org.cgml.api.TrainingConfig;
import org.cgml.nn.Method;

/**
 * What the GAN peers (pix2pix, DSGAN, the Context Encoder) share as methods beside having no latent search: 4/3
 * generator passes per sample and iteration unless a method says otherwise (the fake for D's step, forward only, then
 * H and G's step).
 */
public abstract class AdversarialMethod extends WithoutLatentSearch<AdversarialModel> {

    /**
     * D's step makes a fake (G forward only, a third), then H and G's step (G forward and backward, 1); D's own passes
     * are not counted (the rule of {@link Method#generatorPasses}).
     */
    @Override
    public double generatorPasses(TrainingConfig config) {
        return Method.forwardOnly(1) + 1;
    }
}
