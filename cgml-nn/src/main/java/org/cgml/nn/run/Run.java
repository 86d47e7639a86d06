package org.cgml.nn.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.cgml.api.Task;
import org.cgml.api.TrainingConfig;
import org.cgml.api.TrainingListener;
import org.cgml.nn.Checkpoints;
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
    private static final String HEADER = "iteration,cost,dynamics_loss,lipschitz,learning_rate,seconds";
    private static final Set<String> TOP_LEVEL = Set.of("task", "method", "seed", "lipschitz_used", "cost", "latent",
            "architecture", "config", "task_options", "provenance");
    /** Doubles in their shortest form that reads back as the same double. */
    private static final ObjectMapper JSON = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build())
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;
    private final java.util.function.Consumer<String> warnings;

    private Run(Path dir) {
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
     * The checks of {@link #create} that change nothing: a folder that holds a run with a checkpoint, is being
     * written, is a file, or holds other files is refused with one message.
     */
    public static void checkCanCreate(Path dir) {
        if (exists(dir)) {
            Run old = new Run(dir);
            if (old.checkpoints().latest().isPresent()) {
                throw new IllegalArgumentException("run folder " + dir
                        + " already holds a run; continue it with --resume or choose another --out");
            }
            old.checkNotBeingWritten();
            return;
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--out " + dir + " is a file, not a folder");
        }
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                if (s.findAny().isPresent()) {
                    throw new IllegalArgumentException("--out " + dir + " is not empty and is not a cGML run folder");
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + dir + ": " + e.getMessage());
            }
        }
    }

    /**
     * A new run folder: absent, empty, or holding a run that never reached its first checkpoint (which is cleared),
     * and writable.
     */
    public static Run create(Path dir) {
        checkCanCreate(dir);
        if (exists(dir)) {
            // a run that never reached a checkpoint (a crash, a divergence) holds nothing to keep: start over
            try {
                org.cgml.nn.Folders.deleteTree(dir);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot clear " + dir + ": " + e.getMessage());
            }
        }
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".probe", "");
            Files.delete(probe);
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException("cannot write to " + dir + " (permission denied)");
        } catch (FileSystemException e) {
            throw new IllegalArgumentException("cannot write to " + dir + ": " + e.getReason());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write to " + dir + ": " + e.getMessage());
        }
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

    /** Writes the resolved config with each value's origin, the task options and the run's provenance. */
    public void writeConfig(Task task, TrainingConfig config, String lipschitzUsed, Map<String, Setting> taskOptions,
                            String command) {
        ObjectNode root = JSON.createObjectNode();
        root.put("task", task.name());
        root.put("method", config.method());
        root.put("seed", config.seed());
        root.put("lipschitz_used", lipschitzUsed);
        root.put("cost", config.cost(task).describe());
        root.putObject("latent").put("dimension", task.latent().dimension()).put("sphere", task.latent().sphere());
        root.put("architecture", task.architecture().toString());
        ObjectNode values = root.putObject("config");
        for (Map.Entry<String, String> e : config.asStrings().entrySet()) {
            ObjectNode entry = values.putObject(e.getKey());
            String v = e.getValue();
            if (v.matches("-?[0-9]+")) {
                entry.put("value", Long.parseLong(v));
            } else if (v.matches("-?[0-9.]+([eE][-+]?[0-9]+)?")) {
                entry.put("value", Double.parseDouble(v));
            } else {
                entry.put("value", v);
            }
            entry.put("origin", config.origin(TrainingConfig.Key.of(e.getKey())).toString());
        }
        ObjectNode options = root.putObject("task_options");
        taskOptions.forEach((k, s) -> {
            ObjectNode entry = options.putObject(k);
            entry.set("value", typed(task, k, s.value()));
            entry.put("origin", s.origin());
        });
        root.set("provenance", JSON.valueToTree(Provenance.now(command, config.threads())));
        try {
            writeAtomically(dir.resolve(CONFIG), JSON.writeValueAsString(root) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A task option's value as JSON: a number or a boolean as such (as the task's option reads the text), any other
     * value as text. Readers take either (earlier runs recorded every option as text).
     */
    private static JsonNode typed(Task task, String name, String text) {
        for (org.cgml.api.TaskOption o : task.options()) {
            if (o.name().equals(name)) {
                Object v;
                try {
                    v = o.parse(text);
                } catch (IllegalArgumentException e) {
                    break;
                }
                if (v instanceof Integer || v instanceof Long) {
                    return JSON.getNodeFactory().numberNode(((Number) v).longValue());
                }
                if (v instanceof Double || v instanceof Float) {
                    return JSON.getNodeFactory().numberNode(((Number) v).doubleValue());
                }
                if (v instanceof Boolean b) {
                    return JSON.getNodeFactory().booleanNode(b);
                }
                break;
            }
        }
        return JSON.getNodeFactory().textNode(text);
    }

    /** The recorded task, method, config builder (values with their origins) and task options. */
    public Recorded readConfig() {
        Path file = dir.resolve(CONFIG);
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not readable JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + " holds no JSON object: not a cGML run folder");
        }
        List<String> unknown = new ArrayList<>();
        root.fieldNames().forEachRemaining(k -> {
            if (!TOP_LEVEL.contains(k)) {
                unknown.add(k);
            }
        });
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(file + " has unknown keys " + unknown + "; known: " + TOP_LEVEL);
        }
        JsonNode task = root.get("task");
        if (task == null || !task.isTextual()) {
            throw new IllegalArgumentException(file + " names no task: not a cGML run folder");
        }
        JsonNode values = root.get("config");
        if (values == null || !values.isObject() || values.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no config values: not a cGML run folder");
        }
        TrainingConfig.Builder builder = TrainingConfig.builder();
        // the recipe first, so that the values recorded after it are the ones kept; a run written before recipes
        // existed ran the paper's (one search start, Z fitted on the steps)
        String recipe = TrainingConfig.Key.RECIPE.id();
        builder.origin(TrainingConfig.Origin.DEFAULT).set(recipe, values.has(recipe)
                ? setting(file, recipe, values.get(recipe)).value() : "paper");
        for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals(recipe)) {
                continue;
            }
            Setting s = setting(file, e.getKey(), e.getValue());
            try {
                builder.origin(TrainingConfig.Origin.valueOf(s.origin().toUpperCase(Locale.ROOT))).set(e.getKey(), s.value());
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(file + " is damaged: " + ex.getMessage());
            }
        }
        Map<String, Setting> options = new LinkedHashMap<>();
        JsonNode opts = root.get("task_options");
        if (opts != null && opts.isObject()) {
            opts.fields().forEachRemaining(e -> options.put(e.getKey(), setting(file, e.getKey(), e.getValue())));
        }
        builder.origin(TrainingConfig.Origin.USER);
        return new Recorded(task.asText(), builder.build().method(), builder, options);
    }

    private static Setting setting(Path file, String key, JsonNode node) {
        JsonNode value = node.get("value");
        JsonNode origin = node.get("origin");
        if (value == null || !value.isValueNode() || origin == null || !origin.isTextual()) {
            throw new IllegalArgumentException(file + " is damaged: '" + key + "' needs a value and an origin");
        }
        return new Setting(value.asText(), origin.asText());
    }

    /** A listener appending one CSV row per step; on resume, rows after the restored step are dropped first. */
    public TrainingListener metricsWriter(long resumedStep) {
        return metricsWriter(resumedStep, List.of());
    }

    /**
     * A listener appending one CSV row per step, with a column for each of the method's own figures {@code extra};
     * on resume, rows after the restored step are dropped first.
     */
    public TrainingListener metricsWriter(long resumedStep, List<String> extra) {
        Path file = dir.resolve(METRICS);
        try {
            List<String> keep = new ArrayList<>();
            keep.add(HEADER + extra.stream().map(e -> "," + e).collect(java.util.stream.Collectors.joining()));
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.isEmpty() && Character.isDigit(line.charAt(0))
                            && Long.parseLong(line.substring(0, line.indexOf(','))) <= resumedStep) {
                        keep.add(line);
                    }
                }
            }
            writeAtomically(file, String.join("\n", keep) + "\n");
            BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            // seconds of training over every process that trained the run: a resumed run counts on
            double before = keep.size() > 1 ? Double.parseDouble(keep.get(keep.size() - 1).split(",")[5]) : 0;
            return new TrainingListener() {
                private double seconds = before;

                @Override
                public void onStep(StepInfo s) {
                    seconds += s.nanos() / 1e9;
                    try {
                        StringBuilder more = new StringBuilder();
                        for (String e : extra) {
                            Float v = s.extra().get(e);
                            more.append(',').append(v == null ? "" : String.format(Locale.ROOT, "%.6g", v));
                        }
                        w.write(String.format(Locale.ROOT, "%d,%.6g,%.6g,%.6g,%.6g,%.4f%s%n", s.step(), s.cost(),
                                s.dynamicsLoss(), s.lipschitz(), s.learningRate(), seconds, more));
                        if (s.step() % 50 == 0) {
                            w.flush();
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }

                @Override
                public void onEnd(long lastStep) {
                    try {
                        w.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            };
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + file + ": " + e.getMessage());
        }
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
     * dies, even by kill -9); a second writer, in this process or another, is refused with one message.
     */
    public WriteLock lockForWriting() {
        Path file = dir.resolve(LOCK);
        try {
            java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file,
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            java.nio.channels.FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new IllegalArgumentException("run folder " + dir + " is being written by another cgml process "
                        + "(it holds " + file + "); wait for it to end or choose another --out");
            }
            java.nio.channels.FileLock held = lock;
            return () -> {
                try {
                    held.release();
                    channel.close();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot release " + file, e);
                }
            };
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot lock " + file + ": " + e.getMessage());
        }
    }

    /** Refuses, with one message, a run folder another process holds for writing; takes and releases the lock. */
    public void checkNotBeingWritten() {
        try (WriteLock lock = lockForWriting()) {
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
        if (trainer.completedSteps() >= trainer.config().iterations()) {
            Path model = dir.resolve(MODEL);
            org.cgml.nn.Folders.deleteTree(model);
            trainer.export(model, trainer.config().samplingSteps());
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

    /** Whether every configured iteration is done (the latest checkpoint is at the config's last step). */
    public boolean finished(TrainingConfig config) {
        return checkpoints().latestStep().orElse(-1L) >= config.iterations();
    }

    /** Writes {@code text} to a temporary sibling and renames it over {@code file}. */
    public static void writeAtomically(Path file, String text) {
        try {
            Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + file + ": " + e.getMessage());
        }
    }
}
