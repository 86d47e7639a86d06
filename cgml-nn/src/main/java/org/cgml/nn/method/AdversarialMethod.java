package org.cgml.nn.method;

import org.cgml.api.Key;
import org.cgml.api.Task;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.Method;

/**
 * What the GAN peers (pix2pix, DSGAN, the Context Encoder) share as methods: no Lipschitz term, 4/3 generator passes
 * per sample and iteration unless a method says otherwise (the fake for D's step, forward only, then H and G's step),
 * and one model built with or without training.
 */
public abstract class AdversarialMethod implements Method {

    @Override
    public TrainingConfig.Lipschitz lipschitz(TrainingConfig config) {
        return TrainingConfig.Lipschitz.NONE;
    }

    /** Every engine setting but a latent search's. */
    @Override
    public boolean reads(Key<?> key) {
        return Method.withoutLatentSearch(key);
    }

    /**
     * D's step makes a fake (G forward only, a third), then H and G's step (G forward and backward, 1); D's own passes
     * are not counted (the rule of {@link Method#generatorPasses}).
     */
    @Override
    public double generatorPasses(TrainingConfig config) {
        return Method.forwardOnly(1) + 1;
    }

    @Override
    public AdversarialModel build(Task task, TrainingConfig config) {
        return model(task, config, true);
    }

    @Override
    public AdversarialModel buildForSampling(Task task, TrainingConfig config) {
        return model(task, config, false);
    }

    /** The method's model: its adversary and codes on cGML's H and G. */
    protected abstract AdversarialModel model(Task task, TrainingConfig config, boolean training);
}
