package org.cgml.nn;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.cgml.api.Batches;

/**
 * Checkpoints of a run that resume exactly: every variable (weights, Adam moments and beta powers, spectral-norm
 * vectors), the step counter, the data position and the seed (all other randomness derives from seed and step).
 * Each checkpoint is written into a temporary folder and renamed into place, then the {@code latest} pointer is
 * replaced atomically, so a crash never leaves a half-written checkpoint behind. The newest {@code keep} are kept.
 */
public final class Checkpoints {
    private static final String LATEST = "latest";
    private final Path dir;
    private final int keep;

    public Checkpoints(Path dir) {
        this(dir, 3);
    }

    public Checkpoints(Path dir, int keep) {
        this.dir = dir;
        this.keep = Math.max(1, keep);
    }

    public Path directory() {
        return dir;
    }

    /** Saves the trainer's full state as {@code step-NNNNNNNN} and points {@code latest} at it. */
    public void save(Trainer trainer) {
        String name = String.format("step-%09d", trainer.completedSteps());
        for (java.util.Map.Entry<String, float[]> v : trainer.model().variableValues().entrySet()) {
            for (float f : v.getValue()) {
                if (!Float.isFinite(f)) { // a finite loss can still come with an update that overflowed
                    trainer.markDiverged();
                    throw new IllegalArgumentException("training diverged by iteration " + trainer.completedSteps()
                            + ": " + v.getKey() + " is not finite; not saved (the last checkpoint, if any, is of a "
                            + "finite model); try a lower learning_rate");
                }
            }
        }
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempDirectory(dir, ".writing-");
            trainer.model().session().save(tmp.resolve("model").toString());
            Properties state = new Properties();
            Batches.Position pos = trainer.batches().position();
            state.setProperty("step", Long.toString(trainer.completedSteps()));
            state.setProperty("epoch", Long.toString(pos.epoch()));
            state.setProperty("cursor", Integer.toString(pos.cursor()));
            state.setProperty("seed", Long.toString(trainer.config().seed()));
            state.setProperty("task", trainer.task().name());
            state.setProperty("method", trainer.config().method());
            try (Writer w = Files.newBufferedWriter(tmp.resolve("state.properties"), StandardCharsets.UTF_8)) {
                state.store(w, "cGML-J training state");
            }
            Path target = dir.resolve(name);
            if (Files.exists(target)) {
                deleteTree(target);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            Path pointer = dir.resolve(".latest.tmp");
            Files.writeString(pointer, name + "\n", StandardCharsets.UTF_8);
            Files.move(pointer, dir.resolve(LATEST), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            // TensorFlow's own state file, so its tools find the newest checkpoint too
            Path tfState = dir.resolve(".checkpoint.tmp");
            Files.writeString(tfState, "model_checkpoint_path: \"" + name + "/model\"\nall_model_checkpoint_paths: \""
                    + name + "/model\"\n", StandardCharsets.UTF_8);
            Files.move(tfState, dir.resolve("checkpoint"), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            prune(name);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write checkpoint " + dir.resolve(name) + ": " + e.getMessage(), e);
        }
    }

    /**
     * A training listener that saves {@code trainer} every {@code checkpoint_every} iterations and when training ends
     * (also when stopped early), as DJL's checkpoint listener does.
     */
    public org.cgml.api.TrainingListener saver(Trainer trainer) {
        return new org.cgml.api.TrainingListener() {
            @Override
            public void onStep(StepInfo s) {
                int every = trainer.config().checkpointEvery();
                if (every > 0 && s.step() % every == 0 && s.step() < s.totalSteps()) {
                    save(trainer);
                }
            }

            @Override
            public void onEnd(long lastStep) {
                if (lastStep > 0 && !trainer.diverged()) {
                    save(trainer);
                }
            }
        };
    }

    /** The checkpoint {@code latest} points at, if any. */
    public Optional<Path> latest() {
        Path pointer = dir.resolve(LATEST);
        if (!Files.isRegularFile(pointer)) {
            return Optional.empty();
        }
        try {
            Path p = dir.resolve(Files.readString(pointer, StandardCharsets.UTF_8).trim());
            return Files.isRegularFile(p.resolve("state.properties")) ? Optional.of(p) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The step of the latest checkpoint, if any. */
    public Optional<Long> latestStep() {
        return latest().map(p -> Long.parseLong(state(p).getProperty("step")));
    }

    private static Properties state(Path ckpt) {
        Properties state = new Properties();
        try (Reader r = Files.newBufferedReader(ckpt.resolve("state.properties"), StandardCharsets.UTF_8)) {
            state.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + ckpt.resolve("state.properties"), e);
        }
        return state;
    }

    /**
     * Restores the latest checkpoint's variables into {@code model}, built for {@code task} and {@code config} (for
     * sampling: no data position, no training data); returns the checkpoint's state.
     */
    public Properties restoreModel(MethodModel model, org.cgml.api.Task task, org.cgml.api.TrainingConfig config) {
        Path ckpt = latest().orElseThrow(() -> new IllegalArgumentException("no checkpoint in " + dir));
        Properties state = state(ckpt);
        if (!task.name().equals(state.getProperty("task")) || !config.method().equals(state.getProperty("method"))
                || config.seed() != Long.parseLong(state.getProperty("seed"))) {
            throw new IllegalStateException("checkpoint " + ckpt + " is of task " + state.getProperty("task")
                    + ", method " + state.getProperty("method") + ", seed " + state.getProperty("seed")
                    + ", not of this run");
        }
        model.session().restore(ckpt.resolve("model").toString());
        return state;
    }

    /** Restores the latest checkpoint into a trainer built with the same task and config; returns its step. */
    public long restore(Trainer trainer) {
        Properties state = restoreModel(trainer.model(), trainer.task(), trainer.config());
        trainer.batches().seek(Long.parseLong(state.getProperty("epoch")), Integer.parseInt(state.getProperty("cursor")));
        long step = Long.parseLong(state.getProperty("step"));
        trainer.restoreStep(step);
        return step;
    }

    private void prune(String newest) throws IOException {
        List<Path> all;
        try (Stream<Path> s = Files.list(dir)) {
            all = s.filter(p -> p.getFileName().toString().startsWith("step-")).sorted(Comparator.reverseOrder()).toList();
        }
        for (int i = keep; i < all.size(); i++) {
            if (!all.get(i).getFileName().toString().equals(newest)) {
                deleteTree(all.get(i));
            }
        }
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
