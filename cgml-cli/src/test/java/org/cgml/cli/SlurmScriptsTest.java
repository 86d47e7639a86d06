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
    void theJobsRunACopyOfTheBuildTheyWereSubmittedWith(@TempDir Path tmp) throws Exception {
        Path jar = Files.writeString(tmp.resolve("cgml-cli-0.1.0-SNAPSHOT.jar"), "the cli, first build");
        Path libs = Files.createDirectories(tmp.resolve("lib"));
        Files.writeString(libs.resolve("guice-7.0.0.jar"), "a dependency");
        Files.writeString(libs.resolve("notes.txt"), "not a jar");
        Path exploded = Files.createDirectories(tmp.resolve("classes"));
        Files.writeString(exploded.resolve("module-info.class"), "module");
        Files.writeString(Files.createDirectories(exploded.resolve("org").resolve("x")).resolve("Y.class"), "a class");
        String path = String.join(java.io.File.pathSeparator, jar.toString(), libs.toString(), exploded.toString(),
                tmp.resolve("missing").toString());
        List<String> command = List.of("java", "-Dx=1", "--module-path", path, "-m", "org.cgml.cli/org.cgml.cli.Main");
        Path lib = tmp.resolve("bench").resolve(SlurmBench.FOLDER).resolve(SlurmBench.LIB);

        List<String> copy = SlurmBench.snapshot(command, lib);
        assertEquals(command.subList(0, 3), copy.subList(0, 3));
        assertEquals(command.subList(4, 6), copy.subList(4, 6));
        List<Path> entries = java.util.Arrays.stream(copy.get(3).split(java.io.File.pathSeparator))
                .map(Path::of).toList();
        assertEquals(3, entries.size(), copy.get(3));
        entries.forEach(e -> assertTrue(e.startsWith(lib), e + " is in the copy"));
        assertEquals("cgml-cli-0.1.0-SNAPSHOT.jar", entries.get(0).getFileName().toString(), "names kept");
        assertEquals("the cli, first build", Files.readString(entries.get(0)));
        assertEquals("a dependency", Files.readString(entries.get(1).resolve("guice-7.0.0.jar")));
        assertTrue(Files.notExists(entries.get(1).resolve("notes.txt")), "only jars of a folder of jars");
        assertEquals("a class", Files.readString(entries.get(2).resolve("org").resolve("x").resolve("Y.class")));

        Files.writeString(jar, "the cli, built again"); // the checkout built again while the jobs wait
        assertEquals("the cli, first build", Files.readString(entries.get(0)), "the jobs' copy is not the checkout's");

        List<String> again = SlurmBench.snapshot(command, lib); // submitted again: the copy replaced
        assertEquals("the cli, built again", Files.readString(Path.of(again.get(3).split(java.io.File.pathSeparator)[0])));

        Path foreign = Files.writeString(lib.resolve("mine.txt"), "somebody's");
        UserError refused = org.junit.jupiter.api.Assertions.assertThrows(UserError.class,
                () -> SlurmBench.snapshot(command, lib));
        assertTrue(refused.getMessage().contains("did not copy there"), refused.getMessage());
        assertEquals("somebody's", Files.readString(foreign), "nothing of anyone else's touched");
        assertEquals("the cli, built again", Files.readString(Path.of(again.get(3).split(java.io.File.pathSeparator)[0])),
                "nothing changed by a refused submission");
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
        assertTrue(last.startsWith(Bench.FAILED + "the jars this bench's jobs run changed"), last);
        assertTrue(last.contains(out.resolve(SlurmBench.FOLDER).resolve(SlurmBench.JARS).toString()), last);
        assertTrue(Files.readString(log, StandardCharsets.UTF_8).lines().count() == 1);
    }
}
