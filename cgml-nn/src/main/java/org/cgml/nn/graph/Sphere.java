package org.cgml.nn.graph;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TFloat32;

/** Per-sample operations on latent batches {@code [batch, n]} (never normalised over the batch). */
public final class Sphere {
    private static final float EPS = 1e-12f;

    private Sphere() {
    }

    /** Euclidean norm of each row, shape {@code [batch, 1]}. */
    public static Operand<TFloat32> norms(Ops tf, Operand<TFloat32> z) {
        return tf.math.sqrt(tf.math.add(tf.reduceSum(tf.math.square(z), tf.constant(1), ReduceSum.keepDims(true)),
                tf.constant(EPS)));
    }

    /** proj(z): each row divided by its own norm, onto S^(n-1). */
    public static Operand<TFloat32> project(Ops tf, Operand<TFloat32> z) {
        return tf.math.div(z, norms(tf, z));
    }

    /** Java-side projection of row-major rows of length n, in place. */
    public static void project(float[] z, int n) {
        for (int off = 0; off < z.length; off += n) {
            double s = 0;
            for (int j = 0; j < n; j++) {
                s += (double) z[off + j] * z[off + j];
            }
            float inv = (float) (1.0 / Math.sqrt(s + EPS));
            for (int j = 0; j < n; j++) {
                z[off + j] *= inv;
            }
        }
    }
}
