package org.cgml.api;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The regression cost family of paper Eq. 1: a per-sample distance E_i = d(y_i, G(H(x_i), z_i)) and optional
 * batch-level extra terms (e.g. colorization's KL-to-uniform). Built as graph ops with the {@link Ops} given
 * at call time, like TensorFlow Java's framework losses.
 */
@FunctionalInterface
public interface CostFamily {

    /** Per-sample cost, shape {@code [batch]}, for targets and outputs of shape {@code [batch, ...]}. */
    Operand<TFloat32> perSample(Ops tf, Operand<TFloat32> target, Operand<TFloat32> output);

    /** Extra scalar terms added to the H/G objective only, or {@code null} for none. */
    default Operand<TFloat32> extraTerms(Ops tf, Operand<TFloat32> target, Operand<TFloat32> output) {
        return null;
    }

    /** A short name recorded in the run config. */
    default String describe() {
        return "custom";
    }

    /**
     * This cost with its distance d replaced by {@code d} and its extra terms kept ({@link Distance#TASK}: this cost
     * itself). The default sums d over every element of each sample; a cost that weighs its elements (e.g.
     * colorization, which leaves L out) overrides it.
     */
    default CostFamily withDistance(Distance d) {
        if (d == Distance.TASK) {
            return this;
        }
        CostFamily extras = this;
        return new CostFamily() {
            @Override
            public Operand<TFloat32> perSample(Ops tf, Operand<TFloat32> target, Operand<TFloat32> output) {
                return sumPerSample(tf, d.of(tf, tf.math.sub(target, output)));
            }

            @Override
            public Operand<TFloat32> extraTerms(Ops tf, Operand<TFloat32> target, Operand<TFloat32> output) {
                return extras.extraTerms(tf, target, output);
            }

            @Override
            public String describe() {
                return d.id();
            }
        };
    }

    /** L1 summed over each sample's elements (paper default d). */
    static CostFamily l1() {
        return ((CostFamily) (tf, target, output) -> null).withDistance(Distance.L1);
    }

    /** Squared L2 summed over each sample's elements. */
    static CostFamily l2() {
        return ((CostFamily) (tf, target, output) -> null).withDistance(Distance.L2);
    }

    /** Sums every axis but the first (the batch axis) of {@code values}. */
    static Operand<TFloat32> sumPerSample(Ops tf, Operand<TFloat32> values) {
        int rank = values.shape().numDimensions();
        if (rank < 1) {
            throw new IllegalArgumentException("per-sample costs need a batch axis, got a scalar");
        }
        if (rank == 1) {
            return values;
        }
        int[] axes = new int[rank - 1];
        for (int i = 1; i < rank; i++) {
            axes[i - 1] = i;
        }
        return tf.reduceSum(values, tf.constant(axes));
    }
}
