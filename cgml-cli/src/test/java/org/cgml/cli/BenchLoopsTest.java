package org.cgml.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cgml.api.Batches;
import org.cgml.api.Task;
import org.cgml.api.TaskData;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.Latents;
import org.cgml.nn.SyntheticTask;
import org.cgml.nn.Trainer;
import org.cgml.nn.method.cgml.Cgml;
import org.junit.jupiter.api.Test;

/** The inner loops the speed bench times walk the same path as cGML's own, unrolled in one graph run. */
class BenchLoopsTest {

    @Test
    void theUnrolledInnerLoopMatchesTheStepwiseAndTheNaiveOnes() {
        SyntheticTask task = SyntheticTask.images(16, 1, 1, 4, 3);
        TaskData data = task.data(1);
        TrainingConfig config = TrainingConfig.builder().set(TrainingConfig.ITERATIONS, 1L).set(TrainingConfig.THREADS, 1).set(TrainingConfig.BATCH_SIZE, 4)
                .set(TrainingConfig.INNER_STEPS, 6).set(TrainingConfig.SEARCH_STARTS, 1).set(TrainingConfig.BETA, 0.5f).build();
        float[][] xy = pairs(task, data, 10);
        try (Trainer unrolled = new Trainer(task, data, config); Trainer stepwise = new Trainer(task, data, config);
             Trainer naive = new Trainer(task, data, config)) {
            Cgml.Model a = (Cgml.Model) unrolled.model();
            Cgml.Model b = ((Cgml.Model) stepwise.model()).innerSearch(BenchLoops.stepwise());
            Cgml.Model c = ((Cgml.Model) naive.model()).innerSearch(BenchLoops.naive());
            float[] za = a.latentFit(xy[0], xy[1], 10, 3);
            float[] zb = b.latentFit(xy[0], xy[1], 10, 3);
            float[] zc = c.latentFit(xy[0], xy[1], 10, 3);
            float[] z0 = Latents.draw(3 ^ Latents.TRAINING_STREAM, 0, 4, 3, true);
            assertTrue(Math.abs(za[0] - z0[0]) + Math.abs(za[1] - z0[1]) > 1e-3, "the codes moved");
            assertArrayEquals(zb, za, 1e-5f);
            assertArrayEquals(zc, za, 1e-5f);
        }
    }

    private static float[][] pairs(Task task, TaskData data, int count) {
        Batches batches = new Batches(data.train(), task.inputSize(), task.outputSize(), 1);
        float[] x = new float[count * task.inputSize()];
        float[] y = new float[count * task.outputSize()];
        batches.next(count, x, y);
        return new float[][] {x, y};
    }
}
