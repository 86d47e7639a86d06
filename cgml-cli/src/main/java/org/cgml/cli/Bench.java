package org.cgml.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.cgml.api.Task;
import org.cgml.api.TaskData;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.LatentUpdate;
import org.cgml.nn.Method;
import org.cgml.nn.MethodModel;
import org.cgml.nn.Trainer;
import org.cgml.nn.evaluation.Convergence;
import org.cgml.nn.evaluation.Evaluator;
import org.cgml.nn.evaluation.Grid;
import org.cgml.nn.evaluation.Reuse;
import org.cgml.nn.evaluation.Score;
import org.cgml.nn.evaluation.SeedSummary;
import org.cgml.nn.run.ProgressListener;
import org.cgml.nn.run.Csv;
import org.cgml.nn.run.Run;

/**
 * One bench: for each of the task's bench settings, each method and each seed, a run folder trained (or reused, or
 * resumed) and scored on every held-out view of the task at every sampling-steps value; then the long table
 * {@code results.csv} ({@code task,setting,method,seed,metric,value}) and the mean, min and max over seeds of every
 * figure in {@code summary.csv} and {@code summary.md}. A run's figures are kept in its folder
 * ({@code figures.csv}), so running the same bench again rescores nothing that is done.
 */
final class Bench {
    /** Header of results.csv, exactly. */
    static final String RESULTS_HEADER = "task,setting,method,seed,metric,value";
    /** A run's figures, written last: its presence marks the run as done. */
    static final String FIGURES = "figures.csv";
    /** Held-out inputs of each method in a setting's side-by-side sample grid. */
    static final int COMPARED_ROWS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Main main;
    private PrintStream err; // the console, or during a cell the console and the cell's log
    private final String taskName;
    private final List<String> methods;
    private final List<Long> seeds;
    private final Long iterations;
    private final Map<String, String> set;
    private final Map<String, String> config;
    private final int modes;
    private final int count;
    private final List<Integer> samplingSteps;
    private final List<LatentUpdate> updates;
    private final Path out;
    private final long curveEvery;
    private final Evaluator evaluator;

    Bench(Main main, String taskName, List<String> methods, List<Long> seeds, Long iterations, Map<String, String> set,
          Map<String, String> config, int modes, int count, List<Integer> samplingSteps, List<LatentUpdate> updates,
          Path out, long curveEvery, org.cgml.eval.Lpips lpips, org.cgml.eval.InceptionV3 inception) {
        this.main = main;
        this.err = main.err;
        this.taskName = taskName;
        this.methods = methods;
        this.seeds = seeds;
        this.iterations = iterations;
        this.set = set;
        this.config = config;
        this.modes = modes;
        this.count = count;
        // none given: the sampling default the runs' config.json will record (the task's, or --config's)
        this.samplingSteps = !samplingSteps.isEmpty() ? samplingSteps
                : List.of(config(main.registry().task(taskName), methodOf(methods.get(0)),
                        seeds.get(0)).get(TrainingConfig.SAMPLING_STEPS));
        this.updates = updates;
        this.out = out;
        this.curveEvery = curveEvery;
        this.evaluator = new Evaluator(modes, count, this.samplingSteps, updates, lpips, inception);
    }

    /** One figure of one run. */
    record Row(String setting, String method, long seed, String metric, double value) {
        String csv(String task) {
            return Csv.line(List.of(task, setting, method, seed, metric, value));
        }
    }

    /** A run of the bench whose figures are in no table, and why. */
    record LeftOut(String label, String method, long seed, String why) {
    }

    /** File in a bench folder that marks it as written by the bench (only such a folder is written into). */
    static final String MARKER = "bench.json";

    /** One run of the bench's plan: a setting, a method and a seed, numbered in the order a local bench runs them. */
    record Cell(int index, Map<String, String> setting, String label, String method, long seed) {
    }

    /** What one call of {@link #run} does: every cell (local), one cell (a SLURM array task), or the tables only. */
    enum Part { ALL, CELL, MERGE }

    private Part part = Part.ALL;
    private int onlyCell = -1;

    /** Makes {@link #run} train and score only cell {@code index} of the plan (no tables): what a SLURM task runs. */
    Bench onlyCell(int index) {
        this.part = Part.CELL;
        this.onlyCell = index;
        return this;
    }

    /** Makes {@link #run} train nothing: the tables and pictures from the finished runs, the others listed as left out. */
    Bench mergeOnly() {
        this.part = Part.MERGE;
        return this;
    }

    /** Folder of the bench's per-cell logs (each cell's lines on stderr, and why it failed). */
    static final String LOGS = "logs";

    /** A cell's log in a bench folder. */
    static Path cellLog(Path out, int index) {
        return out.resolve(LOGS).resolve("cell-" + index + ".log");
    }

    /** The first word of the last line of a cell's log when the cell failed. */
    static final String FAILED = "failed: ";

    /**
     * The bench's cells after every check that can fail before a run is trained (methods, settings, sizes, the cell
     * asked for), with the bench folder claimed and the plan recorded in its bench.json.
     */
    List<Cell> prepare() throws IOException {
        Task base = main.registry().task(taskName);
        methods.forEach(m -> main.registry().method(methodOf(m)));
        checkMethods(base);
        List<Map<String, String>> settings = settings(base);
        for (Map<String, String> setting : settings) { // every setting's K samples fit, before any run is trained
            SampleCommand.checkFits(count, modes, base.withOptions(options(setting)).outputSize());
        }
        List<Cell> plan = new ArrayList<>();
        for (Map<String, String> setting : settings) {
            for (String method : methods) {
                for (long seed : seeds) {
                    plan.add(new Cell(plan.size(), setting, label(setting), method, seed));
                }
            }
        }
        if (part == Part.CELL && (onlyCell < 0 || onlyCell >= plan.size())) {
            throw new UserError("--cell " + onlyCell + " is not a cell of this bench (0 to " + (plan.size() - 1) + ")");
        }
        claim();
        writePlan(plan);
        return plan;
    }

    void run() throws IOException {
        List<Cell> plan = prepare();
        int total = plan.size();
        if (part == Part.CELL) {
            Cell c = plan.get(onlyCell);
            Task task = task(c);
            List<Row> runRows = runCell(c, task, total, new TreeMap<>(), false);
            main.out.println(RESULTS_HEADER);
            runRows.forEach(r -> main.out.print(r.csv(taskName)));
            main.out.flush();
            return;
        }
        Task base = main.registry().task(taskName);
        err.printf(Locale.ROOT, "bench %s: %d setting(s) x %d method(s) x %d seed(s) = %d runs into %s%s%n", taskName,
                settings(base).size(), methods.size(), seeds.size(), total, out,
                part == Part.MERGE ? " (tables from the finished runs only)" : "");
        main.out.println(RESULTS_HEADER);
        List<Row> rows = new ArrayList<>();
        List<LeftOut> leftOut = new ArrayList<>();
        Map<Long, TaskData> data = new TreeMap<>();
        for (int i = 0; i < total; i++) {
            Cell c = plan.get(i);
            Task task = task(c);
            if (i > 0 && !plan.get(i - 1).setting().equals(c.setting())) {
                data.clear(); // a setting's data (its options may change it)
            }
            List<Row> runRows = runCell(c, task, total, data, part == Part.MERGE);
            if (runRows == null) {
                String why = "not finished (" + CellState.of(out, runDir(c.label(), c.method(), c.seed()), c.index(),
                        config(task, c.method(), c.seed()).get(TrainingConfig.ITERATIONS)).words() + ")";
                leftOut.add(new LeftOut(c.label(), c.method(), c.seed(), why));
            } else {
                String nonFinite = runRows.stream().filter(r -> !Double.isFinite(r.value()))
                        .map(r -> r.metric() + (r.setting().equals(c.label()) ? "" : " at " + r.setting()) + ": "
                                + (Double.isNaN(r.value()) ? "not a number" : "infinite"))
                        .distinct().collect(Collectors.joining(", "));
                if (!nonFinite.isEmpty()) {
                    String why = "non-finite figures (" + nonFinite + ")";
                    err.println(tag(c, total) + "left out of the tables: " + why + "; its figures are in "
                            + runDir(c.label(), c.method(), c.seed()).resolve(FIGURES));
                    leftOut.add(new LeftOut(c.label(), c.method(), c.seed(), why));
                } else {
                    runRows.forEach(r -> main.out.print(r.csv(taskName)));
                    main.out.flush();
                    rows.addAll(runRows);
                }
            }
            if (i == total - 1 || !plan.get(i + 1).setting().equals(c.setting())) { // the setting's last run
                convergence(c.label());
                comparison(c.label());
                front(c.label(), rows);
            }
        }
        writeTables(dedupe(rows), leftOut);
    }

    /** The task options of a setting: the bench's --set options, then the setting's own. */
    private Map<String, String> options(Map<String, String> setting) {
        Map<String, String> options = new LinkedHashMap<>(set);
        options.putAll(setting);
        return options;
    }

    /** The task of a cell's setting, with the bench's --set options. */
    private Task task(Cell c) {
        return main.registry().task(taskName).withOptions(options(c.setting()));
    }

    /** The prefix of a cell's lines on stderr. */
    private String tag(Cell c, int total) {
        return String.format(Locale.ROOT, "[bench %d/%d %s %s %s seed %d] ", c.index() + 1, total, taskName,
                c.label().equals("-") ? "task defaults" : c.label(), c.method(), c.seed());
    }

    /**
     * One cell trained (or reused, or resumed) and scored, its stderr lines also into its log, a failure's message last
     * there; with {@code finishedOnly}, its figures only if it is finished, else null (nothing trained).
     */
    private List<Row> runCell(Cell c, Task task, int total, Map<Long, TaskData> data, boolean finishedOnly)
            throws IOException {
        if (finishedOnly) {
            return finishedRows(task, c);
        }
        Path log = cellLog(out, c.index());
        Files.createDirectories(log.getParent());
        PrintStream console = err;
        try (PrintStream both = new PrintStream(new Tee(console, Files.newOutputStream(log,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND)), true,
                StandardCharsets.UTF_8)) {
            err = both;
            try {
                List<Row> rows = runOne(task, options(c.setting()), c.label(), c.method(), c.seed(), data, tag(c, total));
                both.println(tag(c, total) + "done: " + rows.size() + " figures in "
                        + runDir(c.label(), c.method(), c.seed()).resolve(FIGURES));
                return rows;
            } catch (IOException | RuntimeException e) {
                both.println(FAILED + (e.getMessage() == null ? e.toString() : e.getMessage().replace('\n', ' ')));
                throw e;
            } finally {
                err = console;
            }
        }
    }

    /** Bytes to the console and to a log file alike; closing closes the log only. */
    private static final class Tee extends java.io.OutputStream {
        private final java.io.OutputStream console;
        private final java.io.OutputStream log;

        Tee(java.io.OutputStream console, java.io.OutputStream log) {
            this.console = console;
            this.log = log;
        }

        @Override
        public void write(int b) throws IOException {
            console.write(b);
            log.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            console.write(b, off, len);
            log.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            console.flush();
            log.flush();
        }

        @Override
        public void close() throws IOException {
            console.flush();
            log.close();
        }
    }

    /** A finished cell's figures as this bench scores them, or null (not finished, or scored otherwise). */
    private List<Row> finishedRows(Task task, Cell c) {
        Path figures = runDir(c.label(), c.method(), c.seed()).resolve(FIGURES);
        TrainingConfig cfg = config(task, c.method(), c.seed());
        if (!Files.isRegularFile(figures)) {
            return null;
        }
        try {
            return readFigures(Files.readString(figures, StandardCharsets.UTF_8),
                    scoringKey(cfg.get(TrainingConfig.ITERATIONS)), figures, c.label(), c.method(), c.seed());
        } catch (IllegalArgumentException | IOException e) {
            err.println("bench " + taskName + ": " + e.getMessage());
            return null;
        }
    }

    /** bench.json: the marker, the plan (each cell's setting, method, seed and run folder) and the command. */
    private void writePlan(List<Cell> plan) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("written_by", "cgml bench");
        root.put("task", taskName);
        var cells = root.putArray("plan");
        for (Cell c : plan) {
            ObjectNode n = cells.addObject();
            n.put("cell", c.index());
            n.put("setting", c.label());
            n.put("method", c.method());
            n.put("seed", c.seed());
            n.put("run", out.relativize(runDir(c.label(), c.method(), c.seed())).toString());
            n.put("iterations", config(task(c), c.method(), c.seed()).get(TrainingConfig.ITERATIONS));
        }
        String text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        Path marker = out.resolve(MARKER);
        if (Files.isRegularFile(marker) && text.equals(Files.readString(marker, StandardCharsets.UTF_8))) {
            return; // the same plan: SLURM's tasks of one bench start together and leave it alone (they read it only)
        }
        Run.writeAtomically(marker, text);
    }

    /**
     * Makes {@link #out} the bench's folder, or refuses: a folder that does not exist or is empty is made ours (the
     * marker written first), one with the marker is ours, one an earlier bench wrote without the marker (its
     * results.csv and summary.md) is marked; any other is someone else's and is not written into.
     */
    private void claim() throws IOException {
        Path marker = out.resolve(MARKER);
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new UserError("--out " + out + " is a file, not a folder");
        }
        if (Files.isRegularFile(marker)) {
            JsonNode root;
            try {
                root = JSON.readTree(marker.toFile());
            } catch (IOException e) {
                root = null;
            }
            if (root == null || !"cgml bench".equals(root.path("written_by").asText())) {
                throw new UserError("--out " + out + " holds a " + MARKER + " that cgml bench did not write; choose "
                        + "another --out");
            }
            return;
        }
        if (Files.isDirectory(out) && !isEmpty(out) && !earlierBench(out)) {
            throw new UserError("--out " + out + " is not empty and is not a cgml bench folder (no " + MARKER
                    + "); choose another --out");
        }
        Files.createDirectories(out);
        ObjectNode root = JSON.createObjectNode();
        root.put("written_by", "cgml bench");
        root.put("task", taskName);
        Run.writeAtomically(marker, JSON.writeValueAsString(root) + "\n");
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.findAny().isEmpty();
        }
    }

    /** A bench folder written before benches were marked: its results.csv and summary.md are the bench's. */
    private boolean earlierBench(Path dir) throws IOException {
        Path results = dir.resolve("results.csv");
        Path md = dir.resolve("summary.md");
        if (!Files.isRegularFile(results) || !Files.isRegularFile(md)) {
            return false;
        }
        try (var r = Files.newBufferedReader(results, StandardCharsets.UTF_8);
             var m = Files.newBufferedReader(md, StandardCharsets.UTF_8)) {
            return RESULTS_HEADER.equals(r.readLine()) && String.valueOf(m.readLine()).startsWith("# Bench: ");
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    /** Every method's own check of every setting's task and config, before any run folder is written. */
    private void checkMethods(Task base) {
        for (Map<String, String> setting : settings(base)) {
            Task task = base.withOptions(options(setting));
            for (String name : methods) {
                main.registry().method(methodOf(name)).check(task, config(task, name, 1));
            }
        }
    }

    /**
     * The training config of one run: the task's defaults, the bench's --config, the entry's own settings
     * ({@code METHOD:KEY=VALUE:...}), --iterations, seed, method.
     */
    private TrainingConfig config(Task task, String entry, long seed) {
        TrainingConfig.Builder b = TrainingConfig.forTask(task)
                .declare(Method.settings(main.registry().methods().values()));
        try {
            config.forEach(b::set);
            String[] parts = entry.split(":");
            for (int i = 1; i < parts.length; i++) {
                int eq = parts[i].indexOf('=');
                if (eq <= 0) {
                    throw new UserError("method entry '" + entry + "': write METHOD:KEY=VALUE[:KEY=VALUE...], e.g. "
                            + "cgml:recipe=paper");
                }
                b.set(parts[i].substring(0, eq), parts[i].substring(eq + 1));
            }
        } catch (IllegalArgumentException e) {
            throw new UserError("method entry '" + entry + "': " + e.getMessage());
        }
        if (iterations != null) {
            b.set(TrainingConfig.ITERATIONS, iterations);
        }
        try {
            return b.set(TrainingConfig.SEED, seed).set(TrainingConfig.METHOD, methodOf(entry)).build();
        } catch (IllegalStateException e) {
            throw new UserError("task " + taskName + " has no default number of iterations: give --iterations");
        }
    }

    /** The method of a --methods entry: {@code cgml} of {@code cgml:recipe=paper}. */
    static String methodOf(String entry) {
        int colon = entry.indexOf(':');
        return colon < 0 ? entry : entry.substring(0, colon);
    }

    /**
     * The task's bench settings with the options the user set taken out (the user's value holds for all), each at
     * most once.
     */
    private List<Map<String, String>> settings(Task base) {
        List<Map<String, String>> out = new ArrayList<>();
        for (Map<String, String> s : base.benchSettings()) {
            Map<String, String> m = new TreeMap<>(s);
            m.keySet().removeAll(set.keySet());
            if (!out.contains(m)) {
                out.add(m);
            }
        }
        return out;
    }

    /** A setting's label: its options as k=v joined by ';' in name order, or '-' for the task's defaults. */
    static String label(Map<String, String> setting) {
        return setting.isEmpty() ? "-" : new TreeMap<>(setting).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(";"));
    }

    /** The folder of one setting's runs: its label made safe for a file name, "default" for the task's defaults. */
    private Path settingDir(String label) {
        return out.resolve(Evaluator.safe(label.equals("-") ? "default" : label));
    }

    /** The run folder of one setting, method and seed. */
    private Path runDir(String label, String method, long seed) {
        return settingDir(label).resolve(method).resolve("seed-" + seed);
    }

    /** Trains (or reuses, or resumes) one run and scores it; returns its figures. */
    private List<Row> runOne(Task task, Map<String, String> options, String label, String methodName, long seed,
                             Map<Long, TaskData> data, String tag) throws IOException {
        Method method = main.registry().method(methodOf(methodName));
        TrainingConfig cfg = config(task, methodName, seed);
        Path dir = runDir(label, methodName, seed);
        Path figures = dir.resolve(FIGURES);
        Reuse.Decision decision;
        try {
            decision = Reuse.decide(dir, task, method, cfg, options);
        } catch (Reuse.Refused e) {
            if (e.differences().isEmpty()) {
                throw new UserError("run folder " + dir + " was trained to iteration " + e.trainedTo() + ", past the "
                        + cfg.get(TrainingConfig.ITERATIONS) + " iterations its config.json and this bench ask for; bench it with "
                        + "--iterations " + e.trainedTo() + ", or choose another --out");
            }
            throw new UserError("run folder " + dir + " holds a run trained otherwise than this bench asks for: "
                    + e.differences().entrySet().stream().map(d -> d.getKey() + " " + d.getValue().recorded()
                            + " (this bench: " + d.getValue().wanted() + ")").collect(Collectors.joining(", "))
                    + "; choose another --out, or move that run folder away to train it anew");
        }
        boolean rescore = false;
        if (decision != Reuse.Decision.TRAIN) { // settings only sampling reads: the run is scored under the bench's
            Run run = Run.open(dir);
            Map<org.cgml.api.Key<?>, Reuse.Difference> changed = Reuse.samplingChanges(run, method, cfg);
            if (!changed.isEmpty()) {
                run.checkNotBeingWritten(); // a run another process trains keeps its config.json
                run.updateSampling(cfg, Reuse.samplingKeys(method, cfg)); // all: the run's defaults may move later
                rescore = true;
                err.println(tag + "sampling as this bench asks: " + changed.entrySet().stream()
                        .map(c -> c.getKey().name() + " " + c.getValue().recorded() + " -> " + c.getValue().wanted())
                        .collect(Collectors.joining(", ")) + " (recorded in its config.json; scored again)");
            }
        }
        if (decision == Reuse.Decision.FINISHED && !rescore && Files.isRegularFile(figures)) {
            try {
                List<Row> reused = readFigures(Files.readString(figures, StandardCharsets.UTF_8),
                        scoringKey(cfg.get(TrainingConfig.ITERATIONS)), figures, label, methodName, seed);
                if (reused != null) {
                    err.println(tag + "reusing the finished run in " + dir);
                    return reused;
                }
            } catch (IllegalArgumentException | IOException e) {
                err.println(tag + "scoring the run again: " + e.getMessage());
            }
        }
        TaskData d = data.computeIfAbsent(seed, task::data);
        try (Trained trained = trained(method, task, d, cfg, options, dir, tag, decision);
             Run.WriteLock scoring = Run.open(dir).lockForWriting()) { // held while scored: bench status says running
            err.println(tag + "scoring");
            List<Row> rows = score(task, d, trained.model(), label, methodName, seed, dir);
            rows.addAll(0, List.of(
                    new Row(label, methodName, seed, "generator_passes_per_sample", method.generatorPasses(cfg)),
                    new Row(label, methodName, seed, "parameters", trained.model().parameters())));
            java.util.OptionalDouble seconds = trainingSeconds(dir, cfg.get(TrainingConfig.ITERATIONS));
            if (seconds.isPresent()) {
                rows.addAll(0, List.of(
                        new Row(label, methodName, seed, "train_iterations_per_s",
                                cfg.get(TrainingConfig.ITERATIONS) / seconds.getAsDouble()),
                        new Row(label, methodName, seed, "train_s_per_iteration",
                                seconds.getAsDouble() / cfg.get(TrainingConfig.ITERATIONS))));
            } else {
                err.println(tag + "no training time: " + dir.resolve(Run.METRICS) + " has no whole row of iteration "
                        + cfg.get(TrainingConfig.ITERATIONS) + " (the training speed of this run is not reported)");
            }
            List<List<?>> records = new ArrayList<>(List.of(FIGURES_HEADER));
            rows.forEach(r -> records.add(List.of(r.setting(), r.method(), r.metric(), r.value())));
            long trainedTo = Run.open(dir).checkpoints().latestIteration().orElse(0L);
            Run.writeAtomically(figures, scoringKey(trainedTo) + "\n" + Csv.table(records) + "# end: " + rows.size()
                    + " figures\n");
            return rows;
        }
    }

    /**
     * What a run's figures depend on beyond its settings: the iteration its weights are of, and K, count and T (a
     * change rescores a finished run).
     */
    private String scoringKey(long trainedTo) {
        return String.format(Locale.ROOT, "# modes=%d count=%d sampling_steps=%s updates=%s trained_to=%d", modes, count,
                samplingSteps, updates, trainedTo);
    }

    /** Columns of a run's figures.csv, between its first line (the scoring key) and its last ({@code # end: N figures}). */
    static final List<String> FIGURES_HEADER = List.of("setting", "method", "metric", "value");

    /**
     * The figures of a run's figures.csv, or null when they were scored otherwise ({@code key} differs); a file cut
     * short, run on, holding a value that is no number or a figure of another setting than {@code label} throws
     * {@link IllegalArgumentException} saying what. The method's own rows (those labelled with its name, with or
     * without settings) take this bench's label {@code method}: a run reused under another label (a setting that became
     * the default) is this bench's column; reference rows (the truth) keep theirs.
     */
    static List<Row> readFigures(String text, String key, Path file, String label, String method, long seed) {
        if (!text.startsWith(key + "\n")) {
            return null;
        }
        String body = text.substring(key.length() + 1);
        int end = body.lastIndexOf("# end: ", body.length() - 2);
        if (end < 0 || (end > 0 && body.charAt(end - 1) != '\n') || !body.endsWith(" figures\n")) {
            throw new IllegalArgumentException(file + " is incomplete (no closing '# end: N figures' line)");
        }
        String count = body.substring(end + "# end: ".length(), body.length() - " figures\n".length());
        List<List<String>> records = Csv.parse(body.substring(0, end), file.toString());
        if (records.isEmpty() || !records.get(0).equals(FIGURES_HEADER)) {
            throw new IllegalArgumentException(file + " does not start with " + String.join(",", FIGURES_HEADER));
        }
        if (!count.equals(Integer.toString(records.size() - 1))) {
            throw new IllegalArgumentException(file + " holds " + (records.size() - 1) + " figures where its last line "
                    + "says " + count);
        }
        List<Row> rows = new ArrayList<>();
        String own = methodOf(method);
        for (List<String> f : records.subList(1, records.size())) {
            if (!f.get(0).equals(label) && !f.get(0).startsWith(label + ";")) {
                throw new IllegalArgumentException(file + " holds a figure of setting " + f.get(0) + ", not " + label);
            }
            String by = f.get(1).equals(own) || f.get(1).startsWith(own + ":") ? method : f.get(1);
            rows.add(new Row(f.get(0), by, seed, f.get(2), Csv.parseNumber(f.get(3), file + " figure " + f.get(2))));
        }
        return rows;
    }

    /** The run's model after every iteration: trained now, continued from its checkpoint, or restored. */
    private Trained trained(Method method, Task task, TaskData data, TrainingConfig cfg, Map<String, String> options,
                            Path dir, String tag, Reuse.Decision decision) throws IOException {
        Run run;
        boolean resume = false;
        if (decision != Reuse.Decision.TRAIN) {
            run = Run.open(dir).warnTo(main::warn);
            resume = true;
            if (decision == Reuse.Decision.FINISHED) {
                MethodModel model = run.samplingModel(method, task, cfg);
                return new Trained(model, model::close);
            }
            err.println(tag + "continuing from iteration " + run.checkpoints().latestIteration().orElse(0L));
            run.recordResume(task, cfg, "cgml bench --task " + taskName + " (" + tag.trim() + ")");
        } else {
            run = null;
        }
        Trainer trainer = new Trainer(method, task, data, cfg); // built before a new folder is written
        try {
            if (run == null) {
                // a run that never reached its first checkpoint is cleared and starts over
                run = Run.create(dir).warnTo(main::warn);
                run.writeConfig(task, cfg, method, Run.taskOptions(task, options),
                        "cgml bench --task " + taskName + " (" + tag.trim() + ")");
            }
            List<org.cgml.api.TrainingListener> listeners = new ArrayList<>(List.of(new ProgressListener(err, false, tag)));
            if (curveEvery >= 0) {
                listeners.add(Convergence.of(dir, trainer, data, modes, samplingSteps.get(0), curveEvery));
            }
            run.train(trainer, resume, listeners);
        } catch (IOException | RuntimeException e) {
            trainer.close();
            throw e;
        }
        return new Trained(trainer.model(), trainer::close);
    }

    /** A trained model and what owns it (the trainer that trained it, or the model itself). */
    private record Trained(MethodModel model, Runnable release) implements AutoCloseable {
        @Override
        public void close() {
            release.run();
        }
    }

    /**
     * Seconds of training the run's metrics.csv records (over every process that trained it) in its row of the last
     * iteration; none when that row is missing or damaged.
     */
    private static java.util.OptionalDouble trainingSeconds(Path dir, long iterations) {
        Path file = dir.resolve(Run.METRICS);
        // the run's own reader of metrics.csv: whole rows of numbers, each iteration once
        List<String> rows = Run.rowsUpTo(file, iterations, false, w -> { });
        if (rows.size() < 2) {
            return java.util.OptionalDouble.empty();
        }
        // iteration,cost,dynamics_loss,lipschitz,learning_rate,seconds,...
        String[] f = rows.get(rows.size() - 1).split(",", -1);
        if (f.length <= 5 || !f[0].equals(Long.toString(iterations)) || f[5].isEmpty()) {
            return java.util.OptionalDouble.empty();
        }
        double s = Csv.parseNumber(f[5], file.toString());
        return s > 0 && Double.isFinite(s) ? java.util.OptionalDouble.of(s) : java.util.OptionalDouble.empty();
    }

    /** Every view at every T (and update) the method's sampler distinguishes: standard and task figures, grids. */
    private List<Row> score(Task task, TaskData data, MethodModel model, String label, String method, long seed, Path dir)
            throws IOException {
        List<Row> rows = new ArrayList<>();
        for (Score s : evaluator.evaluate(model, task, data.test(), seed, dir)) {
            rows.add(new Row(s.setting(label, samplingSteps.size() > 1), s.reference() == null ? method : s.reference(),
                    seed, s.metric(), s.value()));
        }
        return rows;
    }

    /**
     * The convergence of every run of one setting: the rows of each run's convergence.csv into the bench's
     * convergence.csv, and a picture per setting of the best-of-K figure against iteration and against training
     * seconds, per method the mean over seeds with the spread (min to max) shaded.
     */
    private void convergence(String label) throws IOException {
        Path settingDir = settingDir(label);
        List<List<?>> csv = new ArrayList<>();
        Path all = out.resolve(Convergence.FILE);
        csv.add(CONVERGENCE_HEADER);
        if (Files.isRegularFile(all)) {
            // rows of this setting are rewritten below; the others are kept
            try {
                List<List<String>> old = Csv.parse(Files.readString(all, StandardCharsets.UTF_8), all.toString());
                if (!old.isEmpty() && old.get(0).equals(CONVERGENCE_HEADER)) {
                    old.subList(1, old.size()).stream()
                            .filter(r -> !(r.get(0).equals(taskName) && r.get(1).equals(label))).forEach(csv::add);
                }
            } catch (IllegalArgumentException | IOException e) {
                err.println("bench " + taskName + ": " + all + " is written anew: " + e.getMessage());
            }
        }
        List<org.cgml.eval.Curves.Band> byIteration = new ArrayList<>();
        List<org.cgml.eval.Curves.Band> bySeconds = new ArrayList<>();
        String figure = null;
        for (String method : methods) {
            // iteration -> seed -> seconds, and -> seed -> value
            TreeMap<Long, Map<Long, Double>> seconds = new TreeMap<>();
            TreeMap<Long, Map<Long, Double>> points = new TreeMap<>();
            for (long seed : seeds) {
                Path file = runDir(label, method, seed).resolve(Convergence.FILE);
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                List<double[]> values = new ArrayList<>();
                String[] header;
                try {
                    List<List<String>> records = Csv.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
                    if (records.size() < 2) {
                        continue;
                    }
                    header = records.get(0).toArray(String[]::new);
                    for (List<String> r : records.subList(1, records.size())) {
                        double[] v = new double[r.size()];
                        for (int c = 0; c < v.length; c++) {
                            v[c] = Csv.parseNumber(r.get(c), file + " " + header[c]);
                        }
                        values.add(v);
                    }
                } catch (IllegalArgumentException e) {
                    err.println("bench " + taskName + ": the convergence of " + label + " " + method + " seed " + seed
                            + " is left out: " + e.getMessage());
                    continue;
                }
                int column = figure == null ? bestColumn(header) : Arrays.asList(header).indexOf(figure);
                if (column < 0) {
                    continue;
                }
                figure = header[column];
                for (double[] f : values) {
                    for (int c = 2; c < f.length; c++) {
                        csv.add(List.of(taskName, label, method, seed, (long) f[0], f[1], header[c], f[c]));
                    }
                    seconds.computeIfAbsent((long) f[0], k -> new TreeMap<>()).put(seed, f[1]);
                    points.computeIfAbsent((long) f[0], k -> new TreeMap<>()).put(seed, f[column]);
                }
            }
            if (points.isEmpty()) {
                continue;
            }
            int m = points.size();
            double[] it = new double[m];
            double[] secs = new double[m];
            double[] mean = new double[m];
            double[] low = new double[m];
            double[] high = new double[m];
            int i = 0;
            for (Map.Entry<Long, Map<Long, Double>> e : points.entrySet()) {
                SeedSummary over = SeedSummary.of(e.getValue());
                it[i] = e.getKey();
                secs[i] = SeedSummary.of(seconds.get(e.getKey())).mean();
                mean[i] = over.mean();
                low[i] = over.min();
                high[i] = over.max();
                i++;
            }
            byIteration.add(new org.cgml.eval.Curves.Band(method, it, mean, low, high));
            bySeconds.add(new org.cgml.eval.Curves.Band(method, secs, mean, low, high));
        }
        Run.writeAtomically(all, Csv.table(csv));
        if (figure != null) {
            String title = convergenceTitle(taskName, label, seeds);
            String axis = "held-out " + org.cgml.eval.Figures.label(figure);
            org.cgml.eval.Curves.write(List.of(
                    new org.cgml.eval.Curves.Panel(title, "training iteration", axis, byIteration),
                    new org.cgml.eval.Curves.Panel(title, "training seconds (this machine)", axis, bySeconds)),
                    2, 640, 420, settingDir.resolve("convergence.png"));
            err.println("bench " + taskName + ": convergence of " + (label.equals("-") ? "the task defaults" : label)
                    + " in " + settingDir.resolve("convergence.png") + " (and .svg)");
        }
    }

    /**
     * The title of a setting's convergence figure in words: "toy, task defaults, seeds 1 and 2 (mean, min to max)",
     * "mnist-multimodal, p=0.3, seed 1".
     */
    static String convergenceTitle(String task, String label, List<Long> seeds) {
        String setting = label.equals("-") ? "task defaults" : label.replace(";", ", ");
        List<String> s = seeds.stream().map(String::valueOf).toList();
        String which = s.size() == 1 ? "seed " + s.get(0)
                : "seeds " + String.join(", ", s.subList(0, s.size() - 1)) + " and " + s.get(s.size() - 1);
        return task + ", " + setting + ", " + which + (s.size() > 1 ? " (mean, min to max)" : "");
    }

    /**
     * Per sample grid the runs of one setting drew (a view at a T), the first seed's grids of every method one above
     * the other, cut to their first inputs: {@code <setting>/samples-....png}.
     */
    private void comparison(String label) throws IOException {
        Path settingDir = settingDir(label);
        long seed = seeds.get(0);
        Set<String> stems = new java.util.TreeSet<>();
        for (String method : methods) {
            Path dir = runDir(label, method, seed);
            if (Files.isDirectory(dir)) {
                try (var files = Files.list(dir)) {
                    files.map(p -> p.getFileName().toString()).filter(f -> f.startsWith("samples") && f.endsWith(".png"))
                            .forEach(stems::add);
                }
            }
        }
        for (String stem : stems) {
            List<String> captions = new ArrayList<>();
            List<java.awt.image.BufferedImage> grids = new ArrayList<>();
            for (String method : methods) {
                Path png = runDir(label, method, seed).resolve(stem);
                if (Files.isRegularFile(png)) {
                    captions.add(method + " (seed " + seed + ")");
                    grids.add(ImageIO.read(png.toFile()));
                }
            }
            Task task = main.registry().task(taskName);
            boolean grid = task.presentation().image(new float[task.inputSize()], 0, task.inputShape()).isPresent();
            org.cgml.eval.Figures.write(settingDir.resolve(stem), grid
                    ? Grid.stack(captions, grids, Math.min(Evaluator.GRID_ROWS, count), COMPARED_ROWS)
                    : Grid.tile(captions, grids, 3));
        }
    }

    /**
     * Per view (and T) of one setting whose figures hold a diversity, the front of the methods
     * ({@link org.cgml.eval.Fronts}): quality against diversity with each method's price, from the rows counted in
     * the tables; {@code <setting>/front.png} (and .svg), {@code front-<view>[-T<T>].png} for a task's named views.
     * None where fewer than two methods have the figures.
     */
    private void front(String label, List<Row> rows) throws IOException {
        List<org.cgml.eval.Fronts.Value> prices = new ArrayList<>();
        Map<String, List<org.cgml.eval.Fronts.Value>> views = new LinkedHashMap<>();
        for (Row r : dedupe(rows)) {
            org.cgml.eval.Fronts.Value v = new org.cgml.eval.Fronts.Value(r.method(), r.seed(), r.metric(), r.value());
            if (r.setting().equals(label)) {
                prices.add(v);
            }
            if (r.setting().equals(label) || r.setting().startsWith(label + ";")) {
                views.computeIfAbsent(r.setting(), k -> new ArrayList<>()).add(v);
            }
        }
        for (Map.Entry<String, List<org.cgml.eval.Fronts.Value>> view : views.entrySet()) {
            List<org.cgml.eval.Fronts.Panel> panels = org.cgml.eval.Fronts.panels(methods, view.getValue(), prices);
            if (panels.isEmpty()) {
                continue;
            }
            String rest = view.getKey().substring(label.length());
            Path png = settingDir(label).resolve(Evaluator.safe(frontStem(rest)) + ".png");
            String words = (label + rest).startsWith("-;") ? "task defaults" + rest : label + rest;
            org.cgml.eval.Fronts.write(convergenceTitle(taskName, words, seeds), panels, png);
            err.println("bench " + taskName + ": front of " + (words.equals("-") ? "the task defaults"
                    : words.replace(";", ", ")) + " in " + png + " (and .svg)");
        }
    }

    /**
     * The file stem of a front from the part of its rows' setting after the bench setting's label: {@code front},
     * {@code front-random25} for {@code ;view=random25}, {@code -T20} for {@code ;T=20}, {@code -norho} for
     * {@code ;rho=no}.
     */
    static String frontStem(String rest) {
        StringBuilder stem = new StringBuilder("front");
        for (String part : rest.split(";")) {
            if (part.startsWith("view=")) {
                stem.append('-').append(part.substring("view=".length()));
            } else if (part.startsWith("T=")) {
                stem.append("-T").append(part.substring("T=".length()));
            } else if (part.equals("rho=no")) {
                stem.append("-norho");
            } else if (!part.isEmpty()) {
                stem.append('-').append(part);
            }
        }
        return stem.toString();
    }

    /** The column of a convergence header to draw: the first best-of-K figure, else the first figure. */
    private static int bestColumn(String[] header) {
        for (int c = 2; c < header.length; c++) {
            if (header[c].endsWith("best_of_k")) {
                return c;
            }
        }
        return header.length > 2 ? 2 : -1;
    }

    /** References (truth, input, ...) come once per setting and seed, whichever method's run reported them. */
    private static List<Row> dedupe(List<Row> rows) {
        Map<String, Row> unique = new LinkedHashMap<>();
        for (Row r : rows) {
            unique.putIfAbsent(r.setting() + "\u0000" + r.method() + "\u0000" + r.seed() + "\u0000" + r.metric(), r);
        }
        return new ArrayList<>(unique.values());
    }

    /** Header of the bench's convergence.csv, exactly. */
    static final List<String> CONVERGENCE_HEADER = List.of("task", "setting", "method", "seed", "iteration", "seconds",
            "metric", "value");

    /** Header of summary.csv, exactly. */
    static final List<String> SUMMARY_HEADER = List.of("task", "setting", "method", "metric", "mean", "min", "max", "n",
            "seeds");

    /**
     * results.csv, summary.csv and summary.md of the runs counted ({@code rows}, every value finite), naming the
     * seeds each figure is over, and the runs left out with why.
     */
    private void writeTables(List<Row> rows, List<LeftOut> leftOut) {
        List<List<?>> results = new ArrayList<>(List.of(List.of((Object[]) RESULTS_HEADER.split(","))));
        rows.forEach(r -> results.add(List.of(taskName, r.setting(), r.method(), r.seed(), r.metric(), r.value())));
        Run.writeAtomically(out.resolve("results.csv"), Csv.table(results));
        // mean, min and max over seeds of every (setting, method, metric), in first-seen order
        Map<List<String>, Map<Long, Double>> groups = new LinkedHashMap<>();
        for (Row r : rows) {
            groups.computeIfAbsent(List.of(r.setting(), r.method(), r.metric()), k -> new TreeMap<>())
                    .put(r.seed(), r.value());
        }
        Set<Long> counted = new java.util.TreeSet<>();
        rows.forEach(r -> counted.add(r.seed()));
        List<List<?>> summary = new ArrayList<>(List.of(SUMMARY_HEADER));
        Map<String, Map<String, Map<String, String>>> tables = new LinkedHashMap<>(); // setting -> metric -> method
        Set<String> columns = new LinkedHashSet<>();
        for (Map.Entry<List<String>, Map<Long, Double>> e : groups.entrySet()) {
            SeedSummary over = SeedSummary.of(e.getValue());
            double mean = over.mean();
            double min = over.min();
            double max = over.max();
            List<String> k = e.getKey();
            String seedList = over.values().keySet().stream().map(String::valueOf).collect(Collectors.joining(" "));
            summary.add(List.of(taskName, k.get(0), k.get(1), k.get(2), mean, min, max, over.n(), seedList));
            columns.add(k.get(1));
            String cell = cell(over);
            if (!e.getValue().keySet().equals(counted)) {
                cell += " [seed" + (over.n() == 1 ? " " : "s ") + seedList.replace(" ", ", ") + "]";
            }
            tables.computeIfAbsent(k.get(0), s -> new LinkedHashMap<>()).computeIfAbsent(k.get(2), m -> new LinkedHashMap<>())
                    .put(k.get(1), cell);
        }
        Run.writeAtomically(out.resolve("summary.csv"), Csv.table(summary));
        StringBuilder md = new StringBuilder("# Bench: " + taskName + "\n\n");
        md.append("Seeds counted ").append(counted.isEmpty() ? "none" : counted.stream().map(String::valueOf)
                        .collect(Collectors.joining(", "))).append(" (asked for ")
                .append(seeds.stream().map(String::valueOf).collect(Collectors.joining(", "))).append("), methods ")
                .append(methods).append(", K = ").append(modes).append(", up to ").append(count)
                .append(" held-out inputs per view. Each cell: mean over seeds (each seed's figure in seed order, when they "
                        + "differ; min to max over more than " + SEEDS_SHOWN + " seeds), [the seeds] when fewer than all "
                        + "counted. Long table: results.csv (exact values; summary.csv has the exact "
                        + "means); run folders beside this file.\n");
        List<String> cols = new ArrayList<>(columns);
        leftOut.stream().map(LeftOut::method).filter(m -> !cols.contains(m)).distinct().forEach(cols::add);
        for (Map.Entry<String, Map<String, Map<String, String>>> t : tables.entrySet()) {
            md.append("\n## ").append(t.getKey()).append("\n\n| metric | ").append(String.join(" | ", cols))
                    .append(" |\n|---|").append("---|".repeat(cols.size())).append('\n');
            for (Map.Entry<String, Map<String, String>> m : t.getValue().entrySet()) {
                md.append("| ").append(m.getKey());
                for (String c : cols) {
                    md.append(" | ").append(m.getValue().getOrDefault(c, missing(t.getKey(), c, leftOut)));
                }
                md.append(" |\n");
            }
        }
        if (!leftOut.isEmpty()) {
            md.append("\n## Runs left out\n\n");
            for (LeftOut l : leftOut) {
                md.append("- ").append(l.label()).append(", ").append(l.method()).append(", seed ").append(l.seed())
                        .append(": ").append(l.why()).append(" (").append(out.relativize(runDir(l.label(), l.method(),
                                l.seed()).resolve(FIGURES))).append(")\n");
                err.println("bench " + taskName + ": left out " + l.label() + " " + l.method() + " seed " + l.seed()
                        + ": " + l.why());
            }
        }
        Run.writeAtomically(out.resolve("summary.md"), md.toString());
        err.println("bench " + taskName + ": " + out.resolve("results.csv") + ", " + out.resolve("summary.csv") + ", "
                + out.resolve("summary.md"));
    }

    /** A table cell of a method with no counted figure: empty, or which seeds were left out and why. */
    private static String missing(String setting, String method, List<LeftOut> leftOut) {
        Map<String, List<String>> seedsByWhy = new LinkedHashMap<>();
        leftOut.stream().filter(l -> l.method().equals(method)
                        && (setting.equals(l.label()) || setting.startsWith(l.label() + ";")))
                .forEach(l -> seedsByWhy.computeIfAbsent(l.why().startsWith("non-finite") ? "non-finite"
                        : l.why(), k -> new ArrayList<>()).add(Long.toString(l.seed())));
        return seedsByWhy.isEmpty() ? "" : "missing (left out: " + seedsByWhy.entrySet().stream()
                .map(e -> e.getKey() + ", seed " + String.join(", ", e.getValue()))
                .collect(Collectors.joining("; ")) + ")";
    }

    /** Up to this many seeds, a summary.md cell shows each seed's figure; over it, min to max. */
    static final int SEEDS_SHOWN = 5;

    /**
     * A summary.md cell of one (setting, method, metric): the mean over seeds, then each seed's figure in seed order
     * ("1.5 (1.2 / 1.8)"), or min to max over more than {@link #SEEDS_SHOWN} seeds; the mean alone when they agree.
     */
    static String cell(SeedSummary over) {
        if (over.min() == over.max()) {
            return shown(over.mean());
        }
        String spread = over.n() <= SEEDS_SHOWN
                ? over.values().values().stream().map(Bench::shown).collect(Collectors.joining(" / "))
                : shown(over.min()) + " to " + shown(over.max());
        return shown(over.mean()) + " (" + spread + ")";
    }

    /** A figure in summary.md: five significant digits, whole numbers in full (the exact values are in the CSVs). */
    static String shown(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Csv.number(v) : String.format(Locale.ROOT, "%.5g", v);
    }
}
