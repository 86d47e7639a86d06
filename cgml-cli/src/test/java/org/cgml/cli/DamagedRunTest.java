package org.cgml.cli;

import static org.cgml.cli.CliTest.assertUserError;
import static org.cgml.cli.CliTest.cgml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resuming a run whose checkpoints were damaged: an older intact one is used, with a warning, or one clear error. */
class DamagedRunTest {

    private static Path trained(Path tmp) {
        Path run = tmp.resolve("run");
        CliTest.Outcome t = cgml("train", "--task", "toy", "--out", run.toString(), "--iterations", "20",
                "--inner-steps", "2", "--checkpoint-every", "10");
        assertEquals(0, t.code(), t.err());
        return run;
    }

    @Test
    void aCorruptNewestCheckpointResumesFromTheOlderOne(@TempDir Path tmp) throws Exception {
        Path run = trained(tmp);
        try (var files = Files.list(run.resolve("checkpoints/iteration-000000020"))) {
            for (Path p : files.filter(f -> f.getFileName().toString().startsWith("model.data")).toList()) {
                Files.write(p, new byte[] {0});
            }
        }
        CliTest.Outcome r = cgml("train", "--out", run.toString(), "--resume", "--iterations", "25");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("is corrupt") && r.err().contains("restored checkpoint iteration-000000010"),
                r.err());
        assertTrue(Files.readString(run.resolve("checkpoints/latest")).startsWith("iteration-000000025"));
    }

    @Test
    void aFullDiskIsTheMachinesFailureNotTheUsers(@TempDir Path tmp) {
        org.cgml.nn.Method filling = new org.cgml.nn.Method() {
            @Override
            public String name() {
                return "fills-disk";
            }

            @Override
            public String description() {
                return "test only: fails as a full disk does";
            }

            @Override
            public org.cgml.nn.MethodModel build(org.cgml.api.Task task, org.cgml.api.TrainingConfig config) {
                throw new java.io.UncheckedIOException(new java.io.IOException(
                        "/runs/x/checkpoints/.writing-1/model.data-00000-of-00001: No space left on device"));
            }
        };
        CliTest.Outcome o = CliTest.cgml(java.util.List.of(), java.util.List.of(filling), "train", "--task", "toy",
                "--method", "fills-disk", "--iterations", "3", "--out", tmp.resolve("run").toString());
        assertEquals(Main.MACHINE_ERROR, o.code(), o.err());
        assertTrue(o.err().contains("the disk is full"), o.err());
        assertTrue(!o.err().contains("\tat ") && !o.err().contains("OOM"), o.err());
    }

    @Test
    void checkpointsThatAllFailToRestoreLeaveTheConfigAlone(@TempDir Path tmp) throws Exception {
        Path run = trained(tmp);
        for (String name : new String[] {"iteration-000000010", "iteration-000000020"}) {
            try (var files = Files.list(run.resolve("checkpoints").resolve(name))) {
                for (Path p : files.filter(f -> f.getFileName().toString().startsWith("model.data")).toList()) {
                    Files.write(p, new byte[] {0});
                }
            }
        }
        String config = Files.readString(run.resolve("config.json"));
        assertUserError(cgml("train", "--out", run.toString(), "--resume", "--iterations", "30"), "no intact checkpoint");
        assertEquals(config, Files.readString(run.resolve("config.json")), "a failed resume does not rewrite config.json");
    }

    @Test
    void anAbsurdBatchSizeIsOneMessageAndWritesNoFolder(@TempDir Path tmp) {
        Path run = tmp.resolve("run");
        CliTest.Outcome o = cgml("train", "--task", "toy", "--out", run.toString(), "--iterations", "2", "--batch-size",
                "2000000000");
        assertUserError(o, "out of memory");
        assertTrue(!Files.exists(run), "the model is built before the folder is written");
    }

    @Test
    void anAbsurdBatchSizeInABenchWritesNoRun(@TempDir Path tmp) {
        Path bench = tmp.resolve("bench");
        assertUserError(cgml("bench", "--task", "toy", "--methods", "baseline", "--seeds", "1", "--iterations", "2",
                "--config", "batch_size=2000000000", "--out", bench.toString()), "out of memory");
        assertTrue(!Files.exists(bench.resolve("default/baseline/seed-1/config.json")), "no run folder written");
    }

    @Test
    void noIntactCheckpointIsOneMessageAndLeavesTheConfigAlone(@TempDir Path tmp) throws Exception {
        Path run = trained(tmp);
        for (String name : new String[] {"iteration-000000010", "iteration-000000020"}) {
            Files.delete(run.resolve("checkpoints").resolve(name).resolve("model.index"));
        }
        String config = Files.readString(run.resolve("config.json"));
        assertUserError(cgml("train", "--out", run.toString(), "--resume", "--iterations", "30"), "no intact checkpoint");
        assertEquals(config, Files.readString(run.resolve("config.json")), "a failed resume does not rewrite config.json");
    }
}
