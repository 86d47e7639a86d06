package org.cgml.nn.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cgml.api.TrainingConfig;
import org.cgml.api.TrainingListener;
import org.cgml.nn.Method;
import org.cgml.nn.Trainer;
import org.cgml.nn.toy.ToyTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * metrics.csv keeps every row up to the latest checkpoint whatever kills the process, and holds the very floats each
 * iteration returned: a run killed between checkpoints (checkpoint_every not a multiple of the 50-row flush) and
 * resumed has one row per iteration, equal to those of a run never interrupted.
 */
class MetricsDurabilityTest {
    private static final ToyTask TASK = new ToyTask();
    private static final int ITERATIONS = 120;
    private static final int EVERY = 45;
    /** The iteration during which the process "dies": after the checkpoint at 90, before the next. */
    private static final int KILLED_AT = 92;

    private static TrainingConfig config() {
        return TrainingConfig.forTask(TASK).set(TrainingConfig.ITERATIONS, (long) ITERATIONS)
                .set(TrainingConfig.INNER_STEPS, 2).set(TrainingConfig.BATCH_SIZE, 16)
                .set(TrainingConfig.CHECKPOINT_EVERY, EVERY).build();
    }

    private static Run fresh(Path dir) {
        Run run = Run.create(dir);
        run.writeConfig(TASK, config(), Method.named("cgml", Method.installed()), Map.of(), "test");
        return run;
    }

    /** What a kill -9 leaves: the folder's files as they are on disk at this moment (Java's buffers are lost). */
    private static void snapshot(Path from, Path to) throws IOException {
        try (var s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
    }

    @Test
    void aRunKilledBetweenCheckpointsKeepsEveryRowUpToTheCheckpointAndResumesExactly(@TempDir Path tmp)
            throws Exception {
        // the run never interrupted: what each iteration returned
        Map<Long, TrainingListener.IterationInfo> straight = new TreeMap<>();
        TrainingListener recorder = new TrainingListener() {
            @Override
            public void onIteration(IterationInfo s) {
                straight.put(s.iteration(), s);
            }
        };
        try (Trainer t = new Trainer(TASK, TASK.data(config().get(TrainingConfig.SEED)), config())) {
            t.fit(List.of(recorder));
        }
        assertEquals(ITERATIONS, straight.size());

        // the same run, "killed" during iteration 92: its files as they are on disk then
        Path live = tmp.resolve("live");
        Path killed = tmp.resolve("killed");
        TrainingListener kill = new TrainingListener() {
            @Override
            public void onIteration(IterationInfo s) {
                if (s.iteration() == KILLED_AT) {
                    try {
                        snapshot(live, killed);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    throw new IllegalStateException("killed");
                }
            }
        };
        try (Trainer t = new Trainer(TASK, TASK.data(config().get(TrainingConfig.SEED)), config())) {
            Run run = fresh(live);
            assertThrows(IllegalStateException.class, () -> run.train(t, false, List.of(kill)));
        }
        assertEquals(Long.valueOf(90), Run.open(killed).checkpoints().latestIteration().orElseThrow());

        List<String> warnings = new ArrayList<>();
        try (Trainer t = new Trainer(TASK, TASK.data(config().get(TrainingConfig.SEED)), config())) {
            Run.open(killed).warnTo(warnings::add).train(t, true, List.of());
        }
        assertEquals(List.of(), warnings, "no row up to the checkpoint was lost");
        List<String> lines = Files.readAllLines(killed.resolve(Run.METRICS));
        assertEquals("iteration,cost,dynamics_loss,lipschitz,learning_rate,seconds", lines.get(0));
        assertEquals(ITERATIONS + 1, lines.size(), "one row per iteration, none lost, none twice");
        for (int i = 1; i <= ITERATIONS; i++) {
            String[] f = lines.get(i).split(",", -1);
            assertEquals(i, Long.parseLong(f[0]), "row " + i);
            TrainingListener.IterationInfo s = straight.get((long) i);
            // the very float each iteration returned (a resumed run continues bit for bit)
            assertEquals(s.cost(), Float.parseFloat(f[1]), 0f, "cost at " + i);
            assertEquals(s.dynamicsLoss(), Float.parseFloat(f[2]), 0f, "Z loss at " + i);
            assertEquals(s.lipschitz(), Float.parseFloat(f[3]), 0f, "Lipschitz term at " + i);
            assertEquals(s.learningRate(), Float.parseFloat(f[4]), 0f, "learning rate at " + i);
        }
    }

    @Test
    void aRowCutShortOrMissingIsDroppedWithOneWarningNotAnInternalError(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("metrics.csv");
        Files.writeString(file, "iteration,a,seconds\n1,0.5,0.1\n2,0.25,0.2\n2,0.25,0.2\n3,abc,0.3\n4,0.125,0.4\n5,0.1");
        List<String> warnings = new ArrayList<>();
        List<String> rows = Run.rowsUpTo(file, 5, true, warnings::add);
        assertEquals(List.of("iteration,a,seconds", "1,0.5,0.1", "2,0.25,0.2", "4,0.125,0.4"), rows,
                "the repeated row, the damaged one and the one cut short are dropped");
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("lacks 2 of the rows up to iteration 5"), warnings.get(0));
        assertEquals(List.of("iteration,a,seconds", "1,0.5,0.1"), Run.rowsUpTo(file, 1, true, warnings::add));
    }
}
