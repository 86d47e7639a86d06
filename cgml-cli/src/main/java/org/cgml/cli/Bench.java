package org.cgml.cli;

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
import org.cgml.api.Dataset;
import org.cgml.api.Evaluation;
import org.cgml.api.Task;
import org.cgml.api.TaskData;
import org.cgml.api.TrainingConfig;
import org.cgml.eval.StandardFigures;
import org.cgml.nn.LatentUpdate;
import org.cgml.nn.Method;
import org.cgml.nn.MethodModel;
import org.cgml.nn.Sampler;
import org.cgml.nn.Trainer;
import org.cgml.nn.run.ProgressListener;
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
    /** Seed of the z_0 draws when sampling (as {@code cgml sample}'s default). */
    static final long SAMPLING_SEED = 7;
    /** Offset of the oracle's z_0 seed from the run seed. */
    static final long ORACLE_SEED_OFFSET = 11;
    /** Held-out inputs shown in a run's sample grids. */
    static final int GRID_ROWS = 8;
    /** Held-out inputs of each method in a setting's side-by-side sample grid. */
    static final int COMPARED_ROWS = 3;
    /** Settings that may differ between a run and a bench that reuses it. */
    private static final Set<String> RUN_ONLY = Set.of("threads", "checkpoint_every");

    private final Main main;
    private final PrintStream err;
    private final String taskName;
    private final List<String> methods;
    private final List<Long> seeds;
    private final Long steps;
    private final Map<String, String> set;
    private final Map<String, String> config;
    private final int modes;
    private final int count;
    private final List<Integer> samplingSteps;
    private final List<LatentUpdate> updates;
    private final Path out;
    private final long curveEvery;
    private final org.cgml.eval.Lpips lpips;

    Bench(Main main, String taskName, List<String> methods, List<Long> seeds, Long steps, Map<String, String> set,
          Map<String, String> config, int modes, int count, List<Integer> samplingSteps, List<LatentUpdate> updates,
          Path out, long curveEvery, org.cgml.eval.Lpips lpips) {
        this.main = main;
        this.err = main.err;
        this.taskName = taskName;
        this.methods = methods;
        this.seeds = seeds;
        this.steps = steps;
        this.set = set;
        this.config = config;
        this.modes = modes;
        this.count = count;
        // none given: the sampling default the runs' config.json will record (the task's, or --config's)
        this.samplingSteps = !samplingSteps.isEmpty() ? samplingSteps
                : List.of(config(main.registry().task(taskName), methodOf(methods.get(0)), seeds.get(0)).samplingSteps());
        this.updates = updates;
        this.out = out;
        this.curveEvery = curveEvery;
        this.lpips = lpips;
    }

    /** One figure of one run. */
    record Row(String setting, String method, long seed, String metric, double value) {
        String csv(String task) {
            return String.join(",", task, setting, method, Long.toString(seed), metric, Double.toString(value));
        }
    }

    void run() throws IOException {
        Task base = main.registry().task(taskName);
        methods.forEach(m -> main.registry().method(methodOf(m)));
        checkMethods(base);
        List<Map<String, String>> settings = settings(base);
        Files.createDirectories(out);
        int total = settings.size() * methods.size() * seeds.size();
        err.printf(Locale.ROOT, "bench %s: %d setting(s) x %d method(s) x %d seed(s) = %d runs into %s%n", taskName,
                settings.size(), methods.size(), seeds.size(), total, out);
        main.out.println(RESULTS_HEADER);
        List<Row> rows = new ArrayList<>();
        int index = 0;
        for (Map<String, String> setting : settings) {
            Map<String, String> options = new LinkedHashMap<>(set);
            options.putAll(setting);
            Task task = base.withOptions(options);
            String label = label(setting);
            Map<Long, TaskData> data = new TreeMap<>();
            for (String method : methods) {
                for (long seed : seeds) {
                    index++;
                    String tag = String.format(Locale.ROOT, "[bench %d/%d %s %s %s seed %d] ", index, total, taskName,
                            label, method, seed);
                    List<Row> runRows = runOne(task, options, label, method, seed, data, tag);
                    runRows.forEach(r -> main.out.println(r.csv(taskName)));
                    main.out.flush();
                    rows.addAll(runRows);
                }
            }
            convergence(label);
            comparison(label);
        }
        writeTables(dedupe(rows));
    }

    /** Every method's own check of every setting's task and config, before any run folder is written. */
    private void checkMethods(Task base) {
        for (Map<String, String> setting : settings(base)) {
            Map<String, String> options = new LinkedHashMap<>(set);
            options.putAll(setting);
            Task task = base.withOptions(options);
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
        TrainingConfig.Builder b = TrainingConfig.forTask(task);
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
        if (steps != null) {
            b.setIterations(steps);
        }
        try {
            return b.optSeed(seed).optMethod(methodOf(entry)).build();
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
        return out.resolve(safe(label.equals("-") ? "default" : label));
    }

    /** The run folder of one setting, method and seed. */
    private Path runDir(String label, String method, long seed) {
        return settingDir(label).resolve(method).resolve("seed-" + seed);
    }

    private static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9.=_-]", "_");
    }

    /** Trains (or reuses, or resumes) one run and scores it; returns its figures. */
    private List<Row> runOne(Task task, Map<String, String> options, String label, String methodName, long seed,
                             Map<Long, TaskData> data, String tag) throws IOException {
        Method method = main.registry().method(methodOf(methodName));
        TrainingConfig cfg = config(task, methodName, seed);
        Path dir = runDir(label, methodName, seed);
        String scoring = scoringKey();
        Path figures = dir.resolve(FIGURES);
        if (Run.exists(dir)) {
            checkSame(Run.open(dir), task, cfg, options);
            if (Files.isRegularFile(figures)) {
                List<String> lines = Files.readAllLines(figures, StandardCharsets.UTF_8);
                if (!lines.isEmpty() && lines.get(0).equals(scoring)) {
                    err.println(tag + "reusing the finished run in " + dir);
                    return readFigures(lines, label, methodName, seed);
                }
            }
        }
        TaskData d = data.computeIfAbsent(seed, task::data);
        try (Trained trained = trained(method, task, d, cfg, options, dir, tag)) {
            err.println(tag + "scoring");
            List<Row> rows = score(task, d.test(), trained.model(), label, methodName, seed, dir);
            double seconds = trainingSeconds(dir);
            rows.addAll(0, List.of(
                    new Row(label, methodName, seed, "train_iterations_per_s", cfg.iterations() / seconds),
                    new Row(label, methodName, seed, "train_s_per_iteration", seconds / cfg.iterations()),
                    new Row(label, methodName, seed, "generator_passes_per_sample", method.generatorPasses(cfg)),
                    new Row(label, methodName, seed, "parameters", trained.model().parameters())));
            StringBuilder text = new StringBuilder(scoring).append('\n');
            for (Row r : rows) {
                text.append(r.setting()).append(',').append(r.method()).append(',').append(r.metric()).append(',')
                        .append(r.value()).append('\n');
            }
            Run.writeAtomically(figures, text.toString());
            return rows;
        }
    }

    /** What a run's figures depend on beyond its training: a changed K, count or T rescores a finished run. */
    private String scoringKey() {
        return String.format(Locale.ROOT, "# modes=%d count=%d sampling_steps=%s updates=%s", modes, count,
                samplingSteps, updates);
    }

    private static List<Row> readFigures(List<String> lines, String label, String method, long seed) {
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            if (f.length == 4) {
                rows.add(new Row(f[0], f[1], seed, f[2], Double.parseDouble(f[3])));
            }
        }
        return rows;
    }

    /** Refuses to reuse a run trained with other settings than this bench asks for. */
    private void checkSame(Run run, Task task, TrainingConfig cfg, Map<String, String> options) {
        Run.Recorded rec = run.readConfig();
        Map<String, String> recorded = new TreeMap<>(rec.builder().build().asStrings());
        Map<String, String> wanted = new TreeMap<>(cfg.asStrings());
        recorded.keySet().removeAll(RUN_ONLY);
        wanted.keySet().removeAll(RUN_ONLY);
        Map<String, String> recOptions = new TreeMap<>(rec.optionValues());
        Map<String, String> wantOptions = new TreeMap<>(Run.values(Run.taskOptions(task, options)));
        if (!rec.task().equals(task.name()) || !recorded.equals(wanted) || !recOptions.equals(wantOptions)) {
            throw new UserError("run folder " + run.dir() + " holds a run with other settings (" + recorded + ", "
                    + recOptions + ") than this bench asks for (" + wanted + ", " + wantOptions
                    + "); choose another --out");
        }
    }

    /** The run's model after every iteration: trained now, continued from its checkpoint, or restored. */
    private Trained trained(Method method, Task task, TaskData data, TrainingConfig cfg, Map<String, String> options,
                                Path dir, String tag) throws IOException {
        Run run;
        boolean resume = false;
        if (Run.exists(dir) && Run.open(dir).checkpoints().latest().isPresent()) {
            run = Run.open(dir).warnTo(main::warn);
            resume = true;
            if (run.finished(cfg)) {
                MethodModel model = run.samplingModel(method, task, cfg);
                return new Trained(model, model::close);
            }
            err.println(tag + "continuing from iteration " + run.checkpoints().latestStep().orElse(0L));
        } else {
            run = null;
        }
        Trainer trainer = new Trainer(method, task, data, cfg); // built before a new folder is written
        try {
            if (run == null) {
                // a run that never reached its first checkpoint is cleared and starts over
                run = Run.create(dir).warnTo(main::warn);
                run.writeConfig(task, cfg, method.lipschitz(cfg).name().toLowerCase(Locale.ROOT),
                        Run.taskOptions(task, options), "cgml bench --task " + taskName + " (" + tag.trim() + ")");
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

    /** Seconds of training the run's metrics.csv records (over every process that trained it). */
    private static double trainingSeconds(Path dir) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve(Run.METRICS), StandardCharsets.UTF_8);
        String last = lines.get(lines.size() - 1);
        return Double.parseDouble(last.split(",")[5]); // iteration,cost,dynamics_loss,lipschitz,learning_rate,seconds,...
    }

    /** Every view at every T (and update) the method's sampler distinguishes: standard and task figures, grids. */
    private List<Row> score(Task task, Dataset test, MethodModel model, String label, String method, long seed, Path dir)
            throws IOException {
        List<Row> rows = new ArrayList<>();
        Sampler sampler = model.sampler();
        Evaluation evaluation = task.evaluation();
        List<Integer> ts = sampler.movesCodes() ? samplingSteps : samplingSteps.subList(0, 1);
        List<LatentUpdate> us = sampler.movesCodes() ? updates : List.of(LatentUpdate.MOMENTUM);
        boolean probed = sampler.featureSize() == 0; // a method without an encoder H has nothing to probe
        for (Evaluation.View view : evaluation.views(task, test, seed)) {
            Task vt = view.task();
            int n = Math.min(count, view.test().size());
            float[] x = new float[n * vt.inputSize()];
            float[] y = new float[n * vt.outputSize()];
            for (int i = 0; i < n; i++) {
                view.test().example(i, seed + i, x, i * vt.inputSize(), y, i * vt.outputSize());
            }
            float[] oracle = model.oracle(x, y, n, seed + ORACLE_SEED_OFFSET);
            int first = rows.size();
            for (int t : ts) {
                for (LatentUpdate u : us) {
                    String setting = label + (view.name().isEmpty() ? "" : ";view=" + view.name())
                            + (samplingSteps.size() > 1 ? ";T=" + t : "")
                            + (u == LatentUpdate.PLAIN ? ";rho=no" : "");
                    sampler.sample(x, 1, modes, t, u, SAMPLING_SEED); // builds the T-step sampler: not timed
                    long t0 = System.nanoTime();
                    float[] samples = sampler.sample(x, n, modes, t, u, SAMPLING_SEED);
                    double secs = (System.nanoTime() - t0) / 1e9 / n;
                    Evaluation.Samples s = new Evaluation.Samples(view, seed, n, modes, x, y, samples, oracle,
                            probed ? null : sampler);
                    probed = true; // features of frozen H do not change with the view or T: probe once
                    Evaluation.Figures f = new Evaluation.Figures() {
                        @Override
                        public void add(String metric, double value) {
                            rows.add(new Row(setting, method, seed, metric, value));
                        }

                        @Override
                        public void reference(String reference, String metric, double value) {
                            rows.add(new Row(setting, reference, seed, metric, value));
                        }
                    };
                    StandardFigures.score(s, f, lpips);
                    evaluation.score(s, f);
                    f.add("held_out_inputs", n);
                    f.add("inference_s_per_input_k_modes", secs);
                    pictures(vt, x, y, n, samples, dir, view.name(), t, u);
                }
            }
            if (ts.size() < samplingSteps.size()) { // T does not change this method's outputs: the same rows at each T
                String t0 = ";T=" + ts.get(0);
                List<Row> once = new ArrayList<>(rows.subList(first, rows.size()));
                for (int t : samplingSteps.subList(1, samplingSteps.size())) {
                    once.forEach(r -> rows.add(new Row(r.setting().replace(t0, ";T=" + t), r.method(), r.seed(),
                            r.metric(), r.value())));
                }
            }
        }
        return rows;
    }

    /** A grid of the first held-out inputs, truths and K modes, or the task's own plot of the samples. */
    private void pictures(Task task, float[] x, float[] y, int n, float[] samples, Path dir, String view, int t,
                          LatentUpdate u) throws IOException {
        String stem = "samples" + (view.isEmpty() ? "" : "-" + view) + "-T" + t + (u == LatentUpdate.PLAIN ? "-norho" : "");
        if (task.presentation().image(x, 0, task.inputShape()).isPresent()) {
            org.cgml.eval.Figures.write(dir.resolve(safe(stem) + ".png"),
                    Grid.samplesFigure(task, x, y, 0, Math.min(GRID_ROWS, n), modes, samples, null));
        } else {
            var plot = task.presentation().plot(x, samples, n, modes);
            if (plot.isPresent()) {
                org.cgml.eval.Figures.write(dir.resolve(safe(stem) + ".png"), plot.get());
            }
        }
    }

    /**
     * The convergence of every run of one setting: the rows of each run's convergence.csv into the bench's
     * convergence.csv, and a picture per setting of the best-of-K figure against iteration and against training
     * seconds, per method the mean over seeds with the spread (min to max) shaded.
     */
    private void convergence(String label) throws IOException {
        Path settingDir = settingDir(label);
        StringBuilder csv = new StringBuilder();
        Path all = out.resolve(Convergence.FILE);
        if (!Files.isRegularFile(all)) {
            csv.append("task,setting,method,seed,iteration,seconds,metric,value\n");
        } else {
            // rows of this setting are rewritten below; the others are kept
            Files.readAllLines(all, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.startsWith(taskName + "," + label + ","))
                    .forEach(l -> csv.append(l).append('\n'));
        }
        List<org.cgml.eval.Curves.Band> byIteration = new ArrayList<>();
        List<org.cgml.eval.Curves.Band> bySeconds = new ArrayList<>();
        String figure = null;
        for (String method : methods) {
            // iteration -> per seed (seconds, value)
            TreeMap<Long, List<double[]>> points = new TreeMap<>();
            for (long seed : seeds) {
                Path file = runDir(label, method, seed).resolve(Convergence.FILE);
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                String[] header = lines.get(0).split(",");
                int column = figure == null ? bestColumn(header) : Arrays.asList(header).indexOf(figure);
                if (column < 0) {
                    continue;
                }
                figure = header[column];
                for (String line : lines.subList(1, lines.size())) {
                    String[] f = line.split(",");
                    for (int c = 2; c < f.length; c++) {
                        csv.append(String.join(",", taskName, label, method, Long.toString(seed), f[0], f[1], header[c],
                                f[c])).append('\n');
                    }
                    points.computeIfAbsent(Long.parseLong(f[0]), k -> new ArrayList<>())
                            .add(new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[column])});
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
            for (Map.Entry<Long, List<double[]>> e : points.entrySet()) {
                it[i] = e.getKey();
                secs[i] = e.getValue().stream().mapToDouble(p -> p[0]).average().orElse(0);
                mean[i] = e.getValue().stream().mapToDouble(p -> p[1]).average().orElse(0);
                low[i] = e.getValue().stream().mapToDouble(p -> p[1]).min().orElse(0);
                high[i] = e.getValue().stream().mapToDouble(p -> p[1]).max().orElse(0);
                i++;
            }
            byIteration.add(new org.cgml.eval.Curves.Band(method, it, mean, low, high));
            bySeconds.add(new org.cgml.eval.Curves.Band(method, secs, mean, low, high));
        }
        Run.writeAtomically(all, csv.toString());
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
                    ? Grid.stack(captions, grids, Math.min(GRID_ROWS, count), COMPARED_ROWS)
                    : Grid.tile(captions, grids, 3));
        }
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

    /** results.csv, summary.csv and summary.md. */
    private void writeTables(List<Row> rows) {
        StringBuilder results = new StringBuilder(RESULTS_HEADER).append('\n');
        rows.forEach(r -> results.append(r.csv(taskName)).append('\n'));
        Run.writeAtomically(out.resolve("results.csv"), results.toString());
        // mean, min and max over seeds of every (setting, method, metric), in first-seen order
        Map<List<String>, List<Double>> groups = new LinkedHashMap<>();
        for (Row r : rows) {
            groups.computeIfAbsent(List.of(r.setting(), r.method(), r.metric()), k -> new ArrayList<>()).add(r.value());
        }
        StringBuilder summary = new StringBuilder("task,setting,method,metric,mean,min,max,seeds\n");
        Map<String, Map<String, Map<String, String>>> tables = new LinkedHashMap<>(); // setting -> metric -> method
        Set<String> columns = new LinkedHashSet<>();
        for (Map.Entry<List<String>, List<Double>> e : groups.entrySet()) {
            double[] v = e.getValue().stream().mapToDouble(Double::doubleValue).toArray();
            double mean = Arrays.stream(v).average().orElse(Double.NaN);
            double min = Arrays.stream(v).min().orElse(Double.NaN);
            double max = Arrays.stream(v).max().orElse(Double.NaN);
            List<String> k = e.getKey();
            summary.append(String.join(",", taskName, k.get(0), k.get(1), k.get(2), fmt(mean), fmt(min), fmt(max),
                    Integer.toString(v.length))).append('\n');
            columns.add(k.get(1));
            tables.computeIfAbsent(k.get(0), s -> new LinkedHashMap<>()).computeIfAbsent(k.get(2), m -> new LinkedHashMap<>())
                    .put(k.get(1), v.length == 1 ? fmt(mean) : fmt(mean) + " (" + fmt(min) + " to " + fmt(max) + ")");
        }
        Run.writeAtomically(out.resolve("summary.csv"), summary.toString());
        StringBuilder md = new StringBuilder("# Bench: " + taskName + "\n\n");
        md.append("Seeds ").append(seeds).append(", methods ").append(methods).append(", K = ").append(modes)
                .append(", up to ").append(count).append(" held-out inputs per view. Each cell: mean over seeds "
                        + "(min to max). Long table: results.csv; run folders beside this file.\n");
        List<String> cols = new ArrayList<>(columns);
        for (Map.Entry<String, Map<String, Map<String, String>>> t : tables.entrySet()) {
            md.append("\n## ").append(t.getKey()).append("\n\n| metric | ").append(String.join(" | ", cols))
                    .append(" |\n|---|").append("---|".repeat(cols.size())).append('\n');
            for (Map.Entry<String, Map<String, String>> m : t.getValue().entrySet()) {
                md.append("| ").append(m.getKey());
                for (String c : cols) {
                    md.append(" | ").append(m.getValue().getOrDefault(c, ""));
                }
                md.append(" |\n");
            }
        }
        Run.writeAtomically(out.resolve("summary.md"), md.toString());
        err.println("bench " + taskName + ": " + out.resolve("results.csv") + ", " + out.resolve("summary.csv") + ", "
                + out.resolve("summary.md"));
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.5g", v);
    }
}
