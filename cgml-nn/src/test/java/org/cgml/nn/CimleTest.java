package org.cgml.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.cgml.api.CostFamily;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.method.cimle.Cimle;
import org.junit.jupiter.api.Test;

/** Conditional IMLE keeps, per sample, the candidate code whose output is nearest the target. */
class CimleTest {

    @Test
    void keepsTheNearestOfItsCandidates() {
        SyntheticTask task = SyntheticTask.vectors(2, 3, 3, CostFamily.l1());
        TrainingConfig config = TrainingConfig.builder().set(TrainingConfig.ITERATIONS, 5L)
                .set(TrainingConfig.BATCH_SIZE, 4).set(TrainingConfig.THREADS, 1)
                .set(TrainingConfig.METHOD, "cimle").set(Cimle.SAMPLES, 6).build();
        int batch = 4;
        int m = 6;
        SplittableRandom rng = new SplittableRandom(11);
        float[] x = new float[batch * 2];
        float[] y = new float[batch * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextDouble(-1, 1);
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) rng.nextDouble(-1, 1);
        }
        try (Cimle.Model model = new Cimle().build(task, config)) {
            float[] candidates = model.candidates(3, batch);
            assertEquals(m * batch * 3, candidates.length);
            float[] kept = model.nearest(x, y, batch, 3);
            // brute force: G at every candidate, L1 to the target, the smallest
            Sampler sampler = model.sampler();
            for (int i = 0; i < batch; i++) {
                double best = Double.POSITIVE_INFINITY;
                float[] bestCode = null;
                double second = Double.POSITIVE_INFINITY;
                for (int j = 0; j < m; j++) {
                    float[] code = Arrays.copyOfRange(candidates, (j * batch + i) * 3, (j * batch + i + 1) * 3);
                    float[] out = sampler.generate(Arrays.copyOfRange(x, i * 2, i * 2 + 2), code, 1);
                    double cost = 0;
                    for (int k = 0; k < 3; k++) {
                        cost += Math.abs(out[k] - y[i * 3 + k]);
                    }
                    if (cost < best) {
                        second = best;
                        best = cost;
                        bestCode = code;
                    } else {
                        second = Math.min(second, cost);
                    }
                }
                assertTrue(second - best > 1e-5, "a clear nearest for sample " + i);
                assertArrayEquals(bestCode, Arrays.copyOfRange(kept, i * 3, i * 3 + 3), "sample " + i);
            }
        }
    }

    @Test
    void trainsAndResumesBitForBit(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        SyntheticTask task = SyntheticTask.vectors(2, 3, 3, CostFamily.l1());
        TrainingConfig config = TrainingConfig.builder().set(TrainingConfig.ITERATIONS, 6L)
                .set(TrainingConfig.BATCH_SIZE, 4).set(TrainingConfig.THREADS, 1)
                .set(TrainingConfig.METHOD, "cimle").set(Cimle.SAMPLES, 4).set(TrainingConfig.CHECKPOINT_EVERY, 3)
                .build();
        java.util.Map<String, float[]> straight;
        try (Trainer t = new Trainer(task, task.data(1), config)) {
            t.fit(null, java.util.List.of());
            straight = t.model().variableValues();
        }
        Checkpoints ckpt = new Checkpoints(dir);
        try (Trainer t = new Trainer(task, task.data(1), config.toBuilder().set(TrainingConfig.ITERATIONS, 3L)
                .build())) {
            t.fit(ckpt, java.util.List.of());
        }
        try (Trainer t = new Trainer(task, task.data(1), config)) {
            ckpt.restore(t);
            t.fit(null, java.util.List.of());
            java.util.Map<String, float[]> resumed = t.model().variableValues();
            assertEquals(straight.keySet(), resumed.keySet());
            straight.forEach((k, v) -> assertArrayEquals(v, resumed.get(k), k));
        }
    }
}
