package org.cgml.cli;

import static org.cgml.cli.CliTest.assertUserError;
import static org.cgml.cli.CliTest.cgml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cgml train --out DIR} deletes only files it wrote, in a folder it can prove it made; a folder holding anything
 * else is refused with one message, and nothing in it changes.
 */
class RunFolderSafetyTest {

    /** Every file and folder under {@code dir} with its bytes (folders: empty), by relative path. */
    static Map<String, String> tree(Path dir) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (var s = Files.walk(dir)) {
            for (Path p : s.toList()) {
                out.put(dir.relativize(p).toString(), Files.isRegularFile(p)
                        ? java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(p)) : "/");
            }
        }
        return out;
    }

    /** A folder as a user has it: a git repository with a model's config.json and notes, no cGML run. */
    private static Path usersFolder(Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("project"));
        Files.createDirectories(dir.resolve(".git/objects/ab"));
        Files.writeString(dir.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        Files.writeString(dir.resolve(".git/objects/ab/cdef"), "blob");
        Files.writeString(dir.resolve("config.json"), "{\"architectures\": [\"BertModel\"], \"hidden_size\": 768}\n");
        Files.writeString(dir.resolve("notes.txt"), "my notes");
        Files.writeString(dir.resolve("metrics.csv"), "epoch,loss\n1,0.5\n");
        return dir;
    }

    @Test
    void aFolderHoldingAConfigJsonAndAGitRepositoryIsRefusedAndLeftAsItWas(@TempDir Path tmp) throws Exception {
        Path dir = usersFolder(tmp);
        Map<String, String> before = tree(dir);
        CliTest.Outcome o = cgml("train", "--task", "toy", "--out", dir.toString(), "--iterations", "3",
                "--inner-steps", "2");
        assertUserError(o, "nothing was changed");
        assertTrue(o.err().contains(dir.toString()) && o.err().lines().count() == 1, o.err());
        assertEquals(before, tree(dir), "not one file of the user's folder is touched");
    }

    @Test
    void aRunThatNeverCheckpointedIsClearedOfItsOwnFilesOnlyAndRefusedWhenItHoldsOthers(@TempDir Path tmp)
            throws Exception {
        Path run = tmp.resolve("run");
        // a run that diverges writes its files but no checkpoint
        assertUserError(cgml("train", "--task", "toy", "--out", run.toString(), "--learning-rate", "1e30",
                "--iterations", "50", "--inner-steps", "2"), "training diverged");
        assertFalse(Files.exists(run.resolve("checkpoints/latest")));
        assertTrue(Files.exists(run.resolve("config.json")) && Files.exists(run.resolve("metrics.csv")));

        // the user keeps something of theirs in it (and a .git): the run is not cleared, nothing is touched
        Files.createDirectories(run.resolve(".git"));
        Files.writeString(run.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        Files.writeString(run.resolve("notes.txt"), "why it diverged");
        Files.createDirectories(run.resolve("checkpoints"));
        Files.writeString(run.resolve("checkpoints/mine.txt"), "not a checkpoint");
        Map<String, String> before = tree(run);
        CliTest.Outcome refused = cgml("train", "--task", "toy", "--out", run.toString(), "--iterations", "3",
                "--inner-steps", "2");
        assertUserError(refused, "files cgml did not write");
        assertTrue(refused.err().contains("notes.txt") && refused.err().contains(".git/")
                && refused.err().contains("checkpoints/mine.txt"), refused.err());
        assertEquals(before, tree(run));

        // once they are moved out, the same command clears the run's own files and trains
        for (String f : new String[] {".git/HEAD", ".git", "notes.txt", "checkpoints/mine.txt"}) {
            Files.delete(run.resolve(f));
        }
        CliTest.Outcome again = cgml("train", "--task", "toy", "--out", run.toString(), "--iterations", "3",
                "--inner-steps", "2");
        assertEquals(0, again.code(), again.err());
        assertEquals(4, Files.readAllLines(run.resolve("metrics.csv")).size(), "the failed attempt's rows are gone");
    }

    @Test
    void aNewRunTrainsIntoAnEmptyFolderAndAFinishedRunIsNeverCleared(@TempDir Path tmp) throws Exception {
        Path run = Files.createDirectories(tmp.resolve("empty"));
        assertEquals(0, cgml("train", "--task", "toy", "--out", run.toString(), "--iterations", "3",
                "--inner-steps", "2").code());
        Files.writeString(run.resolve("notes.txt"), "mine");
        Map<String, String> before = tree(run);
        assertUserError(cgml("train", "--task", "toy", "--out", run.toString(), "--iterations", "3"), "--resume");
        assertEquals(before, tree(run));
    }

    @Test
    void anOutThatCannotBeWrittenIsSaidFirstWithTheSystemsReason(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "Linux /proc");
        // the graph is never built: a method that cannot be built would say so otherwise
        org.cgml.nn.Method unbuildable = new org.cgml.nn.Method() {
            @Override
            public String name() {
                return "unbuildable";
            }

            @Override
            public String description() {
                return "test only";
            }

            @Override
            public org.cgml.nn.MethodModel build(org.cgml.api.Task task, org.cgml.api.TrainingConfig config) {
                throw new IllegalStateException("the graph was built");
            }
        };
        CliTest.Outcome o = CliTest.cgml(java.util.List.of(), java.util.List.of(unbuildable), "train", "--task", "toy",
                "--method", "unbuildable", "--out", "/proc/cgml-x", "--iterations", "3");
        assertUserError(o, "cannot write to /proc/cgml-x: no such file or directory");
        assertFalse(o.err().contains("null") || o.err().contains("graph was built"), o.err());
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        o = CliTest.cgml(java.util.List.of(), java.util.List.of(unbuildable), "train", "--task", "toy",
                "--method", "unbuildable", "--out", file.resolve("run").toString(), "--iterations", "3");
        assertUserError(o, "cannot write to " + file.resolve("run"));
        assertFalse(o.err().contains("graph was built"), o.err());
        assertEquals("x", Files.readString(file));
    }
}
