package org.cgml.nn;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One training iteration's figures by name, in the order the method reports them; {@link #COST} is required. The
 * names {@link #DYNAMICS_LOSS}, {@link #LIPSCHITZ} and {@link #LEARNING_RATE} fill metrics.csv's columns of the same
 * names (0 when a method has no such figure; the learning rate the schedule's when it reports none); every other
 * name is one of the method's own figures ({@link MethodModel#extraLosses}), a further metrics.csv column.
 */
public record Figures(Map<String, Float> values) {
    /** The mean per-sample cost E of the batch at the codes the generator was fitted on (Eq. 1). */
    public static final String COST = "cost";
    /** The loss of cGML's latent dynamics Z. */
    public static final String DYNAMICS_LOSS = "dynamics_loss";
    /** The Lipschitz penalty term. */
    public static final String LIPSCHITZ = "lipschitz";
    /** The generator's learning rate used. */
    public static final String LEARNING_RATE = "learning_rate";

    public Figures {
        if (!values.containsKey(COST)) {
            throw new IllegalArgumentException("an iteration's figures need its cost (got " + values.keySet() + ")");
        }
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The figures of an iteration of cost {@code cost}, and no other. */
    public static Figures of(float cost) {
        return new Figures(Map.of(COST, cost));
    }

    /** These figures and {@code name} = {@code value} (replacing a figure of that name). */
    public Figures with(String name, float value) {
        Map<String, Float> more = new LinkedHashMap<>(values);
        more.put(name, value);
        return new Figures(more);
    }

    public float cost() {
        return values.get(COST);
    }

    /** The figure {@code name}, or {@code otherwise} when the method has none of that name. */
    public float get(String name, float otherwise) {
        return values.getOrDefault(name, otherwise);
    }

    /** The method's own figures: all but the cost, the Z loss, the Lipschitz term and the learning rate, in order. */
    public Map<String, Float> extra() {
        Map<String, Float> own = new LinkedHashMap<>(values);
        own.keySet().removeAll(java.util.List.of(COST, DYNAMICS_LOSS, LIPSCHITZ, LEARNING_RATE));
        return Collections.unmodifiableMap(own);
    }
}
