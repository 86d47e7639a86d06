package org.cgml.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.graph.Mlp;
import org.cgml.nn.graph.ModelGraph;
import org.cgml.nn.graph.Tensors;
import org.cgml.nn.graph.Weights;
import org.cgml.nn.method.cgml.CgmlGraph;
import org.cgml.nn.toy.ToyTask;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.types.TFloat32;

/**
 * Initial weights are zero-mean with Glorot scale. (tensorflow-framework 1.1.0's Glorot UNIFORM draws from
 * [0, limit) only: all-positive weights made the toy's outputs explode to 1e4; this test guards against it.)
 */
class WeightsTest {
    @Test
    void initialWeightsAreZeroMeanWithGlorotScale() {
        TrainingConfig config = TrainingConfig.builder().set(TrainingConfig.ITERATIONS, 1L).set(TrainingConfig.THREADS, 1).build();
        CgmlGraph c = CgmlGraph.build(new ToyTask(), config);
        try (ModelGraph g = c.graph()) {
            Map<String, float[]> vars = g.variableValues();
            float[] w = vars.get("G_mlp1_w");
            double mean = 0;
            double sq = 0;
            for (float v : w) {
                mean += v;
                sq += v * v;
            }
            mean /= w.length;
            double rms = Math.sqrt(sq / w.length);
            assertTrue(Math.abs(mean) < 0.01, "mean " + mean);
            // Glorot: variance 2 / (fan_in + fan_out) = 1/128 -> rms about 0.088 (truncation lowers it a little)
            assertTrue(rms > 0.06 && rms < 0.1, "rms " + rms);
        }
    }

    @Test
    void aStoppedViewComputesTheSameNetworkPassingGradientsToItsInputOnly() {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Weights w = new Weights(tf, "E", 5, false);
            Mlp net = new Mlp(w, "mlp", 3, 4, 2, 2);
            Weights view = w.stopped();
            Mlp again = new Mlp(view, "mlp", 3, 4, 2, 2);
            assertTrue(view.variables().isEmpty(), "the view creates no variable");
            Operand<TFloat32> x = tf.constant(new float[][] {{0.5f, -1f, 2f}, {1f, 0.25f, -0.5f}});
            Operand<TFloat32> y = net.apply(tf, x);
            Operand<TFloat32> viewed = again.apply(tf, x);
            Operand<TFloat32> own = tf.reduceSum(tf.math.square(y), tf.constant(new int[] {0, 1}));
            Operand<TFloat32> both = tf.math.add(own, tf.reduceSum(tf.math.square(viewed), tf.constant(new int[] {0, 1})));
            Gradients ofOwn = tf.gradients(own, w.variables());
            Gradients ofBoth = tf.gradients(both, w.variables());
            Gradients toInput = tf.gradients(tf.reduceSum(tf.math.square(viewed), tf.constant(new int[] {0, 1})),
                    List.of(x));
            s.initialize();
            try (Result r = s.runner().fetch(y).fetch(viewed).fetch(toInput.dy(0)).run()) {
                assertArrayEquals(Tensors.read(r.get(0)), Tensors.read(r.get(1)), "the same network");
                float[] dx = Tensors.read(r.get(2));
                assertTrue(dx[0] != 0 || dx[1] != 0 || dx[2] != 0, "gradients reach the input");
            }
            for (int i = 0; i < w.variables().size(); i++) {
                try (Result r = s.runner().fetch(ofOwn.dy(i)).fetch(ofBoth.dy(i)).run()) {
                    assertArrayEquals(Tensors.read(r.get(0)), Tensors.read(r.get(1)),
                            "the view adds no gradient to weight " + i);
                }
            }
            assertThrows(IllegalStateException.class, () -> new Mlp(w.stopped(), "mlp", 3, 5, 2, 2),
                    "a different network on the view is refused");
            assertEquals(4, w.variables().size(), "two dense layers, weights and biases");
        }
    }
}
