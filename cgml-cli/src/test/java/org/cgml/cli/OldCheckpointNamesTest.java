package org.cgml.cli;

import static org.cgml.cli.CliTest.cgml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run folder whose checkpoints were written as {@code step-N/} (before they were named by iteration) resumes with
 * {@code train --resume}: nothing is refused or cleared, and the resumed run's costs are the uninterrupted run's.
 * (The checkpoints are written by this version and renamed, their state's {@code iteration} written as {@code step}, as
 * earlier versions wrote them.)
 */
class OldCheckpointNamesTest {

    private static List<String> costs(Path run) throws Exception {
        return Files.readAllLines(run.resolve("metrics.csv")).stream().map(l -> {
            String[] f = l.split(",");
            return f[0] + "," + f[1];
        }).toList();
    }

    @Test
    void aRunWithStepNCheckpointsResumes(@TempDir Path tmp) throws Exception {
        Path straight = tmp.resolve("straight");
        CliTest.Outcome s = cgml("train", "--task", "toy", "--out", straight.toString(), "--iterations", "30",
                "--inner-steps", "2", "--checkpoint-every", "10");
        assertEquals(0, s.code(), s.err());

        // the same run, its last checkpoint lost as in a crash after iteration 20 (the toy's cosine schedule spans
        // the configured iterations, so the run is trained with the same --iterations)
        Path run = tmp.resolve("run");
        CliTest.Outcome t = cgml("train", "--task", "toy", "--out", run.toString(), "--iterations", "30",
                "--inner-steps", "2", "--checkpoint-every", "10");
        assertEquals(0, t.code(), t.err());
        org.cgml.nn.Folders.deleteTree(run.resolve("checkpoints").resolve("iteration-000000030"));
        Path checkpoints = run.resolve("checkpoints");
        for (int n : new int[] {10, 20}) { // as earlier versions wrote them
            String now = String.format("iteration-%09d", n);
            String old = String.format("step-%09d", n);
            Files.move(checkpoints.resolve(now), checkpoints.resolve(old));
            Path state = checkpoints.resolve(old).resolve("state.properties");
            String recorded = Files.readString(state);
            assertTrue(recorded.contains("\niteration=" + n + "\n"), recorded);
            Files.writeString(state, recorded.replace("\niteration=", "\nstep="));
        }
        Files.writeString(checkpoints.resolve("latest"), "step-000000020\n");
        Files.writeString(checkpoints.resolve("checkpoint"), "model_checkpoint_path: \"step-000000020/model\"\n"
                + "all_model_checkpoint_paths: \"step-000000020/model\"\n");

        CliTest.Outcome r = cgml("train", "--out", run.toString(), "--resume", "--iterations", "30");
        assertEquals(0, r.code(), r.err());
        assertFalse(r.err().contains("warning"), r.err());
        assertEquals("iteration-000000030", Files.readString(checkpoints.resolve("latest")).trim());
        assertTrue(Files.isDirectory(checkpoints.resolve("step-000000020")), "kept: three checkpoints are");
        assertEquals(costs(straight), costs(run));
    }
}
