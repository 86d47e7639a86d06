package org.cgml.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cgml bench --executor slurm} on a real one-node SLURM cluster, started by the project's
 * {@code scripts/slurm-cluster.sh} (which installs Debian's packages when they are missing and the tests run as root,
 * as on CI). The test fails, never skips, when SLURM cannot start. A toy bench through SLURM writes the results.csv of
 * the same bench run locally (timing rows aside); a cell stopped mid-run as SLURM's warning stops it, requeued,
 * finishes with the figures of an uninterrupted run.
 */
class SlurmBenchTest {
    /** Rows that time a run: they differ between any two runs. */
    static final Pattern TIMING = Pattern.compile(",(train_iterations_per_s|train_s_per_iteration|"
            + "inference_s_per_input_k_modes),");
    private static final Path SCRIPT = Path.of("..", "scripts", "slurm-cluster.sh").toAbsolutePath().normalize();
    private static String slurmConf;
    private static boolean startedHere;

    @BeforeAll
    static void startCluster() throws Exception {
        startedHere = run(List.of("bash", SCRIPT.toString(), "status"), 60).code() != 0;
        Outcome start = run(List.of("bash", SCRIPT.toString(), "start"), 600);
        assertEquals(0, start.code(), "SLURM did not start (" + SCRIPT + " start):\n" + start.err());
        Matcher m = Pattern.compile("export SLURM_CONF=(\\S+)").matcher(start.out());
        assertTrue(m.find(), start.out());
        slurmConf = m.group(1).replace("'", "");
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (startedHere) {
            run(List.of("bash", SCRIPT.toString(), "stop"), 120);
        }
    }

    record Outcome(int code, String out, String err) {
    }

    /** A command with SLURM_CONF set (once known), its output, within the seconds given. */
    static Outcome run(List<String> command, int seconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile("slurm-test", ".out");
        Path err = Files.createTempFile("slurm-test", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            if (slurmConf != null) {
                pb.environment().put("SLURM_CONF", slurmConf);
            }
            Process p = pb.start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in " + seconds + " s:\n"
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Outcome(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** {@code cgml args} in a new JVM, as a user runs it (the submission reaches sbatch through SLURM_CONF). */
    static Outcome cgml(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(CliJvm.command());
        command.addAll(args);
        return run(command, 300);
    }

    /** Waits until SLURM no longer lists the job (finished, failed or cancelled). */
    static void awaitGone(String job, int seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            if (run(List.of("squeue", "-h", "-j", job), 30).out().isBlank()) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("SLURM job " + job + " still queued after " + seconds + " s: "
                + run(List.of("squeue", "-j", job), 30).out());
    }

    /** results.csv without the timing rows. */
    static List<String> figures(Path bench) throws IOException {
        return Files.readAllLines(bench.resolve("results.csv"), StandardCharsets.UTF_8).stream()
                .filter(l -> !TIMING.matcher(l).find()).collect(Collectors.toList());
    }

    static List<String> bench(Path out, String methods, String seeds, String iterations, String... more) {
        List<String> a = new ArrayList<>(List.of("bench", "--task", "toy", "--methods", methods, "--seeds", seeds,
                "--iterations", iterations, "--count", "40", "--curve-every", "-1", "--out", out.toString()));
        a.addAll(List.of(more));
        return a;
    }

    @Test
    void aBenchThroughSlurmEqualsTheLocalBench(@TempDir Path tmp) throws Exception {
        Path local = tmp.resolve("local");
        Path slurm = tmp.resolve("slurm bench $HOME 'q'"); // a name the job scripts must quote
        CliTest.Outcome here = CliTest.cgml(bench(local, "cgml,baseline", "1,2", "150").toArray(String[]::new));
        assertEquals(0, here.code(), here.err());

        Outcome submitted = cgml(bench(slurm, "cgml,baseline", "1,2", "150", "--executor", "slurm",
                "--slurm-args", "--time=30 --job-name=cgml-test"));
        assertEquals(0, submitted.code(), submitted.err());
        String[] jobs = submitted.out().strip().split(" ");
        assertEquals(2, jobs.length, submitted.out());
        Outcome early = cgml(List.of("bench", "status", "--out", slurm.toString()));
        assertEquals(0, early.code(), early.err());
        assertTrue(early.out().lines().skip(1).allMatch(l -> l.matches("\\d,-,\\w+,\\d,(queued|running|finished),.*")),
                "every cell queued, running or finished right after submission:\n" + early.out());
        String cells = Files.readString(slurm.resolve("slurm").resolve("cells.sh"));
        assertTrue(cells.contains("/" + SlurmBench.FOLDER + "/" + SlurmBench.LIB + "/0/")
                && !cells.contains("target/lib"), "the jobs run the bench's copy of the build:\n" + cells);
        String jobsTxt = Files.readString(slurm.resolve("slurm").resolve("jobs.txt"));
        Outcome again = cgml(bench(slurm, "cgml,baseline", "1,2", "150", "--executor", "slurm"));
        assertEquals(2, again.code(), "a second submission while the first's merge job waits: " + again.err());
        assertTrue(again.err().contains("SLURM still holds its jobs"), again.err());
        assertEquals(jobsTxt, Files.readString(slurm.resolve("slurm").resolve("jobs.txt")), "the first submission's ids kept");
        awaitGone(jobs[1], 600); // the merge job runs after every task
        assertTrue(Files.isRegularFile(slurm.resolve("results.csv")), "merge job wrote no results.csv: "
                + Files.readString(slurm.resolve("slurm").resolve("merge.out")));
        assertEquals(figures(local), figures(slurm), () -> diagnosis(slurm));
        for (String script : List.of("cells.sh", "merge.sh", "submit.sh")) {
            assertTrue(Files.isExecutable(slurm.resolve("slurm").resolve(script)), script + " kept");
        }
        Outcome status = cgml(List.of("bench", "status", "--out", slurm.toString()));
        assertEquals(0, status.code(), status.err());
        assertEquals(5, status.out().lines().count(), status.out());
        assertTrue(status.out().lines().skip(1).allMatch(l -> l.contains(",finished,150,")), status.out());
    }

    @Test
    void aCellStoppedBySlurmIsRequeuedAndFinishesAsAnUninterruptedRun(@TempDir Path tmp) throws Exception {
        Path local = tmp.resolve("local");
        Path slurm = tmp.resolve("slurm");
        String iterations = "6000";
        CliTest.Outcome here = CliTest.cgml(bench(local, "cgml", "3", iterations).toArray(String[]::new));
        assertEquals(0, here.code(), here.err());

        Outcome submitted = cgml(bench(slurm, "cgml", "3", iterations, "--executor", "slurm"));
        assertEquals(0, submitted.code(), submitted.err());
        String[] jobs = submitted.out().strip().split(" ");
        String task = jobs[0] + "_0";
        Path metrics = slurm.resolve("default").resolve("cgml").resolve("seed-3").resolve("metrics.csv");
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (lastIteration(metrics) < 500) { // mid-run: well past the start, well before the end
            assertTrue(System.nanoTime() < end, "the task did not start training: " + run(List.of("squeue"), 30).out());
            Thread.sleep(200);
        }
        Outcome signal = run(List.of("scancel", "--batch", "--signal=TERM", task), 30);
        assertEquals(0, signal.code(), signal.err());
        Path log = Bench.cellLog(slurm, 0);
        end = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!Files.readString(slurm.resolve("slurm").resolve("cell-0.out")).contains("requeueing SLURM job")) {
            assertTrue(System.nanoTime() < end, "the task did not requeue itself");
            Thread.sleep(200);
        }
        // the requeued task is eligible again after the cluster's cred_expire (10 s in scripts/slurm-cluster.sh)
        awaitGone(jobs[1], 900);
        String logText = Files.readString(log, StandardCharsets.UTF_8);
        Matcher resumed = Pattern.compile("continuing from iteration (\\d+)").matcher(logText);
        assertTrue(resumed.find(), "the requeued task did not continue the run:\n" + logText);
        long from = Long.parseLong(resumed.group(1));
        assertTrue(from >= 500 && from < Long.parseLong(iterations), "continued from " + from);
        assertEquals(figures(local), figures(slurm), () -> diagnosis(slurm));
    }

    /** What a failed comparison needs to be understood: the bench's status, its cells' logs and SLURM's output. */
    static String diagnosis(Path bench) {
        StringBuilder text = new StringBuilder("bench ").append(bench).append('\n');
        try {
            text.append(cgml(List.of("bench", "status", "--out", bench.toString())).out());
            try (var files = Files.walk(bench)) {
                for (Path f : files.filter(f -> f.toString().endsWith(".log") || f.toString().endsWith(".out")
                        || f.getFileName().toString().equals("jobs.txt")).sorted().toList()) {
                    List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                    text.append("--- ").append(bench.relativize(f)).append('\n')
                            .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())))
                            .append('\n');
                }
            }
        } catch (Exception e) {
            text.append("(could not read it all: ").append(e).append(")\n");
        }
        return text.toString();
    }

    /** The last iteration metrics.csv records, or -1. */
    static long lastIteration(Path metrics) {
        try {
            List<String> lines = Files.readAllLines(metrics, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i > 0; i--) {
                String first = lines.get(i).split(",", 2)[0];
                if (first.matches("\\d+")) {
                    return Long.parseLong(first);
                }
            }
        } catch (IOException | RuntimeException notYet) {
            // not written yet
        }
        return -1;
    }
}
