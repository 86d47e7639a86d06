package org.cgml.api;

import java.util.Locale;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The element-wise distance d of paper Eq. 1 that a training run uses: the task's own, or |e| or e^2. */
public enum Distance {
    /** The task's cost as it declares it (L1 for the paper's tasks). */
    TASK,
    /** d(e) = |e| (the paper's default). */
    L1,
    /** d(e) = e^2 (squared error). */
    L2;

    /** d of each element of {@code difference}; TASK has no element-wise form of its own. */
    public Operand<TFloat32> of(Ops tf, Operand<TFloat32> difference) {
        return switch (this) {
            case L1 -> tf.math.abs(difference);
            case L2 -> tf.math.square(difference);
            case TASK -> throw new IllegalStateException("the task's distance is its cost's own");
        };
    }

    /** The lower-case name used in configs. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
