package org.cgml.nn.method.contextencoder;

import org.cgml.api.CostFamily;
import java.util.List;
import org.cgml.api.Key;
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
    /** w, the weight of the adversarial loss; the L2 reconstruction gets 1 - w. */
    public static final Key<Float> ADVERSARIAL_WEIGHT = Key.of("adversarial_weight", Float.class, 0.001f,
            Key.Rule.NON_NEGATIVE,
            "context-encoder: weight of the adversarial loss, 1 minus it on L2 (Pathak et al.'s 0.001)");

    @Override
    public String name() {
        return "context-encoder";
    }

    @Override
    public String description() {
        return "Context Encoder: L2 + global adversarial loss (0.999 / 0.001, adversarial_weight), no latent code";
    }

    @Override
    public List<Key<?>> settings() {
        return List.of(ADVERSARIAL_WEIGHT);
    }

    @Override
    public void check(Task task, TrainingConfig config) {
        if (config.get(ADVERSARIAL_WEIGHT) > 1) {
            throw new IllegalArgumentException("adversarial_weight must be at most 1: the L2 term gets 1 minus it (got "
                    + config.get(ADVERSARIAL_WEIGHT) + ")");
        }
    }

    @Override
    protected AdversarialModel model(Task task, TrainingConfig config, boolean training) {
        check(task, config);
        float w = config.get(ADVERSARIAL_WEIGHT);
        // Pathak et al. weigh the mean squared error per element; the L2 cost sums the elements
        Adversary d = new Adversary(false, (1 - w) / task.outputSize(), w, (parts, fitted) ->
                parts.tf().math.mean(CostFamily.l2().perSample(parts.tf(), parts.y(), fitted.output()),
                        parts.tf().constant(0)));
        return new AdversarialModel(task, config, training, d, GraphSampler.Codes.FIXED);
    }
}
