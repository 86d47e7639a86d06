package org.cgml.nn.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cgml.nn.run.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a resumed run keeps of its convergence.csv: whole rows of numbers up to its checkpoint, each once. */
class ConvergenceTest {
    private static final String HEADER = "iteration,seconds,l1_best_of_k";

    @TempDir
    Path dir;

    private List<String> kept(String text, long step) throws IOException {
        Path file = dir.resolve("convergence.csv");
        Files.writeString(file, text);
        return Run.rowsUpTo(file, step, false, w -> { });
    }

    @Test
    void aResumeKeepsWholeRowsUpToItsCheckpoint() throws IOException {
        assertEquals(List.of(HEADER, "0,0,0.5", "2,0.25,0.4", "4,0.5,0.3"),
                kept(HEADER + "\n0,0,0.5\n2,0.25,0.4\n4,0.5,0.3\n6,0.75,0.2\n", 4));
        assertEquals(List.of(HEADER, "0,0,0.5", "2,0.25,0.4"), kept(HEADER + "\n0,0,0.5\n2,0.25,0.4\n4,0.5", 4),
                "a row cut by a full disk or a kill is not kept");
        assertEquals(List.of(HEADER, "0,0,0.5", "4,0.5,0.3"), kept(HEADER + "\n0,0,0.5\n2,0.25\n4,0.5,0.3\n", 4),
                "nor a row short of fields");
        assertEquals(List.of(HEADER, "0,0,0.5"), kept(HEADER + "\n0,0,0.5\n2,0.25,abc\n", 4), "nor one holding no number");
        assertEquals(List.of(HEADER, "0,0,0.5", "2,0.25,0.4"), kept(HEADER + "\n0,0,0.5\n2,0.25,0.4\n2,0.25,0.4\n", 4),
                "nor a repeated iteration");
        assertEquals(List.of(), kept("", 4));
    }
}
