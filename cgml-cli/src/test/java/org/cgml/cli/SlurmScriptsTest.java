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

    /** A bench folder's name with what bash and SLURM's directives would read otherwise than meant. */
    static final String AWKWARD = "a bench $HOME \"q\" 'a' `b` \\ c";

    @Test
    void theJobsNameAnyFolderExactly(@TempDir Path tmp) throws Exception {
        Path out = Files.createDirectories(tmp.resolve(AWKWARD));
        Path dir = Files.createDirectories(out.resolve(SlurmBench.FOLDER));
        List<String> failing = List.of("bash", "-c", "pwd >where.txt; exit 3", "cgml");
        String cells = SlurmBench.cellsScript("toy", out, tmp.resolve("work dir $x").toString(), failing);
        String merge = SlurmBench.mergeScript("toy", out, tmp.resolve("work dir $x").toString(), failing);
        for (String script : List.of(cells, merge)) {
            for (String directive : script.lines().filter(l -> l.startsWith("#SBATCH")).toList()) {
                assertTrue(directive.matches("#SBATCH --[a-z-]+(=\\S+)?"), "sbatch reads a directive to its first space: "
                        + directive);
            }
        }
        Path work = Files.createDirectories(tmp.resolve("work dir $x")); // where the bench was submitted from
        Path file = Files.writeString(dir.resolve("cells.sh"), cells);
        ProcessBuilder pb = new ProcessBuilder("bash", file.toString()).redirectErrorStream(true).directory(dir.toFile());
        pb.environment().put("SLURM_ARRAY_TASK_ID", "0");
        Process job = pb.start();
        String printed = new String(job.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(job.waitFor(30, TimeUnit.SECONDS));
        assertEquals(3, job.exitValue(), printed);
        assertEquals(Bench.FAILED + "cgml exited with code 3 (SLURM's output of the task: " + dir + "/cell-0.out)",
                CellState.lastLine(Bench.cellLog(out, 0)));
        assertEquals(work.toString(), Files.readString(work.resolve("where.txt")).strip(),
                "cgml runs where the bench was submitted from");

        Files.delete(work.resolve("where.txt"));
        Files.delete(work); // the checkout moved away since the submission
        Process gone = pb.start();
        gone.getInputStream().readAllBytes();
        assertTrue(gone.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, gone.exitValue());
        assertEquals(Bench.FAILED + "cannot enter " + work + ", the folder the bench was submitted from",
                CellState.lastLine(Bench.cellLog(out, 0)));
    }

    @Test
    void aJobRefusesJarsThatChangedSinceSubmission(@TempDir Path tmp) throws Exception {
        Path lib = Files.createDirectories(tmp.resolve("lib"));
        Path jar = Files.writeString(lib.resolve("a.jar"), "first build");
        Path main = Files.writeString(tmp.resolve("cli.jar"), "the cli");
        Path out = Files.createDirectories(tmp.resolve(AWKWARD));
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
        assertTrue(last.contains(out.resolve(SlurmBench.FOLDER).resolve(SlurmBench.JARS).toString()), last);
        assertTrue(Files.readString(log, StandardCharsets.UTF_8).lines().count() == 1);
    }
}
