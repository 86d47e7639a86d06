package org.cgml.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.cgml.api.CostFamily;
import org.cgml.api.TaskData;
import org.cgml.api.TrainingConfig;
import org.junit.jupiter.api.Test;

/** The oracle codes of Algorithm 1's inner loop (Cgml.Model.latentFit) and G at given codes (Sampler.generate). */
class LatentFitTest {

    @Test
    void innerStepsLowerTheCostOfGivenTargetsAndGenerateUsesTheCodes() {
        SyntheticTask task = SyntheticTask.vectors(2, 3, 4, CostFamily.l1());
        TaskData data = task.data(1);
        TrainingConfig config = TrainingConfig.builder().set(TrainingConfig.ITERATIONS, 1L)
                .set(TrainingConfig.THREADS, 1).set(TrainingConfig.BATCH_SIZE, 8)
                .set(TrainingConfig.INNER_STEPS, 20).set(TrainingConfig.BETA, 0.1f)
                .set(TrainingConfig.LIPSCHITZ, TrainingConfig.Lipschitz.NONE).build();
        int count = 50;
        SplittableRandom rng = new SplittableRandom(3);
        float[] x = new float[count * 2];
        float[] y = new float[count * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        try (Trainer trainer = new Trainer(task, data, config)) {
            float[] z = ((org.cgml.nn.method.cgml.Cgml.Model) trainer.model()).latentFit(x, y, count, 5);
            assertArrayEquals(z, ((org.cgml.nn.method.cgml.Cgml.Model) trainer.model()).latentFit(x, y, count, 5), "seeded");
            for (int i = 0; i < count; i++) {
                double norm = 0;
                for (int k = 0; k < 4; k++) {
                    norm += z[i * 4 + k] * z[i * 4 + k];
                }
                assertEquals(1, Math.sqrt(norm), 1e-5, "codes stay on the sphere");
            }
            Sampler sampler = trainer.sampler();
            float[] fitted = sampler.generate(x, z, count);
            float[] start = new float[count * 4];
            SplittableRandom r2 = new SplittableRandom(9);
            for (int i = 0; i < start.length; i++) {
                start[i] = (float) r2.nextGaussian();
            }
            org.cgml.nn.graph.Sphere.project(start, 4);
            float[] random = sampler.generate(x, start, count);
            assertTrue(l1(fitted, y) < l1(random, y), "fitted codes " + l1(fitted, y) + " vs random " + l1(random, y));
            assertThrows(IllegalArgumentException.class, () -> sampler.generate(x, z, count + 1));
        }
    }

    /** With m search starts, each sample's search begins at the drawn code of lowest cost, and ends no worse. */
    @Test
    void searchStartsLowerTheCostOfTheCodesFound() {
        SyntheticTask task = SyntheticTask.vectors(2, 3, 4, CostFamily.l1());
        TaskData data = task.data(1);
        TrainingConfig.Builder b = TrainingConfig.builder().set(TrainingConfig.ITERATIONS, 1L)
                .set(TrainingConfig.THREADS, 1).set(TrainingConfig.BATCH_SIZE, 8)
                .set(TrainingConfig.INNER_STEPS, 2).set(TrainingConfig.BETA, 0.05f)
                .set(TrainingConfig.LIPSCHITZ, TrainingConfig.Lipschitz.NONE);
        int count = 64;
        float[][] xy = pairs(task, data, count);
        try (Trainer one = new Trainer(task, data, b.build());
             Trainer many = new Trainer(task, data, b.set(TrainingConfig.SEARCH_STARTS, 16).build())) {
            float[] z1 = ((org.cgml.nn.method.cgml.Cgml.Model) one.model()).latentFit(xy[0], xy[1], count, 5);
            float[] z16 = ((org.cgml.nn.method.cgml.Cgml.Model) many.model()).latentFit(xy[0], xy[1], count, 5);
            double c1 = l1(one.sampler().generate(xy[0], z1, count), xy[1]);
            double c16 = l1(many.sampler().generate(xy[0], z16, count), xy[1]);
            assertTrue(c16 < c1, "16 starts " + c16 + " vs 1 start " + c1);
        }
    }

    private static float[][] pairs(org.cgml.api.Task task, TaskData data, int count) {
        org.cgml.api.Batches batches = new org.cgml.api.Batches(data.train(), task.inputSize(), task.outputSize(), 1);
        float[] x = new float[count * task.inputSize()];
        float[] y = new float[count * task.outputSize()];
        batches.next(count, x, y);
        return new float[][] {x, y};
    }

    private static double l1(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += Math.abs(a[i] - b[i]);
        }
        return s / a.length;
    }
}
