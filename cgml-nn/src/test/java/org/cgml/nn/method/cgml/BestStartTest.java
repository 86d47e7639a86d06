package org.cgml.nn.method.cgml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.cgml.api.CostFamily;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.Latents;
import org.cgml.nn.Sampler;
import org.cgml.nn.SyntheticTask;
import org.cgml.nn.graph.ModelGraph;
import org.cgml.nn.graph.Tensors;
import org.junit.jupiter.api.Test;
import org.tensorflow.Result;
import org.tensorflow.types.TFloat32;

/**
 * cGML's best-of-m start (search_starts = m): of the m prior codes drawn per sample, the inner loop starts from the
 * one of lowest cost E, checked by brute force (G at every code, L1 to the target, the smallest), as CimleTest
 * checks conditional IMLE's choice.
 */
class BestStartTest {

    @Test
    void theInnerLoopStartsFromTheArgminOfTheCostOverTheMPriorCodes() {
        int batch = 5;
        int m = 6;
        int n = 3;
        SyntheticTask task = SyntheticTask.vectors(2, 3, n, CostFamily.l1());
        TrainingConfig config = TrainingConfig.builder().set(TrainingConfig.ITERATIONS, 5L)
                .set(TrainingConfig.BATCH_SIZE, batch).set(TrainingConfig.THREADS, 1)
                .set(TrainingConfig.INNER_STEPS, 2).set("search_starts", Integer.toString(m)).build();
        SplittableRandom rng = new SplittableRandom(17);
        float[] x = new float[batch * 2];
        float[] y = new float[batch * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextDouble(-1, 1);
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) rng.nextDouble(-1, 1);
        }
        float[] codes = Latents.draw(new SplittableRandom(5), m * batch, n, true); // start-major: row j * batch + i
        try (Cgml.Model model = new Cgml().build(task, config)) {
            CgmlGraph.InnerLoop loop = model.cgml().innerLoop(config.get(TrainingConfig.INNER_STEPS), m);
            ModelGraph graph = model.graph();
            float[] from;
            try (TFloat32 xt = Tensors.of(x, batch, 2); TFloat32 yt = Tensors.of(y, batch, 3);
                 TFloat32 zt = Tensors.of(codes, m * batch, n);
                 Result r = graph.session().runner().feed(graph.x(), xt).feed(graph.y(), yt)
                         .feed(graph.z(), zt).fetch(loop.from()).run()) {
                from = Tensors.read(r.get(0));
            }
            assertEquals(config.get(TrainingConfig.INNER_STEPS) * batch * n, from.length, "records (z_t), t-major");
            Sampler sampler = model.sampler();
            int notFirst = 0;
            for (int i = 0; i < batch; i++) {
                double best = Double.POSITIVE_INFINITY;
                double second = Double.POSITIVE_INFINITY;
                int arg = -1;
                double[] costs = costs(sampler, x, y, codes, i, m, batch, n);
                for (int j = 0; j < m; j++) {
                    double cost = costs[j];
                    if (cost < best) {
                        second = best;
                        best = cost;
                        arg = j;
                    } else {
                        second = Math.min(second, cost);
                    }
                }
                assertTrue(second - best > 1e-5, "a clear best start for sample " + i);
                notFirst += arg != 0 ? 1 : 0;
                assertArrayEquals(Arrays.copyOfRange(codes, (arg * batch + i) * n, (arg * batch + i + 1) * n),
                        Arrays.copyOfRange(from, i * n, (i + 1) * n), "z_0 of sample " + i + ": start " + arg);
            }
            assertTrue(notFirst > 0, "some sample's best start is not its first code");
        }
    }

    @Test
    void withoutInnerStepsGIsFittedAtTheBestOfTheMStarts() {
        int count = 6;
        int m = 8;
        int n = 3;
        long seed = 23;
        SyntheticTask task = SyntheticTask.vectors(2, 3, n, CostFamily.l1());
        TrainingConfig config = TrainingConfig.builder().set(TrainingConfig.ITERATIONS, 5L)
                .set(TrainingConfig.BATCH_SIZE, count).set(TrainingConfig.THREADS, 1)
                .set(TrainingConfig.INNER_STEPS, 0).set(TrainingConfig.SEARCH_STARTS, m).build();
        SplittableRandom rng = new SplittableRandom(29);
        float[] x = new float[count * 2];
        float[] y = new float[count * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextDouble(-1, 1);
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) rng.nextDouble(-1, 1);
        }
        float[] codes = Latents.draw(seed ^ Latents.TRAINING_STREAM, 0, m * count, n, true); // what latentFit draws
        try (Cgml.Model model = new Cgml().build(task, config)) {
            float[] fitted = model.latentFit(x, y, count, seed);
            Sampler sampler = model.sampler();
            int notFirst = 0;
            for (int i = 0; i < count; i++) {
                double best = Double.POSITIVE_INFINITY;
                int arg = -1;
                double[] costs = costs(sampler, x, y, codes, i, m, count, n);
                for (int j = 0; j < m; j++) {
                    double cost = costs[j];
                    if (cost < best) {
                        best = cost;
                        arg = j;
                    }
                }
                notFirst += arg != 0 ? 1 : 0;
                assertArrayEquals(Arrays.copyOfRange(codes, (arg * count + i) * n, (arg * count + i + 1) * n),
                        Arrays.copyOfRange(fitted, i * n, (i + 1) * n), "sample " + i + ": start " + arg);
            }
            assertTrue(notFirst > 0, "some sample's best start is not its first code");
        }
    }

    /** L1 between sample i's target and G at each of its m codes (start-major: row j * rows + i), by brute force. */
    private static double[] costs(Sampler sampler, float[] x, float[] y, float[] codes, int i, int m, int rows, int n) {
        double[] costs = new double[m];
        for (int j = 0; j < m; j++) {
            float[] code = Arrays.copyOfRange(codes, (j * rows + i) * n, (j * rows + i + 1) * n);
            float[] out = sampler.generate(Arrays.copyOfRange(x, i * 2, i * 2 + 2), code, 1);
            for (int k = 0; k < 3; k++) {
                costs[j] += Math.abs(out[k] - y[i * 3 + k]);
            }
        }
        return costs;
    }
}
