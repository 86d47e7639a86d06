package org.cgml.nn.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cgml.api.CostFamily;
import org.cgml.api.FuzzTarget;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.Checkpoints;
import org.cgml.nn.Method;
import org.cgml.nn.SyntheticTask;

/** The run-folder readers offered to {@code cgml bench fuzz}: config.json and a checkpoint's state. */
public final class Fuzz {
    private Fuzz() {
    }

    /** A run's config.json, read back into a training config. */
    public static final class ConfigJson implements FuzzTarget {
        @Override
        public String name() {
            return "config.json";
        }

        @Override
        public List<Path> seeds(Path dir) throws IOException {
            Path run = dir.resolve("run");
            SyntheticTask task = SyntheticTask.vectors(1, 2, 2, CostFamily.l1());
            TrainingConfig config = TrainingConfig.forTask(task).set(TrainingConfig.ITERATIONS, 1000L)
                    .set(TrainingConfig.SEED, 3L).set(TrainingConfig.METHOD, "cimle").build();
            Run.create(run).writeConfig(task, config, Method.named("cimle", Method.installed()), Map.of(),
                    "cgml bench fuzz");
            return List.of(run.resolve(Run.CONFIG));
        }

        @Override
        public void read(Path file) throws IOException {
            Run.Recorded rec = Run.open(file.getParent()).readConfig();
            rec.builder().build();
        }
    }

    /** A checkpoint's state.properties, as resuming reads it to find the newest intact checkpoint. */
    public static final class CheckpointState implements FuzzTarget {
        @Override
        public String name() {
            return "checkpoint-state";
        }

        @Override
        public List<Path> seeds(Path dir) throws IOException {
            return List.of(Files.writeString(dir.resolve("state.properties"),
                    "#cGML-J training state\nstep=1500\nepoch=3\ncursor=120\nseed=1\ntask=toy\nmethod=cgml\n"));
        }

        /** The state as the only checkpoint of a folder (with model files present), then its step. */
        @Override
        public void read(Path file) throws IOException {
            Path step = file.getParent().resolve("checkpoints").resolve("step-000001500");
            Files.createDirectories(step);
            Files.copy(file, step.resolve("state.properties"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.write(step.resolve("model.index"), new byte[0]);
            Files.writeString(step.getParent().resolve("latest"), "step-000001500\n");
            new Checkpoints(step.getParent(), 3, w -> { }).latestIteration();
        }
    }
}
