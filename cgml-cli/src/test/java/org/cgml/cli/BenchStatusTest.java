package org.cgml.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cgml.nn.run.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bench's cells run one at a time ({@code --cell}), its tables from the finished ones ({@code --merge}), and
 * {@code bench status}: finished, running (a held run lock, which also refuses a second writer with a message naming
 * the holder), failed (the last line of the cell's log), stopped (a checkpoint short of the iterations) and not started.
 */
class BenchStatusTest {
    private static String[] bench(Path out, String iterations, String... more) {
        List<String> a = new ArrayList<>(List.of("bench", "--task", "toy", "--methods", "cgml,baseline", "--seeds",
                "1,2", "--iterations", iterations, "--count", "20", "--curve-every", "-1", "--out", out.toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    private static List<String> status(Path out) {
        CliTest.Outcome o = CliTest.cgml("bench", "status", "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        assertEquals(BenchStatus.HEADER, o.out().lines().findFirst().orElse(""));
        return o.out().lines().skip(1).toList();
    }

    @Test
    void cellsMergeAndEveryState(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("bench");
        CliTest.Outcome c0 = CliTest.cgml(bench(out, "40", "--cell", "0"));
        assertEquals(0, c0.code(), c0.err());
        assertTrue(c0.out().startsWith(Bench.RESULTS_HEADER + "\n"), c0.out());
        assertTrue(c0.out().contains(",cgml,1,"), "cell 0 is cgml seed 1: " + c0.out());
        assertFalse(c0.out().contains(",baseline,"), c0.out());
        Object plan = Files.readAttributes(out.resolve(Bench.MARKER), java.nio.file.attribute.BasicFileAttributes.class)
                .fileKey();

        // cell 1's run folder taken by another writer; cell 2's run path is a file, so it fails
        Path held = out.resolve("default").resolve("cgml").resolve("seed-2");
        Files.createDirectories(held.getParent());
        Run run = Run.create(held);
        Path blocked = out.resolve("default").resolve("baseline").resolve("seed-1");
        Files.createDirectories(blocked.getParent());
        Files.writeString(blocked, "not a folder\n");
        try (Run.WriteLock lock = run.lockForWriting()) {
            CliTest.Outcome second = CliTest.cgml(bench(out, "40", "--cell", "1"));
            assertTrue(second.code() != 0, "out: " + second.out() + " err: " + second.err());
            assertTrue(second.err().contains("is being written by another cgml process (pid "
                    + ProcessHandle.current().pid()), second.err());
            Files.writeString(held.resolve(Run.METRICS), "iteration,cost\n40,0.5\n"); // trained to the end: scoring
            CliTest.Outcome failing = CliTest.cgml(bench(out, "40", "--cell", "2"));
            assertTrue(failing.code() != 0, failing.err());
            List<String> states = status(out);
            assertEquals(4, states.size(), states.toString());
            assertTrue(states.get(0).startsWith("0,-,cgml,1,finished,40,"), states.get(0));
            assertEquals("1,-,cgml,2,running,40,scoring", states.get(1));
            assertTrue(states.get(2).startsWith("2,-,baseline,1,failed,,"), states.get(2));
            assertEquals(CellState.lastLine(Bench.cellLog(out, 2)).substring(Bench.FAILED.length()),
                    states.get(2).substring("2,-,baseline,1,failed,,".length()).replaceAll("^\"|\"$", ""));
            assertEquals("3,-,baseline,2,not started,,", states.get(3));
        }
        // SLURM starts a bench's cells together: each reads the plan, none writes it again (their writes raced)
        assertEquals(plan, Files.readAttributes(out.resolve(Bench.MARKER),
                java.nio.file.attribute.BasicFileAttributes.class).fileKey(), "bench.json rewritten by a cell");
        Files.delete(blocked);

        CliTest.Outcome merged = CliTest.cgml(bench(out, "40", "--merge"));
        assertEquals(0, merged.code(), merged.err());
        String results = Files.readString(out.resolve("results.csv"), StandardCharsets.UTF_8);
        assertTrue(results.contains(",cgml,1,") && !results.contains(",baseline,"), results);
        String md = Files.readString(out.resolve("summary.md"), StandardCharsets.UTF_8);
        assertTrue(md.contains("baseline, seed 2: not finished (not started)"), md);

        // the same bench asked for more iterations: the finished run is a stopped one, continued by the next bench
        Files.writeString(out.resolve("bench.json"), Files.readString(out.resolve("bench.json"))
                .replace("\"iterations\" : 40", "\"iterations\" : 80"));
        assertTrue(status(out).get(0).startsWith("0,-,cgml,1,stopped,40,"), status(out).toString());
    }

    @Test
    void aTaskSlurmHoldsTellsACellItsFolderCannot() {
        java.util.OptionalLong none = java.util.OptionalLong.empty();
        CellState notStarted = new CellState(CellState.State.NOT_STARTED, none, "");
        CellState stopped = new CellState(CellState.State.STOPPED, java.util.OptionalLong.of(500), "");
        CellState finished = new CellState(CellState.State.FINISHED, java.util.OptionalLong.of(600), "");
        // started by SLURM, its JVM not yet holding the run's lock (what CI once saw as "not started")
        assertEquals(CellState.State.RUNNING, BenchStatus.withSlurm(notStarted, SlurmBench.slurmState("RUNNING")).state());
        assertEquals(CellState.State.RUNNING, BenchStatus.withSlurm(notStarted, SlurmBench.slurmState("CONFIGURING")).state());
        assertEquals(CellState.State.QUEUED, BenchStatus.withSlurm(notStarted, SlurmBench.slurmState("PENDING")).state());
        CellState requeued = BenchStatus.withSlurm(stopped, SlurmBench.slurmState("PENDING"));
        assertEquals(new CellState(CellState.State.QUEUED, java.util.OptionalLong.of(500), "requeued"), requeued);
        assertEquals(CellState.State.RUNNING, BenchStatus.withSlurm(stopped, CellState.State.RUNNING).state());
        assertEquals(finished, BenchStatus.withSlurm(finished, CellState.State.RUNNING), "the folder tells a finished run");
        assertEquals(notStarted, BenchStatus.withSlurm(notStarted, null), "no SLURM task: the folder alone tells");
    }

    @Test
    void cellMergeAndExecutorOptionsAreCheckedBeforeAnythingIsWritten(@TempDir Path tmp) {
        Path out = tmp.resolve("bench");
        CliTest.assertUserError(CliTest.cgml(bench(out, "40", "--cell", "0", "--merge")), "exclude each other");
        CliTest.assertUserError(CliTest.cgml(bench(out, "40", "--slurm-args", "--time=10")), "--executor slurm");
        CliTest.assertUserError(CliTest.cgml(bench(out, "40", "--executor", "slurm", "--cell", "1")),
                "what its jobs run");
        CliTest.assertUserError(CliTest.cgml(bench(out, "40", "--executor", "slurm", "--slurm-args", "--time='10")),
                "unclosed");
        Path broken = tmp.resolve("bench\nline");
        CliTest.assertUserError(CliTest.cgml(bench(broken, "40", "--executor", "slurm")), "holds a line break");
        assertFalse(Files.exists(broken), "nothing written for a folder a job's script cannot name");
        assertFalse(Files.exists(out), "nothing written");
        CliTest.assertUserError(CliTest.cgml(bench(out, "40", "--cell", "4")), "not a cell of this bench (0 to 3)");
        assertFalse(Files.exists(out), "nothing written for a cell the bench does not have");
        assertEquals(List.of("--partition=gpu", "--gres=gpu:1", "a b"),
                SlurmBench.splitWords(" --partition=gpu  --gres=gpu:1 'a b' "));
    }
}
