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
import org.cgml.api.TrainingConfig;

/**
 * Checkpoints of a run that resume exactly: every variable (weights, Adam moments and beta powers, spectral-norm
 * vectors), the iteration counter, the data position and the seed (all other randomness derives from seed and
 * iteration). A checkpoint is the folder {@code iteration-N} after N iterations; folders {@code step-N} written before
 * the name changed (their state recording {@code step}) are read as well.
 * Each checkpoint is written into a temporary folder and renamed into place, then the {@code latest} pointer is
 * replaced atomically, so a crash never leaves a half-written checkpoint behind. The newest {@code keep} are kept.
 */
public final class Checkpoints {
    private static final String LATEST = "latest";
    /** Warnings as the command line says them, on standard error. */
    public static final java.util.function.Consumer<String> WARN_ON_STDERR =
            w -> System.err.println("cgml: warning: " + w);
    /** A checkpoint folder's name: {@code iteration-N}, or {@code step-N} as earlier versions wrote it. */
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("(iteration|step)-(\\d{9})");
    /** The prefix of the checkpoint folders written now. */
    private static final String PREFIX = "iteration-";
    /** Newest first: by iteration, the present name before the earlier one at the same iteration. */
    private static final Comparator<Path> NEWEST_FIRST = Comparator.<Path>comparingLong(p -> iterationOf(p))
            .thenComparing(p -> p.getFileName().toString().startsWith(PREFIX)).reversed();
    private final Path dir;
    private final int keep;
    private final java.util.function.Consumer<String> warnings;
    /** How often a reader lists the checkpoints again when the one it read was pruned under it. */
    private static final int MAX_LOOKS = 20;
    /**
     * Told before a reader reads a listed checkpoint's {@code state} and then its {@code model} files: lets a test
     * prune the checkpoint at exactly that moment, as a training process may.
     */
    java.util.function.BiConsumer<Path, String> beforeReading = (ckpt, what) -> {
    };

    public Checkpoints(Path dir) {
        this(dir, 3);
    }

    public Checkpoints(Path dir, int keep) {
        this(dir, keep, WARN_ON_STDERR);
    }

    /** Checkpoints in {@code dir}, the newest {@code keep} kept; fallbacks to older checkpoints are told to {@code warnings}. */
    public Checkpoints(Path dir, int keep, java.util.function.Consumer<String> warnings) {
        this.dir = dir;
        this.keep = Math.max(1, keep);
        this.warnings = warnings;
    }

    public Path directory() {
        return dir;
    }

    /** Saves the trainer's full state as {@code iteration-NNNNNNNNN} and points {@code latest} at it. */
    public void save(Trainer trainer) {
        String name = String.format(PREFIX + "%09d", trainer.completedIterations());
        for (java.util.Map.Entry<String, float[]> v : trainer.model().variableValues().entrySet()) {
            for (float f : v.getValue()) {
                if (!Float.isFinite(f)) { // a finite loss can still come with an update that overflowed
                    trainer.markDiverged();
                    throw new IllegalArgumentException("training diverged by iteration " + trainer.completedIterations()
                            + ": " + v.getKey() + " is not finite; not saved (the last checkpoint, if any, is of a "
                            + "finite model); try a lower learning_rate");
                }
            }
        }
        Path tmp = null;
        boolean placed = false;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempDirectory(dir, WRITING);
            trainer.model().save(tmp.resolve("model"));
            Properties state = new Properties();
            Batches.Position pos = trainer.batches().position();
            state.setProperty(ITERATION, Long.toString(trainer.completedIterations()));
            state.setProperty("epoch", Long.toString(pos.epoch()));
            state.setProperty("cursor", Integer.toString(pos.cursor()));
            state.setProperty("seed", Long.toString(trainer.config().get(TrainingConfig.SEED)));
            state.setProperty("task", trainer.task().name());
            state.setProperty("method", trainer.config().get(TrainingConfig.METHOD));
            try (Writer w = Files.newBufferedWriter(tmp.resolve("state.properties"), StandardCharsets.UTF_8)) {
                state.store(w, "cGML-J training state");
            }
            Folders.syncTree(tmp); // on disk before it is renamed into place: the guarantee survives power loss too
            Path target = dir.resolve(name);
            Path replaced = null;
            if (Files.exists(target)) { // set aside, not deleted, until its replacement is in place
                replaced = Files.createTempDirectory(dir, ".replaced-");
                Files.move(target, replaced.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            placed = true;
            Folders.sync(dir);
            if (replaced != null) {
                Folders.deleteTree(replaced);
            }
            Path pointer = dir.resolve(".latest.tmp");
            Files.writeString(pointer, name + "\n", StandardCharsets.UTF_8);
            Folders.sync(pointer);
            Files.move(pointer, dir.resolve(LATEST), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            // TensorFlow's own state file, so its tools find the newest checkpoint too
            Path tfState = dir.resolve(".checkpoint.tmp");
            Files.writeString(tfState, "model_checkpoint_path: \"" + name + "/model\"\nall_model_checkpoint_paths: \""
                    + name + "/model\"\n", StandardCharsets.UTF_8);
            Files.move(tfState, dir.resolve("checkpoint"), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            Folders.sync(dir);
            prune(name);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write checkpoint " + dir.resolve(name) + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null && !placed) {
                removeUnfinished(tmp); // a full disk or a TensorFlow failure leaves no half-written folder behind
            }
        }
    }

    /** Prefix of the folder a checkpoint is written into before it is renamed into place. */
    private static final String WRITING = ".writing-";
    /** What a checkpoint folder holds: TensorFlow's model files (and its temporary ones) and the state. */
    private static final java.util.regex.Pattern OWN = java.util.regex.Pattern.compile(
            "(model[^/]*(/[^/]+)*|state\\.properties)");

    /**
     * Deletes the checkpoint folders a killed process left half-written ({@code .writing-*}), when nothing but a
     * checkpoint's files is in them; call it only while holding the run's write lock.
     */
    public void removeUnfinished() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(WRITING)).toList()) {
                removeUnfinished(p);
            }
        } catch (IOException e) {
            warnings.accept("cannot list " + dir + ": " + e.getMessage());
        }
    }

    /** Deletes one unfinished checkpoint folder if it holds only a checkpoint's files; else warns and keeps it. */
    private void removeUnfinished(Path folder) {
        try {
            List<Path> all;
            try (Stream<Path> s = Files.walk(folder)) {
                all = s.sorted(Comparator.reverseOrder()).toList();
            }
            for (Path p : all) {
                String rel = folder.relativize(p).toString().replace(java.io.File.separatorChar, '/');
                boolean isDir = Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                boolean isFile = Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                if (!rel.isEmpty() && !(isDir || isFile) || isFile && !OWN.matcher(rel).matches()
                        || isDir && !rel.isEmpty() && !OWN.matcher(rel).matches()) {
                    warnings.accept(folder + " holds " + rel + ", which a checkpoint does not; left alone");
                    return;
                }
            }
            for (Path p : all) {
                Files.delete(p);
            }
        } catch (IOException e) {
            warnings.accept("cannot remove the unfinished checkpoint " + folder + ": " + e.getMessage());
        }
    }

    /**
     * A training listener that saves {@code trainer} every {@code checkpoint_every} iterations and when training ends
     * (also when stopped early), as DJL's checkpoint listener does.
     */
    public org.cgml.api.TrainingListener saver(Trainer trainer) {
        return new org.cgml.api.TrainingListener() {
            @Override
            public void onIteration(IterationInfo s) {
                int every = trainer.config().get(TrainingConfig.CHECKPOINT_EVERY);
                if (every > 0 && s.iteration() % every == 0 && s.iteration() < s.iterations()) {
                    save(trainer);
                }
            }

            @Override
            public void onEnd(long lastIteration) {
                if (lastIteration > 0 && !trainer.diverged()) {
                    save(trainer);
                }
            }
        };
    }

    /**
     * The checkpoint {@code latest} points at when it is intact; else (a pointer to a deleted, half-written or
     * tampered checkpoint, or to anything outside this folder) the newest intact one, with a warning; empty when there
     * is none.
     */
    public Optional<Path> latest() {
        return intact().stream().findFirst();
    }

    /**
     * Every intact checkpoint, the one {@code latest} names first (when intact), then the others newest first. A
     * checkpoint is intact when its folder is named iteration-N (or step-N), its state reads back with iteration N
     * and a task, method and
     * seed, and its model files are present.
     */
    private List<Path> intact() {
        Path pointer = dir.resolve(LATEST);
        String named = null;
        if (Files.isRegularFile(pointer)) {
            try {
                named = Files.readString(pointer, StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                named = "(unreadable: " + e.getMessage() + ")";
            }
        }
        List<Path> all = new java.util.ArrayList<>();
        if (named != null && NAME.matcher(named).matches() && problem(dir.resolve(named)) == null) {
            all.add(dir.resolve(named));
        }
        List<Path> others;
        try (Stream<Path> s = Files.isDirectory(dir) ? Files.list(dir) : Stream.empty()) {
            others = s.filter(p -> NAME.matcher(p.getFileName().toString()).matches())
                    .sorted(NEWEST_FIRST).filter(p -> !all.contains(p) && problem(p) == null).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not list checkpoints in " + dir + ": " + e.getMessage(), e);
        }
        if (named != null && all.isEmpty() && !others.isEmpty()) {
            String why = NAME.matcher(named).matches() ? problem(dir.resolve(named))
                    : "'latest' names '" + named + "', not a checkpoint of this folder";
            warnings.accept("checkpoint " + dir.resolve(LATEST) + ": " + why + "; using the newest intact one, "
                    + others.get(0).getFileName());
        }
        all.addAll(others);
        return all;
    }

    /** Why checkpoint folder {@code ckpt} is not intact, or null when it is. */
    private static String problem(Path ckpt) {
        if (!Files.isDirectory(ckpt)) {
            return ckpt.getFileName() + " does not exist";
        }
        java.util.regex.Matcher m = NAME.matcher(ckpt.getFileName().toString());
        if (!m.matches()) {
            return ckpt.getFileName() + " is not named iteration-N";
        }
        Properties state = new Properties();
        try (Reader r = Files.newBufferedReader(ckpt.resolve("state.properties"), StandardCharsets.UTF_8)) {
            state.load(r);
        } catch (IOException | IllegalArgumentException e) {
            return ckpt.getFileName() + " has no readable state.properties";
        }
        String done = completed(state);
        if (!done.matches("\\d{1,18}") || Long.parseLong(done) != Long.parseLong(m.group(2))) {
            return ckpt.getFileName() + " records iteration '" + done + "'";
        }
        for (String key : List.of("epoch", "cursor", "seed", "task", "method")) {
            if (state.getProperty(key) == null) {
                return ckpt.getFileName() + " has no " + key + " in its state";
            }
        }
        if (!Files.isRegularFile(ckpt.resolve("model.index"))) {
            return ckpt.getFileName() + " has no model files";
        }
        return null;
    }

    /** The iterations done at the latest checkpoint, if any. */
    public Optional<Long> latestIteration() {
        return latest().map(p -> Long.parseLong(completed(state(p))));
    }

    /** The key of a checkpoint's state that records its iterations done. */
    private static final String ITERATION = "iteration";

    /** The iterations a checkpoint's {@code state} records done ({@code step} in one written before), or "". */
    private static String completed(Properties state) {
        return state.getProperty(ITERATION, state.getProperty("step", ""));
    }

    /** The iteration in a checkpoint folder's name (that matches {@link #NAME}). */
    private static long iterationOf(Path ckpt) {
        java.util.regex.Matcher m = NAME.matcher(ckpt.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(2)) : -1;
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
        for (int look = 0; ; look++) {
            List<Path> candidates = intact();
            if (candidates.isEmpty()) {
                throw new IllegalArgumentException("no intact checkpoint in " + dir);
            }
            RuntimeException failure = null;
            boolean pruned = false;
            for (Path ckpt : candidates) {
                Properties state;
                try {
                    beforeReading.accept(ckpt, "state");
                    state = state(ckpt);
                } catch (UncheckedIOException e) { // pruned by a training process since it was listed
                    pruned = true;
                    break;
                }
                if (!task.name().equals(state.getProperty("task"))
                        || !config.get(TrainingConfig.METHOD).equals(state.getProperty("method"))
                        || !Long.toString(config.get(TrainingConfig.SEED)).equals(state.getProperty("seed"))) {
                    throw new IllegalStateException("checkpoint " + ckpt + " is of task " + state.getProperty("task")
                            + ", method " + state.getProperty("method") + ", seed " + state.getProperty("seed")
                            + ", not of this run");
                }
                try {
                    beforeReading.accept(ckpt, "model");
                    model.restore(ckpt.resolve("model"));
                    if (failure != null) {
                        warnings.accept("restored checkpoint " + ckpt.getFileName() + " instead");
                    }
                    return state;
                } catch (RuntimeException e) { // TensorFlow says what it could not read
                    // pruned while it was read (its state and index go first): a newer one exists; a corrupt one
                    // keeps its files
                    if (look < MAX_LOOKS && problem(ckpt) != null) {
                        pruned = true;
                        break;
                    }
                    String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
                    warnings.accept("checkpoint " + ckpt + " is corrupt (" + first + ")");
                    failure = new IllegalArgumentException("no intact checkpoint in " + dir + ": the newest, "
                            + candidates.get(0).getFileName() + ", is corrupt (" + first + ")", e);
                }
            }
            if (!pruned || look >= MAX_LOOKS) {
                throw failure != null ? failure : new IllegalArgumentException("no intact checkpoint in " + dir
                        + ": checkpoints are being pruned faster than they can be read");
            }
        }
    }

    /** Restores the latest checkpoint into a trainer built with the same task and config; returns its iteration. */
    public long restore(Trainer trainer) {
        Properties state = restoreModel(trainer.model(), trainer.task(), trainer.config());
        trainer.batches().seek(Long.parseLong(state.getProperty("epoch")), Integer.parseInt(state.getProperty("cursor")));
        long done = Long.parseLong(completed(state));
        trainer.restoreIterations(done);
        return done;
    }

    private void prune(String newest) throws IOException {
        List<Path> all;
        try (Stream<Path> s = Files.list(dir)) {
            all = s.filter(p -> NAME.matcher(p.getFileName().toString()).matches()).sorted(NEWEST_FIRST).toList();
        }
        for (int i = keep; i < all.size(); i++) {
            if (!all.get(i).getFileName().toString().equals(newest)) {
                Folders.deleteTree(all.get(i));
            }
        }
    }
}
