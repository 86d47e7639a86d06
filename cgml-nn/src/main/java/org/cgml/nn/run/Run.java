package org.cgml.nn.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
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
     * The file a new run folder gets before anything else: what proves that cgml made the folder, and so may clear
     * the files it wrote there when the run never reached a checkpoint.
     */
    public static final String MARKER = ".cgml-run";
    private static final String MARKER_LINE = "cGML-J run folder: written by cgml; its files are cleared when the run is "
            + "trained anew before its first checkpoint";

    /** Whether {@code dir} carries the marker of a folder cgml made. */
    static boolean marked(Path dir) {
        Path m = dir.resolve(MARKER);
        if (!Files.isRegularFile(m, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (java.io.BufferedReader r = Files.newBufferedReader(m, StandardCharsets.UTF_8)) {
            return MARKER_LINE.equals(r.readLine());
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The checks of {@link #create} that change nothing: a folder that holds a checkpoint, is being written, is a
     * file, holds files cgml did not write, or cannot be written is refused with one message naming the folder and
     * what to do.
     */
    public static void checkCanCreate(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--out " + dir + " is a file, not a folder");
        }
        if (Files.isDirectory(dir)) {
            if (new Run(dir).checkpoints().latest().isPresent()) {
                throw new IllegalArgumentException("run folder " + dir + " already holds a run"
                        + (exists(dir) ? "; continue it with --resume or choose another --out"
                                : " (checkpoints, but no " + CONFIG + "); choose another --out"));
            }
            boolean empty;
            try (Stream<Path> s = Files.list(dir)) {
                empty = s.findAny().isEmpty();
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + dir + ": " + org.cgml.api.OutputFiles.reason(e));
            }
            if (!empty) {
                if (!marked(dir)) {
                    throw new IllegalArgumentException(exists(dir)
                            ? "--out " + dir + " holds a " + CONFIG + " but no " + MARKER + ", so it is not a run folder "
                                + "this cgml made; nothing was changed: choose another --out (or, if it is an old run "
                                + "you no longer need, remove it yourself)"
                            : "--out " + dir + " is not empty and is not a cGML run folder; nothing was changed: choose "
                                + "a new or empty folder");
                }
                new Run(dir).checkNotBeingWritten();
                List<String> foreign = new ArrayList<>();
                ours(dir, foreign);
                if (!foreign.isEmpty()) {
                    throw new IllegalArgumentException("--out " + dir + " holds a run that never reached a checkpoint "
                            + "and files cgml did not write (" + String.join(", ", foreign.subList(0,
                            Math.min(5, foreign.size()))) + (foreign.size() > 5 ? ", ..." : "") + "); nothing was "
                            + "changed: move them out of it, or choose another --out");
                }
            }
        }
        probeWritable(dir);
    }

    /**
     * Refuses, with the operating system's reason, a folder that cannot be made or written: creates it (and its
     * missing parents) and a file in it, then removes again what it created.
     */
    private static void probeWritable(Path dir) {
        Path first = null; // the outermost folder created here
        for (Path p = dir.toAbsolutePath(); p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
            first = p;
        }
        try {
            Files.createDirectories(dir);
            Files.delete(Files.createTempFile(dir, ".probe", ""));
        } catch (IOException e) {
            String where = e instanceof FileSystemException f && f.getFile() != null
                    && !Path.of(f.getFile()).toAbsolutePath().equals(dir.toAbsolutePath()) ? " (at " + f.getFile() + ")" : "";
            throw new IllegalArgumentException("cannot write to " + dir + ": " + org.cgml.api.OutputFiles.reason(e) + where);
        } finally {
            if (first != null) {
                for (Path p = dir.toAbsolutePath(); p != null && p.startsWith(first); p = p.getParent()) {
                    try {
                        Files.deleteIfExists(p); // empty folders made by the probe
                    } catch (IOException e) {
                        break;
                    }
                }
            }
        }
    }

    /** Names (relative to a run folder) of the files cgml writes at its top level, or while writing them. */
    private static final java.util.regex.Pattern TOP = java.util.regex.Pattern.compile(
            "(config\\.json|metrics\\.csv|loss\\.(png|svg)|convergence\\.(csv|png|svg)|\\.lock|\\.cgml-run)"
            + "|\\.(config\\.json|metrics\\.csv|loss\\.(png|svg)|convergence\\.(csv|png|svg))\\.tmp"
            + "|\\.probe[0-9]*|" + java.util.regex.Pattern.quote(TensorBoard.PREFIX) + "[^/]+"
            // per-stream event folders, as Keras writes them
            + "|(train|heldout)/" + java.util.regex.Pattern.quote(TensorBoard.PREFIX) + "[^/]+"
            // checkpoints: the pointers, the step folders, and those being written or set aside
            + "|checkpoints/(latest|checkpoint|\\.latest\\.tmp|\\.checkpoint\\.tmp)"
            + "|checkpoints/(\\.(writing|replaced)-[^/]+/)?(step-[0-9]{9}/)?(model[^/]*(/[^/]+)*|state\\.properties)"
            // TensorFlow's SavedModel
            + "|saved_model/(saved_model\\.pb|\\.saved_model\\.pb\\.tmp|fingerprint\\.pb|variables/[^/]+(/[^/]+)*"
            + "|assets/[^/]+)");
    private static final java.util.regex.Pattern TOP_FOLDERS = java.util.regex.Pattern.compile(
            "train|heldout|checkpoints|saved_model|checkpoints/\\.(writing|replaced)-[^/]+(/step-[0-9]{9})?"
            + "|checkpoints/step-[0-9]{9}|checkpoints/(\\.(writing|replaced)-[^/]+/)?(step-[0-9]{9}/)?model[^/]*(/[^/]+)*"
            + "|saved_model/(variables|assets)(/[^/]+)*");

    /**
     * Every file and folder under the marked run folder {@code dir} that cgml writes (known by name and place),
     * deepest first; what it does not know goes into {@code foreign} by its path in the folder. Links are never
     * followed and never ours.
     */
    private static List<Path> ours(Path folder, List<String> foreign) {
        List<Path> ours = new ArrayList<>();
        try {
            Path dir = folder.toRealPath(); // --out may be a link to the folder; nothing under it is followed
            Files.walkFileTree(dir, new java.nio.file.SimpleFileVisitor<>() {
                private String rel(Path p) {
                    return dir.relativize(p).toString().replace(java.io.File.separatorChar, '/');
                }

                @Override
                public java.nio.file.FileVisitResult preVisitDirectory(Path d,
                        java.nio.file.attribute.BasicFileAttributes a) {
                    if (d.equals(dir)) {
                        return java.nio.file.FileVisitResult.CONTINUE;
                    }
                    if (TOP_FOLDERS.matcher(rel(d)).matches()) {
                        ours.add(d);
                        return java.nio.file.FileVisitResult.CONTINUE;
                    }
                    foreign.add(rel(d) + "/"); // not looked into
                    return java.nio.file.FileVisitResult.SKIP_SUBTREE;
                }

                @Override
                public java.nio.file.FileVisitResult visitFile(Path f, java.nio.file.attribute.BasicFileAttributes a) {
                    if (a.isRegularFile() && TOP.matcher(rel(f)).matches()) {
                        ours.add(f);
                    } else {
                        foreign.add(rel(f));
                    }
                    return java.nio.file.FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + folder + ": " + org.cgml.api.OutputFiles.reason(e));
        }
        ours.sort(Comparator.reverseOrder());
        return ours;
    }

    /**
     * A new run folder: absent, empty, or made by cgml for a run that never reached its first checkpoint (whose
     * files are then deleted: only those, and only when nothing else is in the folder), and writable. A new folder
     * gets {@link #MARKER} first.
     */
    public static Run create(Path dir) {
        checkCanCreate(dir);
        Run run = new Run(dir);
        if (marked(dir)) {
            // a run that never reached a checkpoint (a crash, a divergence, a full disk) holds nothing to keep
            try (WriteLock lock = run.lockForWriting()) {
                List<String> foreign = new ArrayList<>();
                List<Path> ours = ours(dir, foreign);
                if (!foreign.isEmpty()) {
                    throw new IllegalArgumentException("--out " + dir + " changed while it was checked: it holds " + foreign
                            + "; nothing was changed");
                }
                for (Path p : ours) {
                    String name = dir.toRealPath().relativize(p).toString();
                    if (!name.equals(MARKER) && !name.equals(LOCK)) {
                        Files.delete(p);
                    }
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot clear " + dir + ": " + org.cgml.api.OutputFiles.reason(e)
                        + " (" + e.getMessage() + ")");
            }
            return run;
        }
        Path marker = dir.resolve(MARKER);
        try {
            Files.createDirectories(dir);
            // written in place, never beside and renamed: the folder holds nothing but the marker or nothing at all
            Files.writeString(marker, MARKER_LINE + "\nid=" + java.util.UUID.randomUUID() + "\ncreated="
                    + java.time.Instant.now() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            try {
                if (Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS) && !marked(dir)) {
                    Files.delete(marker); // ours, cut short (a full disk): the folder is empty again
                }
            } catch (IOException ignored) {
                // the message below says what failed
            }
            throw new UncheckedIOException("cannot write " + marker + ": " + e.getMessage(), e);
        }
        return run;
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
        root.put("method", config.get(TrainingConfig.METHOD));
        root.put("seed", config.get(TrainingConfig.SEED));
        root.put("lipschitz_used", lipschitzUsed);
        root.put("cost", config.cost(task).describe());
        root.putObject("latent").put("dimension", task.latent().dimension()).put("sphere", task.latent().sphere());
        root.put("architecture", task.architecture().toString());
        ObjectNode values = root.putObject("config");
        for (org.cgml.api.Key<?> k : recordedKeys(config)) {
            ObjectNode entry = values.putObject(k.name());
            String v = config.text(k);
            if (v.matches("-?[0-9]+")) {
                entry.put("value", Long.parseLong(v));
            } else if (v.matches("-?[0-9.]+([eE][-+]?[0-9]+)?")) {
                entry.put("value", Double.parseDouble(v));
            } else {
                entry.put("value", v);
            }
            entry.put("origin", config.origin(k).toString());
        }
        ObjectNode options = root.putObject("task_options");
        taskOptions.forEach((k, s) -> {
            ObjectNode entry = options.putObject(k);
            entry.set("value", typed(task, k, s.value()));
            entry.put("origin", s.origin());
        });
        root.set("provenance", JSON.valueToTree(Provenance.now(command, config.threads(),
                org.cgml.nn.PrecisionChoice.of(config, task.architecture(), true))));
        try {
            writeAtomically(dir.resolve(CONFIG), JSON.writeValueAsString(root) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The keys config.json records: those the config holds values of, then the settings its method declares. */
    private static List<org.cgml.api.Key<?>> recordedKeys(TrainingConfig config) {
        List<org.cgml.api.Key<?>> keys = new ArrayList<>(config.keys());
        for (Method m : Method.installed()) {
            if (m.name().equals(config.get(TrainingConfig.METHOD))) {
                m.settings().stream().filter(k -> !keys.contains(k)).forEach(keys::add);
            }
        }
        return keys;
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

    /**
     * The precision the run last computed in, as its provenance records it ({@code fp32} or {@code bf16}), or empty
     * for a run written before the setting existed or a config.json without it.
     */
    public java.util.Optional<String> recordedPrecision() {
        try {
            JsonNode p = JSON.readTree(dir.resolve(CONFIG).toFile()).path("provenance").path("precision");
            return p.isTextual() ? java.util.Optional.of(p.asText()) : java.util.Optional.empty();
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
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
        TrainingConfig.Builder builder = TrainingConfig.builder().declare(Method.settings(Method.installed()));
        // the recipe first, so that the values recorded after it are the ones kept; a run written before recipes
        // existed ran the paper's (one search start, Z fitted on the steps)
        String recipe = TrainingConfig.RECIPE.name();
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
        return new Recorded(task.asText(), builder.build().get(TrainingConfig.METHOD), builder, options);
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
     * The rows of a CSV file keyed by an increasing iteration in its first column (metrics.csv, convergence.csv)
     * up to {@code step}: the header first (or none, when the file is absent or empty), then each intact row
     * (as many fields as the header, each a number or empty) whose iteration is above the one before, as a kill or
     * a full disk leaves them (a row cut short, a half-written line). When {@code complete} says the file holds one
     * row per iteration, rows missing up to {@code step} are told to {@code warnings} in one message.
     */
    public static List<String> rowsUpTo(Path file, long step, boolean complete,
                                        java.util.function.Consumer<String> warnings) {
        List<String> keep = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return keep;
        }
        String text;
        try {
            text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + org.cgml.api.OutputFiles.reason(e));
        }
        List<String> lines = text.lines().toList();
        if (lines.isEmpty() || !lines.get(0).startsWith("iteration,")) {
            if (!lines.isEmpty()) {
                warnings.accept(file + " has no header; its rows are dropped");
            }
            return keep;
        }
        keep.add(lines.get(0));
        int columns = lines.get(0).split(",", -1).length;
        long last = -1;
        // a line is whole only when a newline ends it: the last one may be cut mid-number
        int whole = text.endsWith("\n") ? lines.size() : lines.size() - 1;
        for (int i = 1; i < lines.size(); i++) {
            Long at = i < whole ? iteration(lines.get(i), columns) : null;
            if (at == null || at <= last) {
                continue; // cut short, not a row, or a repeated iteration
            }
            if (at <= step) {
                keep.add(lines.get(i));
                last = at;
            }
        }
        long missing = complete ? step - (keep.size() - 1) : 0;
        if (missing > 0) {
            warnings.accept(file + " lacks " + missing + " of the rows up to iteration " + step
                    + " (damaged or lost); they stay missing and the run goes on");
        }
        return keep;
    }

    /** The iteration of an intact CSV row of {@code columns} numeric (or empty) fields, else null. */
    private static Long iteration(String line, int columns) {
        String[] f = line.split(",", -1);
        if (f.length != columns || !f[0].matches("[0-9]{1,18}")) {
            return null;
        }
        for (int c = 1; c < f.length; c++) {
            if (!f[c].isEmpty()) {
                try {
                    Double.parseDouble(f[c]);
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return Long.parseLong(f[0]);
    }

    /**
     * A listener appending one CSV row per step, with a column for each of the method's own figures {@code extra};
     * on resume, rows after the restored step are dropped first (and rows up to it are kept, each once). Values are
     * written as {@link Csv#number(float)} writes them (numbers only: no field needs quoting), so they read back as
     * the very floats the step returned. The rows are flushed every 50 iterations and made durable (flushed and synced to the disk) at every
     * {@code checkpoint_every} and at the end, before the checkpoint of that iteration is written: a run killed at
     * any moment keeps every row up to its latest checkpoint. It must come before the checkpoint saver among the
     * listeners (as in {@link Trainer#fit(org.cgml.nn.Checkpoints, List)}); when a row cannot be written, its
     * {@code onEnd} fails too, so no checkpoint is saved beyond the rows on disk.
     */
    public TrainingListener metricsWriter(long resumedStep, List<String> extra) {
        Path file = dir.resolve(METRICS);
        List<String> keep = rowsUpTo(file, resumedStep, true, warnings);
        String header = HEADER + extra.stream().map(e -> "," + e).collect(java.util.stream.Collectors.joining());
        if (!keep.isEmpty() && keep.get(0).split(",", -1).length != header.split(",", -1).length) {
            warnings.accept(file + " has other columns (" + keep.get(0) + ") than this run writes (" + header
                    + "); its rows are dropped");
            keep.clear();
        }
        if (keep.isEmpty()) {
            keep.add(header);
        } else {
            keep.set(0, header);
        }
        writeAtomically(file, String.join("\n", keep) + "\n");
        java.io.FileOutputStream stream;
        try {
            stream = new java.io.FileOutputStream(file.toFile(), true);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + file + ": " + org.cgml.api.OutputFiles.reason(e));
        }
        BufferedWriter w = new BufferedWriter(new java.io.OutputStreamWriter(stream, StandardCharsets.UTF_8));
        // seconds of training over every process that trained the run: a resumed run counts on
        String lastRow = keep.get(keep.size() - 1);
        String lastSeconds = keep.size() > 1 ? lastRow.split(",", -1)[5] : "";
        double before = lastSeconds.isEmpty() ? 0 : Double.parseDouble(lastSeconds);
        return new TrainingListener() {
            private double seconds = before;
            private int every;
            private IOException failed;

            @Override
            public void onBegin(TrainingConfig config, long firstStep) {
                every = config.get(TrainingConfig.CHECKPOINT_EVERY);
            }

            @Override
            public void onStep(StepInfo s) {
                seconds += s.nanos() / 1e9;
                StringBuilder row = new StringBuilder().append(s.step()).append(',').append(Csv.number(s.cost()))
                        .append(',').append(Csv.number(s.dynamicsLoss())).append(',').append(Csv.number(s.lipschitz()))
                        .append(',').append(Csv.number(s.learningRate())).append(',')
                        .append(String.format(Locale.ROOT, "%.4f", seconds));
                for (String e : extra) {
                    Float v = s.extra().get(e);
                    row.append(',').append(v == null ? "" : Csv.number(v));
                }
                try {
                    w.write(row.append('\n').toString());
                    if (every > 0 && s.step() % every == 0) {
                        durable(); // before the checkpoint of this iteration (the saver comes after)
                    } else if (s.step() % 50 == 0) {
                        w.flush();
                    }
                } catch (IOException e) {
                    failed = e;
                    throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
                }
            }

            private void durable() throws IOException {
                w.flush();
                stream.getFD().sync();
            }

            @Override
            public void onEnd(long lastStep) {
                try {
                    if (failed == null) {
                        durable();
                    }
                    w.close();
                } catch (IOException e) {
                    failed = failed == null ? e : failed;
                }
                if (failed != null) { // no checkpoint past the rows on disk: the listeners after this one are skipped
                    throw new UncheckedIOException("cannot write " + file + ": " + failed.getMessage(), failed);
                }
            }
        };
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
        if (trainer.completedSteps() >= trainer.config().get(TrainingConfig.ITERATIONS)) {
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

    /** Whether every configured iteration is done (the latest checkpoint is at the config's last step). */
    public boolean finished(TrainingConfig config) {
        return checkpoints().latestStep().orElse(-1L) >= config.get(TrainingConfig.ITERATIONS);
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
