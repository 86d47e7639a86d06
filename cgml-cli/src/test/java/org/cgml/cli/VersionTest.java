package org.cgml.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code cgml --version} says what a run's provenance records; {@code generate-completion} writes a bash script. */
class VersionTest {
    @Test
    void theVersionNamesTheCommitTensorFlowAndJava() {
        CliTest.Outcome o = CliTest.cgml("--version");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().startsWith("cgml "), o.out());
        assertTrue(o.out().contains("(git "), o.out());
        assertTrue(o.out().contains("TensorFlow " + org.tensorflow.TensorFlow.version()), o.out());
        assertTrue(o.out().contains("Java " + System.getProperty("java.version")), o.out());
    }

    @Test
    void completionIsABashScriptNamingTheCommands() {
        CliTest.Outcome o = CliTest.cgml("generate-completion");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("complete -F"), o.out().lines().limit(5).toList().toString());
        for (String command : new String[] {"train", "sample", "bench", "eval"}) {
            assertTrue(o.out().contains(command), command);
        }
        assertTrue(o.out().contains("(\"constant\" \"cosine\") # --schedule values"), "typed settings complete");
        assertTrue(o.out().contains("\"context-encoder\" \"cvae\") # --methods values"), "methods complete");
        assertTrue(o.out().contains("\"toy\") # --task values"), "tasks complete");
    }
}
