package org.cgml.nn;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.toy.ToyTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run whose losses turn non-finite stops with a clear message and keeps only finite checkpoints. */
class DivergenceTest {

    @Test
    void stopsAtTheFirstNonFiniteLossAndSavesNothingOfIt(@TempDir Path dir) {
        ToyTask task = new ToyTask();
        TrainingConfig config = TrainingConfig.forTask(task).setIterations(50).optLearningRate(1e30f)
                .optDynamicsLearningRate(1e30f).optInnerSteps(2).optCheckpointEvery(1).build();
        Checkpoints ckpt = new Checkpoints(dir);
        try (Trainer t = new Trainer(task, task.data(1), config)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> t.fit(ckpt, java.util.List.of()));
            assertTrue(e.getMessage().contains("training diverged at iteration"), e.getMessage());
            assertTrue(t.diverged());
            long saved = ckpt.latestStep().orElse(0L);
            assertTrue(saved < 50 && saved == t.completedSteps(), "the last checkpoint is the last finite iteration: "
                    + saved + " of " + t.completedSteps());
        }
        if (ckpt.latest().isPresent()) {
            try (Trainer t = new Trainer(task, task.data(1), config)) {
                ckpt.restore(t);
                t.model().variableValues().forEach((name, v) -> {
                    for (float f : v) {
                        assertTrue(Float.isFinite(f), "finite weights in the kept checkpoint: " + name);
                    }
                });
            }
        }
    }
}
