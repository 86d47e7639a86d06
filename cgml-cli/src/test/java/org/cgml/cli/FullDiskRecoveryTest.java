package org.cgml.cli;

import static org.cgml.cli.CliTest.cgml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run cut by a full disk at any of its files resumes, or is refused with a message that says what to do: each test
 * leaves what a full disk (or a kill) leaves, then runs the command the user would run next.
 */
class FullDiskRecoveryTest {

    private static Path trained(Path tmp, int iterations) {
        Path run = tmp.resolve("run");
        CliTest.Outcome t = cgml("train", "--task", "toy", "--out", run.toString(), "--iterations",
                Integer.toString(iterations), "--inner-steps", "2", "--checkpoint-every", "10");
        assertEquals(0, t.code(), t.err());
        return run;
    }

    /** {@code file} cut in the middle of the line that starts with {@code prefix}, as a full disk leaves it. */
    private static void cutInside(Path file, String prefix) throws Exception {
        String text = Files.readString(file);
        int at = text.indexOf("\n" + prefix) + 1;
        assertTrue(at > 0, prefix + " in " + file);
        Files.writeString(file, text.substring(0, at + prefix.length() + 3));
    }

    @Test
    void metricsAndConvergenceCutMidLineResume(@TempDir Path tmp) throws Exception {
        Path run = trained(tmp, 20);
        cutInside(run.resolve("metrics.csv"), "15,");
        cutInside(run.resolve("convergence.csv"), "20,");
        CliTest.Outcome r = cgml("train", "--out", run.toString(), "--resume", "--iterations", "30");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("metrics.csv lacks 6 of the rows up to iteration 20"), r.err());
        List<String> rows = Files.readAllLines(run.resolve("metrics.csv"));
        assertEquals(1 + 14 + 10, rows.size(), "rows 1-14 kept, 15-20 lost with the disk, 21-30 written: " + rows);
        assertTrue(rows.get(15).startsWith("21,"), rows.get(15));
        for (String row : rows.subList(1, rows.size())) {
            assertEquals(6, row.split(",", -1).length, row);
        }
        List<String> curve = Files.readAllLines(run.resolve("convergence.csv"));
        assertTrue(curve.stream().skip(1).allMatch(l -> l.split(",").length == curve.get(0).split(",").length), curve.toString());
    }

    @Test
    void aConfigCutWhileBeingWrittenLeavesARunTheSameCommandStartsOver(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        // what a full disk leaves while config.json of a new run is written: the folder, its marker, half a config
        org.cgml.nn.run.Run.create(run);
        Files.writeString(run.resolve(".config.json.tmp"), "{\n  \"task\" : \"to");
        CliTest.Outcome again = cgml("train", "--task", "toy", "--out", run.toString(), "--iterations", "3",
                "--inner-steps", "2");
        assertEquals(0, again.code(), again.err());
        assertFalse(Files.exists(run.resolve(".config.json.tmp")));
        assertTrue(Files.readString(run.resolve("config.json")).contains("\"toy\""));
    }

    @Test
    void halfWrittenCheckpointFoldersAreRemovedOnResumeAndForeignOnesKept(@TempDir Path tmp) throws Exception {
        Path run = trained(tmp, 20);
        Path checkpoints = run.resolve("checkpoints");
        Files.createDirectories(checkpoints.resolve(".writing-1"));                  // a full disk before TensorFlow wrote
        Files.createDirectories(checkpoints.resolve(".writing-2"));                  // ... or while it wrote
        Files.writeString(checkpoints.resolve(".writing-2/model.data-00000-of-00001"), "half");
        Files.createDirectories(checkpoints.resolve(".writing-3"));                  // not a checkpoint's: kept
        Files.writeString(checkpoints.resolve(".writing-3/notes.txt"), "mine");
        CliTest.Outcome r = cgml("train", "--out", run.toString(), "--resume", "--iterations", "25");
        assertEquals(0, r.code(), r.err());
        assertFalse(Files.exists(checkpoints.resolve(".writing-1")));
        assertFalse(Files.exists(checkpoints.resolve(".writing-2")));
        assertEquals("mine", Files.readString(checkpoints.resolve(".writing-3/notes.txt")));
        assertTrue(r.err().contains(".writing-3") && r.err().contains("left alone"), r.err());
    }

    /** The toy's regression baseline, whose training fails once, as a full disk does, at iteration 15. */
    private static org.cgml.nn.Method failingOnceAt15() {
        org.cgml.nn.Method baseline = org.cgml.nn.Method.named("baseline", org.cgml.nn.Method.installed());
        java.util.concurrent.atomic.AtomicBoolean failed = new java.util.concurrent.atomic.AtomicBoolean();
        return new org.cgml.nn.Method() {
            @Override
            public String name() {
                return "fills-disk-once";
            }

            @Override
            public String description() {
                return "test only: the baseline, failing once as a full disk does";
            }

            @Override
            public org.cgml.nn.MethodModel build(org.cgml.api.Task task, org.cgml.api.TrainingConfig config) {
                org.cgml.nn.MethodModel m = baseline.build(task, config);
                return (org.cgml.nn.MethodModel) java.lang.reflect.Proxy.newProxyInstance(
                        org.cgml.nn.MethodModel.class.getClassLoader(), new Class<?>[] {org.cgml.nn.MethodModel.class},
                        (proxy, method, args) -> {
                            if (method.getName().equals("trainStep") && (Long) args[2] == 14
                                    && failed.compareAndSet(false, true)) {
                                throw new java.io.UncheckedIOException(new java.io.IOException(
                                        "metrics.csv: No space left on device"));
                            }
                            try {
                                return method.invoke(m, args);
                            } catch (java.lang.reflect.InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
            }

            @Override
            public org.cgml.nn.MethodModel buildForSampling(org.cgml.api.Task task, org.cgml.api.TrainingConfig config) {
                return baseline.buildForSampling(task, config);
            }
        };
    }

    @Test
    void theFullDiskMessageNamesTheCommandThatContinuesTheRun(@TempDir Path tmp) throws Exception {
        org.cgml.nn.Method method = failingOnceAt15();
        Path run = tmp.resolve("run");
        CliTest.Outcome o = CliTest.cgml(List.of(), List.of(method), "train", "--task", "toy", "--method",
                method.name(), "--out", run.toString(), "--iterations", "20", "--checkpoint-every", "10");
        assertEquals(Main.MACHINE_ERROR, o.code(), o.err());
        String next = "cgml train --out " + run + " --resume";
        assertTrue(o.err().contains("the disk is full") && o.err().contains(next), o.err());
        CliTest.Outcome resumed = CliTest.cgml(List.of(), List.of(method), next.substring("cgml ".length()).split(" "));
        assertEquals(0, resumed.code(), resumed.err());
        assertEquals(21, Files.readAllLines(run.resolve("metrics.csv")).size());
    }
}
