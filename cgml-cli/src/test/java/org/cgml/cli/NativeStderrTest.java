package org.cgml.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI as a user runs it: a separate JVM whose stderr is read at the level of the process (file descriptor 2,
 * where TensorFlow's C++ writes), not through Java's System.err. At default verbosity no TensorFlow line reaches
 * stderr; with --verbose they do; and an image task's graph no longer makes Grappler's remapper fail.
 */
class NativeStderrTest {
    /** A line of TensorFlow's native logging: absl's prefix (I0000 00:00:...), its pre-init warning, or a source path. */
    static final Pattern TENSORFLOW_LINE = Pattern.compile(
            "(?m)^([IWEF]\\d{4} \\d\\d:\\d\\d|WARNING: All log messages before absl|.*tensorflow/core/)");

    record Outcome(int code, String stdout, String stderr) {
    }

    /** Runs {@code cgml args} in a new JVM on this test's module path; TF_CPP_MIN_LOG_LEVEL removed. */
    static Outcome cgml(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(CliJvm.command());
        command.addAll(List.of(args));
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("TF_CPP_MIN_LOG_LEVEL");
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("cgml " + String.join(" ", args) + " did not finish");
        }
        return new Outcome(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void anImageRunPrintsOnlyOurLinesAndTheRemapperDoesNotFail(@TempDir Path dir) throws Exception {
        Outcome quiet = cgml(dir, "train", "--task", "template", "--out", dir.resolve("run").toString(),
                "--iterations", "2", "--batch-size", "4");
        assertEquals(0, quiet.code(), quiet.stderr());
        assertFalse(TENSORFLOW_LINE.matcher(quiet.stderr()).find(), "TensorFlow's log on stderr:\n" + quiet.stderr());
        assertTrue(quiet.stderr().contains("[cgml] iteration 2/2"), "our progress lines stay:\n" + quiet.stderr());

        Outcome verbose = cgml(dir, "train", "--verbose", "--task", "template", "--out",
                dir.resolve("run-verbose").toString(), "--iterations", "2", "--batch-size", "4");
        assertEquals(0, verbose.code(), verbose.stderr());
        assertTrue(TENSORFLOW_LINE.matcher(verbose.stderr()).find(), "--verbose shows TensorFlow's log:\n"
                + verbose.stderr());
        assertFalse(verbose.stderr().contains("remapper failed"), verbose.stderr());
        assertTrue(verbose.stderr().contains("[cgml] iteration 2/2"), verbose.stderr());
    }

    @Test
    void aToyRunPrintsNoTensorFlowLineAndOurErrorsStay(@TempDir Path dir) throws Exception {
        Outcome quiet = cgml(dir, "train", "--task", "toy", "--out", dir.resolve("run").toString(),
                "--iterations", "2");
        assertEquals(0, quiet.code(), quiet.stderr());
        assertFalse(TENSORFLOW_LINE.matcher(quiet.stderr()).find(), "TensorFlow's log on stderr:\n" + quiet.stderr());
        assertTrue(quiet.stderr().contains("iteration 2/2"), quiet.stderr());

        Outcome refused = cgml(dir, "sample", "--run", dir.resolve("no-such-run").toString(), "--modes", "2",
                "--csv", dir.resolve("s.csv").toString());
        assertEquals(2, refused.code(), refused.stderr());
        assertTrue(refused.stderr().startsWith("cgml: "), "our message is on stderr:\n" + refused.stderr());
    }
}
