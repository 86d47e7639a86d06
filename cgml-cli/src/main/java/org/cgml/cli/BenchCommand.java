package org.cgml.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.cgml.nn.LatentUpdate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cgml bench --task T}: every method asked for, on every seed, on the task's bench settings, each trained into
 * a run folder and scored on the task's held-out views by the task's own evaluation plus the standard figures. Also
 * {@code bench speed} and {@code bench eval}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train and score methods side by side on a task, several seeds, one run folder each; writes "
                + "results.csv (long format), summary.csv and summary.md into --out.",
            "Running the same command again reuses finished runs and continues interrupted ones; --executor slurm "
                + "runs each run as a task of a SLURM job array instead (docs/SCALING.md)."},
        subcommands = {BenchSpeed.class, BenchEval.class, BenchFuzz.class, BenchStatus.class})
final class BenchCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    Main main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--task", paramLabel = "T", completionCandidates = PluginNames.Tasks.class,
            description = "Task id (see 'cgml tasks').")
    String task;

    @Option(names = "--methods", split = ",", defaultValue = "cgml,baseline", paramLabel = "M[,M...]",
            completionCandidates = PluginNames.Methods.class,
            description = "Methods (see 'cgml methods'; default cgml,baseline); an entry METHOD:KEY=VALUE[:KEY=VALUE...] "
                    + "is the method with its own settings, e.g. cgml,cgml:recipe=paper,baseline.")
    List<String> methods;

    @Option(names = "--seeds", split = ",", defaultValue = "1,2,3", paramLabel = "S[,S...]",
            description = "Seeds, one run per method and seed, each once (default 1,2,3).")
    List<Long> seeds;

    @Option(names = "--iterations", paramLabel = "N", description = "Training iterations per run (default: the task's).")
    Long iterations;

    @Option(names = "--set", paramLabel = "NAME=VALUE",
            description = "A task option, e.g. --set data=DIR (repeatable); it replaces that option in the task's "
                    + "bench settings.")
    Map<String, String> set = new LinkedHashMap<>();

    @Option(names = "--config", paramLabel = "KEY=VALUE",
            description = "A training setting for every method, e.g. --config learning_rate=1e-3 (repeatable).")
    Map<String, String> config = new LinkedHashMap<>();

    @Option(names = "--modes", defaultValue = "8", paramLabel = "K", description = "Modes K per input (default 8).")
    int modes;

    @Option(names = "--count", defaultValue = "200", paramLabel = "N",
            description = "Held-out inputs scored per view (default 200, or all the view has).")
    int count;

    @Option(names = "--sampling-steps", split = ",", paramLabel = "T[,T...]",
            description = "Sampling steps T of Eq. 4 or of the flow, 0 to 1000 (default: the resolved sampling_steps, the task's "
                    + "or --config's; 0 shows G at prior codes). Several values score one "
                    + "model at each, as settings ending ';T=...' (a method whose outputs do not depend on T, such as "
                    + "the baseline, is scored once and reported at each).")
    List<Integer> samplingSteps;

    @Option(names = "--no-momentum", description = "Also score z <- proj(r) without rho (settings ending ';rho=no').")
    boolean plain;

    @Option(names = "--out", paramLabel = "DIR", description = "Bench folder (default runs/bench-TASK): new, empty, or one a bench wrote (it holds "
            + "bench.json); no other folder is written into.")
    Path out;

    @Option(names = "--curve-every", paramLabel = "N",
            description = "Held-out figures every N training iterations, for the convergence plot (default: the "
                    + "iterations / 20; -1: none).")
    Long curveEvery;

    @Option(names = "--lpips-weights", paramLabel = "DIR",
            description = "Folder with the LPIPS (alex) weight files, for diversity_lpips of colour outputs (default: "
                    + "$CGML_LPIPS_DIR, else data/lpips, where present).")
    Path lpipsWeights;

    @Option(names = "--inception", paramLabel = "FILE",
            description = "pytorch-fid's Inception weights (" + org.cgml.eval.InceptionV3.WEIGHTS_FILE + "), for fid and "
                    + "kid of picture outputs; never downloaded (default: $CGML_INCEPTION, else data/inception/"
                    + org.cgml.eval.InceptionV3.WEIGHTS_FILE + ", where present).")
    Path inception;

    /** Where a bench's runs are trained. */
    enum Executor { local, slurm }

    @Option(names = "--executor", defaultValue = "local", paramLabel = "local|slurm",
            description = "local (default): every run here, one after the other; slurm: one SLURM job array whose task "
                    + "i trains cell i of the plan in its own JVM, and a merge job after it that writes the tables "
                    + "(scripts kept in DIR/slurm; docs/SCALING.md).")
    Executor executor;

    @Option(names = "--slurm-args", paramLabel = "ARGS",
            description = "sbatch options for every job of --executor slurm, split at spaces, e.g. "
                    + "\"--partition=gpu --gres=gpu:1 --time=12:00:00 --account=A\".")
    String slurmArgs;

    @Option(names = "--cell", paramLabel = "I",
            description = "Train and score only cell I of the plan (numbered from 0, as in bench.json and 'bench "
                    + "status'); no tables. What a SLURM task runs.")
    Integer cell;

    @Option(names = "--merge", description = "Train nothing: the tables and pictures from the finished runs, the others "
            + "listed as left out. What the SLURM merge job runs.")
    boolean merge;

    @Override
    public Integer call() throws Exception {
        if (task == null) {
            throw new UserError("give --task T (see 'cgml tasks'), or a subcommand: speed, eval, fuzz");
        }
        if (modes < 1 || count < 1 || (iterations != null && iterations < 1) || seeds.isEmpty() || methods.isEmpty()
                || (samplingSteps != null && samplingSteps.stream().anyMatch(t -> t < 0))) {
            throw new UserError("--modes, --count and --iterations must be positive, --sampling-steps >= 0, and --seeds "
                    + "and --methods not empty");
        }
        refuseRepeats("--seeds", seeds);
        refuseRepeats("--methods", methods);
        int maxSteps = org.cgml.api.TrainingConfig.MAX_SAMPLING_STEPS;
        if (samplingSteps != null && samplingSteps.stream().anyMatch(t -> t > maxSteps)) {
            throw new UserError("--sampling-steps must be in [0, " + maxSteps + "] (got " + samplingSteps
                    + "; each step is unrolled into the sampling graph)");
        }
        Map<String, String> options = new LinkedHashMap<>(set);
        for (org.cgml.api.TaskOption o : main.registry().task(task).options()) { // given as --NAME, added for T
            CommandLine.Model.OptionSpec given = spec.findOption("--" + o.name());
            if (given != null && given.getValue() != null) {
                options.put(o.name(), given.getValue().toString());
            }
        }
        List<LatentUpdate> updates = new ArrayList<>(List.of(LatentUpdate.MOMENTUM));
        if (plain) {
            updates.add(LatentUpdate.PLAIN);
        }
        if (curveEvery != null && (curveEvery < -1 || curveEvery == 0)) {
            throw new UserError("--curve-every must be positive, or -1 for no convergence figures (got " + curveEvery + ")");
        }
        if (cell != null && merge) {
            throw new UserError("--cell and --merge exclude each other: --cell trains one run, --merge none");
        }
        if (executor == Executor.slurm && (cell != null || merge)) {
            throw new UserError("--executor slurm submits the whole bench; --cell and --merge are what its jobs run");
        }
        if (slurmArgs != null && executor != Executor.slurm) {
            throw new UserError("--slurm-args is for --executor slurm");
        }
        Path folder = out == null ? Path.of("runs", "bench-" + task) : out;
        if (executor == Executor.slurm) { // the runs' JVMs load what they need; this one only plans and submits
            List<String> words = slurmArgs == null ? List.of() : SlurmBench.splitWords(slurmArgs);
            Path absolute = folder.toAbsolutePath().normalize();
            SlurmBench.checkNamable(absolute);
            SlurmBench.checkNotHeld(absolute);
            List<Bench.Cell> plan = bench(options, updates, absolute, null, null).prepare();
            SlurmBench.submit(main, task, absolute, plan.size(), taskArgs(options, absolute), words);
            return 0;
        }
        try (org.cgml.eval.Lpips lpips = lpips(); org.cgml.eval.InceptionV3 net = inception()) {
            Bench bench = bench(options, updates, folder, lpips, net);
            if (cell != null) {
                bench.onlyCell(cell);
            } else if (merge) {
                bench.mergeOnly();
            }
            bench.run();
        }
        return 0;
    }

    private Bench bench(Map<String, String> options, List<LatentUpdate> updates, Path folder, org.cgml.eval.Lpips lpips,
                        org.cgml.eval.InceptionV3 net) {
        return new Bench(main, task, List.copyOf(methods), List.copyOf(seeds), iterations, options, config, modes,
                count, samplingSteps == null ? List.of() : List.copyOf(samplingSteps), updates, folder,
                curveEvery == null ? 0 : curveEvery, lpips, net);
    }

    /**
     * This bench as the arguments of one SLURM task ({@code --cell} or {@code --merge} appended): every option it was
     * given, the task's options as --set, paths absolute (a task may start in another folder).
     */
    private List<String> taskArgs(Map<String, String> options, Path folder) {
        List<String> a = new ArrayList<>(List.of("bench", "--task", task, "--methods", String.join(",", methods),
                "--seeds", seeds.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","))));
        if (iterations != null) {
            a.addAll(List.of("--iterations", iterations.toString()));
        }
        options.forEach((k, v) -> a.addAll(List.of("--set", k + "=" + v)));
        config.forEach((k, v) -> a.addAll(List.of("--config", k + "=" + v)));
        a.addAll(List.of("--modes", Integer.toString(modes), "--count", Integer.toString(count)));
        if (samplingSteps != null) {
            a.addAll(List.of("--sampling-steps", samplingSteps.stream().map(String::valueOf)
                    .collect(java.util.stream.Collectors.joining(","))));
        }
        if (plain) {
            a.add("--no-momentum");
        }
        a.addAll(List.of("--out", folder.toString()));
        if (curveEvery != null) {
            a.addAll(List.of("--curve-every", curveEvery.toString()));
        }
        if (lpipsWeights != null) {
            a.addAll(List.of("--lpips-weights", lpipsWeights.toAbsolutePath().toString()));
        }
        if (inception != null) {
            a.addAll(List.of("--inception", inception.toAbsolutePath().toString()));
        }
        return a;
    }

    /** A list given twice the same entry would be run once and counted twice: refused, naming the entry. */
    private static void refuseRepeats(String option, List<?> values) {
        java.util.Set<Object> seen = new java.util.HashSet<>();
        for (Object v : values) {
            if (!seen.add(v)) {
                throw new UserError(option + " names " + v + " twice; give each once (e.g. " + option + " "
                        + values.stream().distinct().map(String::valueOf).collect(java.util.stream.Collectors.joining(","))
                        + ")");
            }
        }
    }

    /**
     * The FID Inception-v3 from --inception or $CGML_INCEPTION (which must then hold it), or from the default place
     * where present; null otherwise.
     */
    private org.cgml.eval.InceptionV3 inception() {
        if (inception == null && System.getenv("CGML_INCEPTION") == null
                && !java.nio.file.Files.isRegularFile(EvalCommand.DEFAULT_INCEPTION)) {
            return null;
        }
        return EvalCommand.loadInception(inception);
    }

    /** LPIPS (alex) from --lpips-weights, or where the default folders hold its files; null when absent. */
    private org.cgml.eval.Lpips lpips() throws java.io.IOException {
        Path dir = EvalCommand.lpipsFolder(lpipsWeights);
        org.cgml.eval.Lpips.Backbone alex = org.cgml.eval.Lpips.Backbone.of("alex");
        boolean present = java.nio.file.Files.isRegularFile(dir.resolve(alex.backboneFile()))
                && java.nio.file.Files.isRegularFile(dir.resolve(alex.linearFile()));
        if (!present && lpipsWeights == null) {
            return null;
        }
        try {
            return org.cgml.eval.Lpips.load(alex, dir);
        } catch (java.io.IOException e) {
            throw new UserError(e.getMessage());
        }
    }
}
