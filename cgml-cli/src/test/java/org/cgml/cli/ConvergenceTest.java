package org.cgml.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What a resumed run keeps of its convergence.csv: whole rows of numbers up to its checkpoint. */
class ConvergenceTest {
    private static final String HEADER = "iteration,seconds,l1_best_of_k";

    @Test
    void aResumeKeepsWholeRowsUpToItsCheckpoint() {
        String text = HEADER + "\n0,0,0.5\n2,0.25,0.4\n4,0.5,0.3\n6,0.75,0.2\n";
        assertEquals(List.of(HEADER, "0,0,0.5", "2,0.25,0.4", "4,0.5,0.3"), Convergence.complete(text, 4));
        assertEquals(List.of(HEADER, "0,0,0.5", "2,0.25,0.4"), Convergence.complete(HEADER
                + "\n0,0,0.5\n2,0.25,0.4\n4,0.5", 4), "a row cut by a full disk or a kill is not kept");
        assertEquals(List.of(HEADER, "0,0,0.5"), Convergence.complete(HEADER + "\n0,0,0.5\n2,0.25\n4,0.5,0.3\n", 4),
                "nor a row short of fields, nor what follows it");
        assertEquals(List.of(HEADER, "0,0,0.5"), Convergence.complete(HEADER + "\n0,0,0.5\n2,0.25,abc\n", 4));
        assertEquals(List.of(), Convergence.complete("", 4));
    }
}
