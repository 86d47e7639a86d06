package org.cgml.nn.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cgml.api.Task;
import org.cgml.api.TrainingConfig;
import org.cgml.api.TrainingListener;
import org.cgml.nn.Checkpoints;
import org.cgml.nn.Method;
import org.cgml.nn.Trainer;

/**
 * One training run's folder, usable without the CLI: {@code config.json} (task, method, seed, every resolved value
 * marked default / task / user, task options, provenance), {@code metrics.csv}, {@code loss.png},
 * {@code checkpoints/} and {@code saved_model/}. Create one for a new run, open one to resume or sample it.
 * Bad input (a foreign or damaged folder, an unwritable place) throws {@link IllegalArgumentException} with one
 * clear message.
 */
public final class Run {
    public static final String CONFIG = "config.json";
    public static final String METRICS = "metrics.csv";
    public static final String LOSS = "loss.png";
    public static final String CHECKPOINTS = "checkpoints";
    public static final String MODEL = "saved_model";
    private final Path dir;
    private final java.util.function.Consumer<String> warnings;

    Run(Path dir) {
        this(dir, Checkpoints.WARN_ON_STDERR);
    }

    private Run(Path dir, java.util.function.Consumer<String> warnings) {
        this.dir = dir;
        this.warnings = warnings;
    }

    /**
     * This run, telling {@code warnings} what it recovers from (a damaged checkpoint passed over for another), each
     * warning once however often its checkpoints are read.
     */
    public Run warnTo(java.util.function.Consumer<String> warnings) {
        java.util.Set<String> said = java.util.concurrent.ConcurrentHashMap.newKeySet();
        return new Run(dir, w -> {
            if (said.add(w)) {
                warnings.accept(w);
            }
        });
    }

    public Path dir() {
        return dir;
    }

    /** A value as recorded, with where it came from ({@code default}, {@code task} or {@code user}). */
    public record Setting(String value, String origin) {
    }

    /** What config.json records: task, method, the config values with their origins, the task options. */
    public record Recorded(String task, String method, TrainingConfig.Builder builder, Map<String, Setting> taskOptions) {
        /** Just the values of the task options. */
        public Map<String, String> optionValues() {
            return values(taskOptions);
        }
    }

    /** Every option of {@code task}: the value {@code given} for it ({@code user}), else its default. */
    public static Map<String, Setting> taskOptions(Task task, Map<String, String> given) {
        Map<String, Setting> out = new LinkedHashMap<>();
        for (org.cgml.api.TaskOption o : task.options()) {
            out.put(o.name(), given.containsKey(o.name()) ? new Setting(given.get(o.name()), "user")
                    : new Setting(o.defaultValue(), "default"));
        }
        return out;
    }

    /** Just the values of recorded settings. */
    public static Map<String, String> values(Map<String, Setting> settings) {
        Map<String, String> v = new LinkedHashMap<>();
        settings.forEach((k, s) -> v.put(k, s.value()));
        return v;
    }

    /** Whether {@code dir} holds a run (a config.json). */
    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(CONFIG));
    }

    /**
     * The file a new run folder gets before anything else: what proves that cgml made the folder, and so may clear
     * the files it wrote there when the run never reached a checkpoint.
     */
    public static final String MARKER = ".cgml-run";
    /** Whether {@code dir} carries the marker of a folder cgml made. */
    static boolean marked(Path dir) {
        return RunFolder.marked(dir);
    }

    /**
     * The checks of {@link #create} that change nothing: a folder that holds a checkpoint, is being written, is a
     * file, holds files cgml did not write, or cannot be written is refused with one message naming the folder and
     * what to do.
     */
    public static void checkCanCreate(Path dir) {
        RunFolder.checkCanCreate(dir);
    }

    /**
     * A new run folder: absent, empty, or made by cgml for a run that never reached its first checkpoint (whose
     * files are then deleted: only those, and only when nothing else is in the folder), and writable. A new folder
     * gets {@link #MARKER} first.
     */
    public static Run create(Path dir) {
        RunFolder.create(dir);
        return new Run(dir);
    }

    /** An existing run folder (it must hold config.json). */
    public static Run open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("run folder " + dir + " does not exist");
        }
        if (!exists(dir)) {
            throw new IllegalArgumentException(dir + " is not a cGML run folder (no " + CONFIG + ")");
        }
        return new Run(dir);
    }

    public Checkpoints checkpoints() {
        return new Checkpoints(dir.resolve(CHECKPOINTS), 3, warnings);
    }

    /**
     * Writes the resolved config of a run of {@code method} with each value's origin (the method's own settings among
     * them, defaults too), the Lipschitz form it applies, the task options and the run's provenance; for a run that
     * has a checkpoint (a resume), the provenance of the training that started it stays and this sitting's is added
     * to {@code resumed} with the iteration it continues from.
     */
    public void writeConfig(Task task, TrainingConfig config, Method method, Map<String, Setting> taskOptions,
                            String command) {
        if (!method.name().equals(config.get(TrainingConfig.METHOD))) {
            throw new IllegalArgumentException("a config of method " + config.get(TrainingConfig.METHOD)
                    + " written for method " + method.name());
        }
        ConfigFile.write(dir, task, config, method, taskOptions, command,
                checkpoints().latestIteration().orElse(null));
    }

    /**
     * Records in config.json that this sitting ({@code command}) continues the run from its latest checkpoint: its
     * provenance (commit, CPU, precision) is added to {@code resumed}; the values and the first provenance stay.
     */
    public void recordResume(Task task, TrainingConfig config, String command) {
        try (WriteLock lock = lockForWriting()) { // a run another process trains is refused before config.json changes
            ConfigFile.recordResume(dir, config, task, command, checkpoints().latestIteration().orElse(0L));
        }
    }

    /**
     * Records new values of settings only sampling reads ({@link org.cgml.api.Key#sampling()}) in config.json, the
     * rest of it (the training's provenance among it) kept: a trained run scored under other sampling settings.
     */
    public void updateSampling(TrainingConfig config, java.util.Collection<? extends org.cgml.api.Key<?>> keys) {
        for (org.cgml.api.Key<?> k : keys) {
            if (!k.sampling()) {
                throw new IllegalArgumentException(k.name() + " shapes the training: a trained run keeps it");
            }
        }
        ConfigFile.update(dir, config, keys);
    }

    /**
     * The precision the run last computed in, as its provenance records it ({@code fp32} or {@code bf16}), or empty
     * for a run written before the setting existed or a config.json without it.
     */
    public java.util.Optional<String> recordedPrecision() {
        return ConfigFile.recordedPrecision(dir);
    }

    /**
     * The recorded task, method, config builder (values with their origins) and task options, the settings of the
     * methods found through ServiceLoader known besides the engine's.
     */
    public Recorded readConfig() {
        return readConfig(List.of());
    }

    /**
     * As {@link #readConfig()}, with {@code settings} known too: those of the methods a plugin module or a program
     * adds (e.g. {@code Method.settings(registry.methods().values())}).
     */
    public Recorded readConfig(java.util.Collection<? extends org.cgml.api.Key<?>> settings) {
        return ConfigFile.read(dir, settings);
    }

    /** A listener appending one CSV row per iteration; on resume, rows after the restored iteration are dropped first. */
    public TrainingListener metricsWriter(long resumedStep) {
        return metricsWriter(resumedStep, List.of());
    }

    /**
     * The rows of a CSV file keyed by an increasing iteration in its first column (metrics.csv, convergence.csv)
     * up to {@code iteration}: the header first (or none, when the file is absent or empty), then each intact row
     * (as many fields as the header, each a number or empty) whose iteration is above the one before, as a kill or
     * a full disk leaves them (a row cut short, a half-written line). When {@code complete} says the file holds one
     * row per iteration, rows missing up to {@code iteration} are told to {@code warnings} in one message.
     */
    public static List<String> rowsUpTo(Path file, long iteration, boolean complete,
                                        java.util.function.Consumer<String> warnings) {
        return MetricsFile.rowsUpTo(file, iteration, complete, warnings);
    }

    /**
     * A listener appending one CSV row per iteration, with a column for each of the method's own figures {@code extra};
     * on resume, rows after the restored iteration are dropped first (and rows up to it are kept, each once). Values are
     * written as {@link Csv#number(float)} writes them (numbers only: no field needs quoting), so they read back as
     * the very floats the iteration returned. The rows are flushed every 50 iterations and made durable (flushed and synced to the disk) at every
     * {@code checkpoint_every} and at the end, before the checkpoint of that iteration is written: a run killed at
     * any moment keeps every row up to its latest checkpoint. It must come before the checkpoint saver among the
     * listeners (as in {@link Trainer#fit(org.cgml.nn.Checkpoints, List)}); when a row cannot be written, its
     * {@code onEnd} fails too, so no checkpoint is saved beyond the rows on disk.
     */
    public TrainingListener metricsWriter(long resumedStep, List<String> extra) {
        return MetricsFile.writer(dir, resumedStep, extra, warnings);
    }

    /** Draws the loss curves of metrics.csv into loss.png. */
    public void plotLoss() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve(METRICS), StandardCharsets.UTF_8);
            LossCurve.write(lines.get(0), lines.subList(1, lines.size()), dir.resolve(LOSS));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw " + dir.resolve(LOSS), e);
        }
    }

    /** A held write lock; closing it releases the lock. */
    public interface WriteLock extends AutoCloseable {
        @Override
        void close();
    }

    /** File whose OS lock marks the run folder as being written. */
    public static final String LOCK = ".lock";

    /**
     * Takes the run folder's write lock (an OS file lock on {@code .lock}, released when closed or when the process
     * dies, even by kill -9), the lock file then naming this process; a second writer, in this process or another, is
     * refused with one message that names the holder.
     */
    public WriteLock lockForWriting() {
        return RunFolder.lock(dir, true);
    }

    /**
     * Whether a process holds the run folder's write lock now (tried and released at once; a folder without the lock
     * file never was written). For reports such as {@code cgml bench status}: a writer that starts between the try and
     * the release is refused with the usual message.
     */
    public static boolean beingWritten(Path dir) {
        if (!Files.isRegularFile(dir.resolve(LOCK))) {
            return false;
        }
        try (WriteLock lock = RunFolder.lock(dir)) {
            return false;
        } catch (IllegalArgumentException held) {
            return true;
        }
    }

    /** Refuses, with one message, a run folder another process holds for writing; takes and releases the lock. */
    public void checkNotBeingWritten() {
        try (WriteLock lock = RunFolder.lock(dir)) {
            // free: nothing else writes it
        }
    }

    /**
     * Trains into this run: resumes from the latest checkpoint when asked, writes metrics.csv, checkpoints at the
     * configured interval and at the end (also when the process is asked to stop), loss.png, and the SavedModel
     * (sampler at the config's sampling steps T) once every iteration is done.
     */
    public void train(Trainer trainer, boolean resume, List<TrainingListener> extra)
            throws IOException {
        try (WriteLock lock = lockForWriting()) {
            trainLocked(trainer, resume, extra);
        }
    }

    private void trainLocked(Trainer trainer, boolean resume, List<TrainingListener> extra)
            throws IOException {
        Checkpoints checkpoints = checkpoints();
        checkpoints.removeUnfinished(); // what a process killed while saving left behind
        long start = 0;
        if (resume) {
            if (checkpoints.latest().isEmpty()) {
                throw new IllegalArgumentException("run " + dir + " has no checkpoint to resume from");
            }
            start = checkpoints.restore(trainer);
        }
        List<TrainingListener> listeners = new ArrayList<>();
        listeners.add(metricsWriter(start, trainer.model().extraLosses()));
        listeners.add(new TensorBoard(dir.resolve(TensorBoard.TRAIN), TensorBoard.TRAIN));
        listeners.addAll(extra);
        // On SIGTERM or Ctrl-C: stop after the current iteration and wait (at most 2 minutes) until the checkpoint is
        // written; waiting for the training thread itself would hang, as it then blocks in System.exit.
        java.util.concurrent.CountDownLatch saved = new java.util.concurrent.CountDownLatch(1);
        Thread hook = new Thread(() -> {
            trainer.requestStop();
            try {
                saved.await(120, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            trainer.fit(checkpoints, listeners);
        } finally {
            saved.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: the checkpoint above was the last thing to do
            }
        }
        plotLoss();
        if (trainer.completedIterations() >= trainer.config().get(TrainingConfig.ITERATIONS)) {
            Path model = dir.resolve(MODEL);
            org.cgml.nn.Folders.deleteTree(model);
            trainer.export(model, trainer.config().get(TrainingConfig.SAMPLING_STEPS));
        }
    }

    /**
     * The run's model with its latest weights, built by {@code method} for sampling: no optimizer, no optimizer state
     * loaded, no training data read.
     */
    public org.cgml.nn.MethodModel samplingModel(org.cgml.nn.Method method, Task task, TrainingConfig config) {
        if (checkpoints().latest().isEmpty()) {
            throw new IllegalArgumentException("run " + dir + " has no checkpoint: train it first");
        }
        org.cgml.nn.MethodModel model = method.buildForSampling(task, config);
        try {
            checkpoints().restoreModel(model, task, config);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        return model;
    }

    /** Whether every configured iteration is done (the latest checkpoint is at the config's last iteration). */
    public boolean finished(TrainingConfig config) {
        return checkpoints().latestIteration().orElse(-1L) >= config.get(TrainingConfig.ITERATIONS);
    }

    /**
     * Writes {@code text} as {@link org.cgml.nn.Folders#write} does (a temporary sibling renamed over a regular
     * file, a device written in place, a pipe or folder refused); a failure is one message naming the file.
     */
    public static void writeAtomically(Path file, String text) {
        try {
            org.cgml.api.OutputFiles.writeString(file, text);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + file + ": " + org.cgml.api.OutputFiles.reason(e));
        }
    }
}
