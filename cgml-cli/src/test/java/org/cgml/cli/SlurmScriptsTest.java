package org.cgml.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SLURM jobs' scripts without a cluster: a job whose jars changed since the bench was submitted (the checkout
 * built again) stops before it starts cgml, with a {@code failed:} line in the cell's log; with the same jars it goes on.
 */
class SlurmScriptsTest {
    private static int run(String script) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return p.exitValue();
    }

    @Test
    void aJobRefusesJarsThatChangedSinceSubmission(@TempDir Path tmp) throws Exception {
        Path lib = Files.createDirectories(tmp.resolve("lib"));
        Path jar = Files.writeString(lib.resolve("a.jar"), "first build");
        Path main = Files.writeString(tmp.resolve("cli.jar"), "the cli");
        Path out = Files.createDirectories(tmp.resolve("bench"));
        Files.createDirectories(out.resolve(SlurmBench.FOLDER));
        List<String> command = List.of("java", "--module-path", main + java.io.File.pathSeparator + lib, "-m", "x/y");
        String sums = SlurmBench.fingerprints(command);
        assertEquals(2, sums.lines().count(), sums);
        Files.writeString(out.resolve(SlurmBench.FOLDER).resolve(SlurmBench.JARS), sums);
        Path log = Bench.cellLog(out, 0);
        String check = "log=" + SlurmBench.quote(log.toString()) + "\n" + SlurmBench.sameJars(out, "\"$log\"")
                + "exit 0\n";

        assertEquals(0, run(check), "the same jars: the job goes on");
        Files.writeString(jar, "built again");
        assertEquals(1, run(check), "a changed jar: the job stops");
        String last = CellState.lastLine(log);
        assertTrue(last.startsWith(Bench.FAILED + "the jars on this bench's module path changed"), last);
        assertTrue(Files.readString(log, StandardCharsets.UTF_8).lines().count() == 1);
    }
}
