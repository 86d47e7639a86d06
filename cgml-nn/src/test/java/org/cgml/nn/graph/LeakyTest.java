package org.cgml.nn.graph;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.nn.LeakyRelu;
import org.tensorflow.types.TFloat32;

/**
 * {@link Mlp#leaky} (max(0.2 a, a), which Grappler's remapper handles) gives the same bits as TensorFlow's LeakyRelu
 * op (which made the remapper fail behind a BiasAdd read by its gradient): values and gradients, at 0, at the
 * smallest and largest floats of both signs, and on random values (a zero may differ in sign only).
 */
class LeakyTest {
    @Test
    void sameBitsAsLeakyReluForwardAndBackward() {
        java.util.Random random = new java.util.Random(3);
        float[] a = new float[64];
        float[] g = new float[a.length];
        float[] special = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, 1f, -1f,
            1e-30f, -1e-30f, 3.3f, -7.1f};
        for (int i = 0; i < a.length; i++) {
            a[i] = i < special.length ? special[i] : (float) (random.nextGaussian() * Math.pow(10, random.nextInt(7) - 3));
            g[i] = (float) random.nextGaussian();
        }
        try (Graph graph = new Graph(); Session s = new Session(graph);
                TFloat32 av = TFloat32.vectorOf(a); TFloat32 gv = TFloat32.vectorOf(g)) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(a.length)));
            Placeholder<TFloat32> upstream = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(a.length)));
            Operand<TFloat32> ours = Mlp.leaky(tf, x);
            Operand<TFloat32> theirs = tf.nn.leakyRelu(x, LeakyRelu.alpha(0.2f));
            Gradients dOurs = tf.gradients(tf.math.mul(ours, upstream), List.of(x));
            Gradients dTheirs = tf.gradients(tf.math.mul(theirs, upstream), List.of(x));
            try (Result r = s.runner().feed(x, av).feed(upstream, gv).fetch(ours).fetch(theirs)
                    .fetch(dOurs.dy(0)).fetch(dTheirs.dy(0)).run()) {
                for (int i = 0; i < a.length; i++) {
                    for (int k : new int[] {0, 2}) {
                        float mine = ((TFloat32) r.get(k)).getFloat(i);
                        float tfs = ((TFloat32) r.get(k + 1)).getFloat(i);
                        boolean same = Float.floatToIntBits(mine) == Float.floatToIntBits(tfs)
                                || mine == 0f && tfs == 0f;     // the sign of a zero may differ
                        assertTrue(same, (k == 0 ? "value" : "gradient") + " at a = " + a[i] + ": " + mine + " vs "
                                + tfs);
                    }
                }
            }
        }
    }
}
