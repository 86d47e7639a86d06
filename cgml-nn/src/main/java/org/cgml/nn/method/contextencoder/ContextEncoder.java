package org.cgml.nn.method.contextencoder;

import org.cgml.api.CostFamily;
import org.cgml.api.Task;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.method.AdversarialMethod;
import org.cgml.nn.method.AdversarialModel;
import org.cgml.nn.method.Adversary;
import org.cgml.nn.method.GraphSampler;

/**
 * The Context Encoder (Pathak et al., 2016) on cGML's H and G: a global discriminator D(y) on the output alone, H and
 * G fitted on (1 - w) MSE(y, G(H(x))) + w L_adv with w = {@code adversarial_weight} (Pathak et al.'s 0.001). It has no
 * latent code: G runs at the fixed code, one output per input.
 */
public final class ContextEncoder extends AdversarialMethod {
    @Override
    public String name() {
        return "context-encoder";
    }

    @Override
    public String description() {
        return "Context Encoder: L2 + global adversarial loss (0.999 / 0.001, adversarial_weight), no latent code";
    }

    @Override
    public void check(Task task, TrainingConfig config) {
        if (config.adversarialWeight() > 1) {
            throw new IllegalArgumentException("adversarial_weight must be at most 1: the L2 term gets 1 minus it (got "
                    + config.adversarialWeight() + ")");
        }
    }

    @Override
    protected AdversarialModel model(Task task, TrainingConfig config, boolean training) {
        check(task, config);
        float w = config.adversarialWeight();
        // Pathak et al. weigh the mean squared error per element; the L2 cost sums the elements
        Adversary d = new Adversary(false, (1 - w) / task.outputSize(), w, (parts, fitted) ->
                parts.tf().math.mean(CostFamily.l2().perSample(parts.tf(), parts.graph().y(), fitted.output()),
                        parts.tf().constant(0)));
        return new AdversarialModel(task, config, training, d, GraphSampler.Codes.FIXED);
    }
}
