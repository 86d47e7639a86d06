package org.cgml.nn.method;

import org.cgml.api.Key;
import org.cgml.api.Task;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.Method;
import org.cgml.nn.MethodModel;

/**
 * What a method without cGML's latent search shares (the baseline, conditional IMLE, the cVAE and the adversarial
 * peers): no Lipschitz term, none of {@link Method#LATENT_SEARCH_SETTINGS} read (a bench reuses its runs across
 * them), and one model built with or without training.
 *
 * @param <M> the method's model
 */
public abstract class WithoutLatentSearch<M extends MethodModel> implements Method {

    /** None: there is no latent search whose smoothness a constraint would help. */
    @Override
    public TrainingConfig.Lipschitz lipschitz(TrainingConfig config) {
        return TrainingConfig.Lipschitz.NONE;
    }

    /** Every engine setting but a latent search's. */
    @Override
    public boolean reads(Key<?> key, TrainingConfig config) {
        return !LATENT_SEARCH_SETTINGS.contains(key);
    }

    @Override
    public M build(Task task, TrainingConfig config) {
        return model(task, config, true);
    }

    @Override
    public M buildForSampling(Task task, TrainingConfig config) {
        return model(task, config, false);
    }

    /** The method's model for {@code task}, with its optimizer and training op when {@code training}. */
    protected abstract M model(Task task, TrainingConfig config, boolean training);
}
