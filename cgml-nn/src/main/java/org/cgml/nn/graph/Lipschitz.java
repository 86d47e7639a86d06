package org.cgml.nn.graph;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The pieces of the Lipschitz penalty of paper section 3.2 and of Z's L1 fit, built with the {@link Ops} given at call
 * time: one penalty function serves G and Z.
 */
public final class Lipschitz {
    private Lipschitz() {
    }

    /**
     * sum_j |a_j - b_j| per sample for each pair (a, b) of outputs, the pairs' sums added: the L1 distance of a
     * (multi-headed) output. Pairs come flat: {@code a1, b1, a2, b2, ...}; each is {@code [batch, ...]}.
     */
    @SafeVarargs
    public static Operand<TFloat32> l1PerSample(Ops tf, Operand<TFloat32>... pairs) {
        Operand<TFloat32> sum = null;
        for (int i = 0; i < pairs.length; i += 2) {
            Operand<TFloat32> d = tf.math.abs(tf.math.sub(pairs[i], pairs[i + 1]));
            int rank = pairs[i].shape().numDimensions();
            if (rank > 2) { // [batch, h, w, c] -> [batch, h w c]
                long perSample = 1;
                for (int k = 1; k < rank; k++) {
                    perSample *= pairs[i].shape().get(k);
                }
                if (perSample <= 0) {
                    throw new IllegalArgumentException("outputs need a static per-sample shape, got " + pairs[i].shape());
                }
                d = tf.reshape(d, tf.constant(new long[] {-1, perSample}));
            }
            Operand<TFloat32> s = rank > 1 ? tf.reduceSum(d, tf.constant(1)) : d;
            sum = sum == null ? s : tf.math.add(sum, s);
        }
        return sum;
    }

    /** lambda E_i ||f(u_i + e_i) - f(u_i)||_1, e ~ N(0, sigma^2), from the per-sample distances of f's outputs. */
    public static Operand<TFloat32> penalty(Ops tf, float lambda, Operand<TFloat32> perSampleDistance) {
        return tf.math.mul(tf.constant(lambda), tf.math.mean(perSampleDistance, tf.constant(0)));
    }
}
