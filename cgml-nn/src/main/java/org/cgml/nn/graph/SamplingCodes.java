package org.cgml.nn.graph;

import java.util.function.Function;
import java.util.function.Supplier;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Where an exported sampler's codes come from: the fixed code (one output per input), the codes fed as they are, or
 * the fed codes moved by a method's network (cGML's Z).
 */
public final class SamplingCodes {
    /** Every sample at the first basis vector: the sampler takes x alone. */
    public static final SamplingCodes FIXED = new SamplingCodes(true, null);
    /** The fed codes used as they are: the sampler is G(h, z_0). */
    public static final SamplingCodes DRAWN = new SamplingCodes(false, null);

    /** How a method moves the fed codes z_0 in the exported graph. */
    public interface Mover {
        /**
         * z_T from {@code z0}, built with {@code tf} on networks made by {@code frozen} (by scope, holding the trained
         * values), for features of {@code featureSize} floats that {@code features} gives flattened.
         */
        Operand<TFloat32> move(Ops tf, Function<String, Weights> frozen, long featureSize,
                               Supplier<Operand<TFloat32>> features, Operand<TFloat32> z0);
    }

    private final boolean fixed;
    private final Mover mover;

    private SamplingCodes(boolean fixed, Mover mover) {
        this.fixed = fixed;
        this.mover = mover;
    }

    /** The fed codes moved by {@code mover}. */
    public static SamplingCodes moved(Mover mover) {
        return new SamplingCodes(false, java.util.Objects.requireNonNull(mover));
    }

    boolean fixed() {
        return fixed;
    }

    /** The mover, or null when codes are used as drawn (or fixed). */
    Mover mover() {
        return mover;
    }
}
