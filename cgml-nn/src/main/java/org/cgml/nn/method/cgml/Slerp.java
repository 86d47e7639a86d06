package org.cgml.nn.method.cgml;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TFloat32;

/** The path from z_0 to z_l that Z's flow fit follows: the sphere's geodesic, or the straight line off the sphere. */
final class Slerp {
    private Slerp() {
    }

    /** A point z_s of the path at times s, and the path's velocity dz_s/ds there. */
    record Point(Operand<TFloat32> at, Operand<TFloat32> velocity) {
    }

    /**
     * z_s = (sin((1-s) th) z_0 + sin(s th) z_l) / sin th with th the angle between z_0 and z_l, and dz_s/ds =
     * th (cos(s th) z_l - cos((1-s) th) z_0) / sin th; off the sphere z_s = z_0 + s (z_l - z_0), dz_s/ds = z_l - z_0.
     */
    static Point of(Ops tf, Operand<TFloat32> z0, Operand<TFloat32> z1, Operand<TFloat32> s, boolean sphere) {
        if (!sphere) {
            return new Point(tf.math.add(z0, tf.math.mul(s, tf.math.sub(z1, z0))), tf.math.sub(z1, z0));
        }
        Operand<TFloat32> cos = tf.clipByValue(tf.reduceSum(tf.math.mul(z0, z1), tf.constant(1),
                ReduceSum.keepDims(true)), tf.constant(-0.999999f), tf.constant(0.999999f));
        Operand<TFloat32> th = tf.math.maximum(tf.math.acos(cos), tf.constant(1e-4f));
        Operand<TFloat32> sin = tf.math.sin(th);
        Operand<TFloat32> rest = tf.math.mul(tf.math.sub(tf.constant(1f), s), th);
        Operand<TFloat32> done = tf.math.mul(s, th);
        Operand<TFloat32> at = tf.math.div(tf.math.add(tf.math.mul(tf.math.sin(rest), z0),
                tf.math.mul(tf.math.sin(done), z1)), sin);
        Operand<TFloat32> velocity = tf.math.div(tf.math.mul(th, tf.math.sub(tf.math.mul(tf.math.cos(done), z1),
                tf.math.mul(tf.math.cos(rest), z0))), sin);
        return new Point(at, velocity);
    }
}
