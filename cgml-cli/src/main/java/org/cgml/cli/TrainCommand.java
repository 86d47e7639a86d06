package org.cgml.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.cgml.api.Task;
import org.cgml.api.TaskData;
import org.cgml.api.TrainingConfig;
import org.cgml.api.TrainingListener;
import org.cgml.nn.Checkpoints;
import org.cgml.nn.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code cgml train}: Algorithm 1 (or the L1 baseline) on a task, into a run folder; {@code --resume} continues one. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train cGML (Algorithm 1) or the L1 baseline on a task and write a run folder.")
final class TrainCommand implements Callable<Integer> {
    /** Sampling steps T of the exported sampler. */
    static final int EXPORT_STEPS = 20;

    @ParentCommand
    Main main;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--task", paramLabel = "T", description = "Task id (see 'cgml tasks'); default: toy.")
    String task;

    @Option(names = "--out", required = true, paramLabel = "RUN", description = "Run folder to create (or to resume).")
    Path out;

    @Option(names = "--steps", paramLabel = "N", description = "Training iterations (task default if absent).")
    Long steps;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of data order, z draws, noise and initialisation.")
    Long seed;

    @Option(names = "--baseline", paramLabel = "l1", description = "Train the regression baseline instead (z fixed): l1.")
    String baseline;

    @Option(names = "--lipschitz", paramLabel = "FORM", description = "Lipschitz constraint: penalty (default) or spectral.")
    String lipschitz;

    @Option(names = "--distance", paramLabel = "D",
            description = "Distance d of the regression cost (Eq. 1): task (the task's own, default), l1 or l2.")
    String distance;

    @Option(names = "--dynamics-tail", paramLabel = "K",
            description = "Fit Z on the last K of the l inner steps of each search (0: all, as Algorithm 1).")
    Integer dynamicsTail;

    @Option(names = "--resume", description = "Continue the run in --out from its latest checkpoint.")
    boolean resume;

    @Option(names = "--batch-size", paramLabel = "B", description = "Batch size.")
    Integer batchSize;

    @Option(names = "--inner-steps", paramLabel = "L", description = "Inner latent steps l per batch.")
    Integer innerSteps;

    @Option(names = "--lr", paramLabel = "LR", description = "Adam learning rate of H, G and Z.")
    Float lr;

    @Option(names = "--schedule", paramLabel = "S", description = "Learning-rate schedule: constant or cosine.")
    String schedule;

    @Option(names = "--alpha", paramLabel = "A", description = "Momentum scale alpha.")
    Float alpha;

    @Option(names = "--beta", paramLabel = "B", description = "Inner latent step size beta.")
    Float beta;

    @Option(names = "--threads", paramLabel = "N", description = "CPU threads for TensorFlow (0: all).")
    Integer threads;

    @Option(names = "--checkpoint-every", paramLabel = "N", description = "Steps between checkpoints.")
    Integer checkpointEvery;

    @Override
    public Integer call() throws IOException {
        TrainingConfig config;
        Task t;
        RunFolder run;
        TaskData data = null;
        if (resume) {
            run = RunFolder.open(out);
            RunFolder.Recorded rec = run.readConfig();
            if (task != null && !task.equals(rec.task())) {
                throw new UserError("run " + out + " trains task '" + rec.task() + "', not '" + task + "'");
            }
            List<String> fixed = new ArrayList<>();
            addIf(fixed, seed, "--seed");
            addIf(fixed, baseline, "--baseline");
            addIf(fixed, lipschitz, "--lipschitz");
            addIf(fixed, distance, "--distance");
            addIf(fixed, dynamicsTail, "--dynamics-tail");
            addIf(fixed, batchSize, "--batch-size");
            addIf(fixed, innerSteps, "--inner-steps");
            addIf(fixed, lr, "--lr");
            addIf(fixed, schedule, "--schedule");
            addIf(fixed, alpha, "--alpha");
            addIf(fixed, beta, "--beta");
            if (!fixed.isEmpty()) {
                throw new UserError("a resumed run keeps its recorded settings; drop " + String.join(", ", fixed)
                        + " (only --steps, --threads and --checkpoint-every may change)");
            }
            t = main.registry().task(rec.task()).withOptions(RunFolder.values(rec.taskOptions()));
            TrainingConfig.Builder b = rec.builder();
            applyRunOptions(b);
            config = b.build();
            run.writeConfig(t, config, rec.taskOptions(), "cgml " + String.join(" ",
                    main.spec.commandLine().getParseResult().subcommand().originalArgs()));
        } else {
            t = main.registry().task(task == null ? "toy" : task);
            Map<String, String[]> options = taskOptions(t);
            t = t.withOptions(RunFolder.values(options));
            TrainingConfig.Builder b = TrainingConfig.forTask(t);
            if (seed != null) {
                b.optSeed(seed);
            }
            if (baseline != null) {
                if (!baseline.equalsIgnoreCase("l1")) {
                    throw new UserError("unknown baseline '" + baseline + "'; the baseline is: l1");
                }
                b.optMethod(TrainingConfig.Method.L1);
            }
            if (lipschitz != null) {
                b.optLipschitz(parse(TrainingConfig.Lipschitz.class, lipschitz, "--lipschitz", "penalty, spectral"));
            }
            if (distance != null) {
                b.optDistance(parse(TrainingConfig.Distance.class, distance, "--distance", "task, l1, l2"));
            }
            if (dynamicsTail != null) {
                b.optDynamicsTail(dynamicsTail);
            }
            if (batchSize != null) {
                b.optBatchSize(batchSize);
            }
            if (innerSteps != null) {
                b.optInnerSteps(innerSteps);
            }
            if (lr != null) {
                b.optLearningRate(lr).optDynamicsLearningRate(lr);
            }
            if (schedule != null) {
                b.optSchedule(parse(TrainingConfig.Schedule.class, schedule, "--schedule", "constant, cosine"));
            }
            if (alpha != null) {
                b.optAlpha(alpha);
            }
            if (beta != null) {
                b.optBeta(beta);
            }
            applyRunOptions(b);
            config = b.build();
            data = t.data(config.seed());             // bad or missing data fails before the run folder exists
            run = RunFolder.create(out);
            List<String> args = main.spec.commandLine().getParseResult().subcommand().originalArgs();
            run.writeConfig(t, config, options, "cgml " + String.join(" ", args));
        }
        train(t, data == null ? t.data(config.seed()) : data, config, run, resume, main.err);
        main.out.printf(Locale.ROOT, "run folder: %s (config.json, metrics.csv, loss.png, checkpoints/, saved_model/)%n", out);
        return 0;
    }

    /** The task's options as given on the command line or defaulted: name -> {value, origin}. */
    private Map<String, String[]> taskOptions(Task t) {
        Map<String, String[]> out = new LinkedHashMap<>();
        for (org.cgml.api.TaskOption o : t.options()) {
            picocli.CommandLine.Model.OptionSpec given = spec.findOption("--" + o.name());
            Object v = given == null ? null : given.getValue();
            out.put(o.name(), v == null ? new String[] {o.defaultValue(), "default"} : new String[] {v.toString(), "user"});
        }
        return out;
    }

    private void applyRunOptions(TrainingConfig.Builder b) {
        if (steps != null) {
            b.setSteps(steps);
        }
        if (threads != null) {
            b.optThreads(threads);
        }
        if (checkpointEvery != null) {
            b.optCheckpointEvery(checkpointEvery);
        }
    }

    /** Trains into {@code run}, resuming from its latest checkpoint when asked; saves on Ctrl-C. */
    static void train(Task task, TaskData data, TrainingConfig config, RunFolder run, boolean resume,
                      java.io.PrintStream progress) throws IOException {
        try (Trainer trainer = new Trainer(task, data, config)) {
            Checkpoints checkpoints = run.checkpoints();
            long start = 0;
            if (resume) {
                if (checkpoints.latest().isEmpty()) {
                    throw new UserError("run " + run.dir() + " has no checkpoint to resume from");
                }
                start = checkpoints.restore(trainer);
            }
            List<TrainingListener> listeners = List.of(run.metricsWriter(start),
                    new ProgressListener(progress, System.console() != null, config.method() == TrainingConfig.Method.L1
                            ? "[l1] " : "[cgml] "));
            Thread worker = Thread.currentThread();
            Thread hook = new Thread(() -> {
                trainer.requestStop();
                try {
                    worker.join(120_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                trainer.fit(checkpoints, listeners);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: the checkpoint above was the last thing to do
                }
            }
            run.plotLoss();
            if (trainer.completedSteps() >= config.steps()) {
                Path model = run.dir().resolve(RunFolder.MODEL);
                deleteTree(model);
                trainer.export(model, EXPORT_STEPS);
            }
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (java.nio.file.Files.exists(p)) {
            try (var s = java.nio.file.Files.walk(p)) {
                for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    java.nio.file.Files.delete(q);
                }
            }
        }
    }

    private static void addIf(List<String> names, Object value, String name) {
        if (value != null) {
            names.add(name);
        }
    }

    static <E extends Enum<E>> E parse(Class<E> type, String text, String option, String allowed) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(text) && !e.name().equals("NONE")) {
                return e;
            }
        }
        throw new UserError("bad value '" + text + "' for " + option + "; use one of: " + allowed);
    }
}
