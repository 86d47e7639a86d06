package org.cgml.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.toy.ToyTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run whose losses turn non-finite stops with a clear message and keeps only finite checkpoints. */
class DivergenceTest {

    /**
     * Three sound iterations with a checkpoint each, then the run resumed at a learning rate of 1e30: it diverges,
     * says so, and the checkpoint it leaves is the last finite iteration's, whose weights are all finite.
     */
    @Test
    void stopsAtTheFirstNonFiniteLossAndSavesNothingOfIt(@TempDir Path dir) {
        ToyTask task = new ToyTask();
        TrainingConfig sound = TrainingConfig.forTask(task).set(TrainingConfig.ITERATIONS, 3L)
                .set(TrainingConfig.INNER_STEPS, 2).set(TrainingConfig.CHECKPOINT_EVERY, 1)
                .build();
        TrainingConfig config = sound.toBuilder().set(TrainingConfig.ITERATIONS, 50L)
                .set(TrainingConfig.LEARNING_RATE, 1e30f)
                .set(TrainingConfig.DYNAMICS_LEARNING_RATE, 1e30f).build();
        Checkpoints ckpt = new Checkpoints(dir);
        try (Trainer t = new Trainer(task, task.data(1), sound)) {
            t.fit(ckpt, java.util.List.of());
        }
        assertEquals(3L, ckpt.latestIteration().orElseThrow(), "three sound iterations saved");
        long diverged;
        try (Trainer t = new Trainer(task, task.data(1), config)) {
            ckpt.restore(t);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> t.fit(ckpt, java.util.List.of()));
            assertTrue(e.getMessage().contains("training diverged"), e.getMessage());
            assertTrue(t.diverged());
            diverged = t.completedIterations();
            assertTrue(diverged >= 3 && diverged < 50, "diverged after the restored step: " + diverged);
        }
        assertEquals(diverged, ckpt.latestIteration().orElseThrow(),
                "the last checkpoint is the last finite iteration's");
        try (Trainer t = new Trainer(task, task.data(1), config)) {
            assertEquals(diverged, ckpt.restore(t));
            int checked = 0;
            for (var v : t.model().variableValues().entrySet()) {
                for (float f : v.getValue()) {
                    assertTrue(Float.isFinite(f), "finite weights in the kept checkpoint: " + v.getKey());
                    checked++;
                }
            }
            assertTrue(checked > 1000, "the toy model's weights were read: " + checked);
        }
    }
}
