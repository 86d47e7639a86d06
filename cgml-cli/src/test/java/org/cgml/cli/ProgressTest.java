package org.cgml.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.cgml.nn.evaluation.Convergence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Progress to a stream that is not a terminal comes as whole lines, never redrawn with carriage returns. */
class ProgressTest {
    @Test
    void progressIntoAFileIsWholeLines(@TempDir Path tmp) throws Exception {
        CliTest.Outcome o = CliTest.cgml("train", "--task", "toy", "--out", tmp.resolve("run").toString(), "--iterations",
                "20", "--inner-steps", "2");
        assertEquals(0, o.code(), o.err());
        assertFalse(o.err().contains("\r"), "no carriage returns: " + o.err());
        assertTrue(o.err().lines().anyMatch(l -> l.contains("iteration 20/20") && l.contains("it/s")), o.err());
        Path run = tmp.resolve("run");
        java.util.List<String> curve = java.nio.file.Files.readAllLines(run.resolve(Convergence.FILE)).stream().toList();
        assertTrue(curve.get(0).startsWith("iteration,seconds,l1_first,l1_best_of_k"), curve.get(0));
        assertEquals(List.of("0", "1", "2"), curve.subList(1, 4).stream().map(l -> l.split(",")[0]).toList(),
                "held-out figures every twentieth of the run");
        assertTrue(java.nio.file.Files.exists(run.resolve("convergence.png")));
    }
}
