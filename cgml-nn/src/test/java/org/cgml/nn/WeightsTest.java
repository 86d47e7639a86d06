package org.cgml.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.graph.ModelGraph;
import org.cgml.nn.method.cgml.CgmlGraph;
import org.cgml.nn.toy.ToyTask;
import org.junit.jupiter.api.Test;

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
}
