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
import org.cgml.nn.Method;
import org.cgml.nn.Trainer;
import org.cgml.nn.run.ProgressListener;
import org.cgml.nn.run.Run;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code cgml train}: a training method (cGML's Algorithm 1 by default) on a task, into a run folder; {@code --resume}
 * continues one.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a method (cgml: Algorithm 1, by default) on a task and write a run folder.")
final class TrainCommand implements Callable<Integer> {
    /** Sampling steps T of the exported sampler. */
    static final int SAMPLING_STEPS = 20;

    @ParentCommand
    Main main;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--task", paramLabel = "T", description = "Task id (see 'cgml tasks'); required for a new run.")
    String task;

    @Option(names = "--out", required = true, paramLabel = "RUN", description = "Run folder to create (or to resume).")
    Path out;

    @Option(names = "--method", paramLabel = "M",
            description = "Training method (see 'cgml methods'): cgml (default) or baseline (z fixed), ...")
    String method;

    @Option(names = "--steps", paramLabel = "N", description = "Training iterations (task default if absent).")
    Long steps;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of data order, z draws, noise and initialisation.")
    Long seed;

    @Option(names = "--config", paramLabel = "KEY=VALUE",
            description = "Any training setting by its config.json name, e.g. --config dynamics_tail=5 (repeatable).")
    Map<String, String> settings = new LinkedHashMap<>();

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

    @Option(names = "--checkpoint-every", paramLabel = "N", description = "Iterations between checkpoints.")
    Integer checkpointEvery;

    @Override
    public Integer call() throws IOException {
        TrainingConfig config;
        Task t;
        Run run;
        TaskData data = null;
        String command = "cgml " + String.join(" ", main.spec.commandLine().getParseResult().subcommand().originalArgs());
        if (resume) {
            run = Run.open(out);
            Run.Recorded rec = run.readConfig();
            if (task != null && !task.equals(rec.task())) {
                throw new UserError("run " + out + " trains task '" + rec.task() + "', not '" + task + "'");
            }
            List<String> fixed = new ArrayList<>();
            addIf(fixed, seed, "--seed");
            addIf(fixed, method, "--method");
            addIf(fixed, lipschitz, "--lipschitz");
            addIf(fixed, distance, "--distance");
            addIf(fixed, dynamicsTail, "--dynamics-tail");
            addIf(fixed, batchSize, "--batch-size");
            addIf(fixed, innerSteps, "--inner-steps");
            addIf(fixed, lr, "--lr");
            addIf(fixed, schedule, "--schedule");
            addIf(fixed, alpha, "--alpha");
            addIf(fixed, beta, "--beta");
            addIf(fixed, settings.isEmpty() ? null : settings, "--config");
            if (!fixed.isEmpty()) {
                throw new UserError("a resumed run keeps its recorded settings; drop " + String.join(", ", fixed)
                        + " (only --steps, --threads and --checkpoint-every may change)");
            }
            t = main.registry().task(rec.task()).withOptions(rec.optionValues());
            TrainingConfig.Builder b = rec.builder();
            applyRunOptions(b);
            config = b.build();
            run.writeConfig(t, config, lipschitzUsed(config), rec.taskOptions(), command);
        } else {
            if (task == null) {
                throw new UserError("give --task T for a new run (see 'cgml tasks'), or --resume");
            }
            t = main.registry().task(task);
            Map<String, Run.Setting> options = taskOptions(t);
            t = t.withOptions(values(options));
            TrainingConfig.Builder b = TrainingConfig.forTask(t);
            settings.forEach(b::set);
            if (seed != null) {
                b.optSeed(seed);
            }
            if (method != null) {
                b.optMethod(main.registry().method(method).name());
            }
            if (lipschitz != null) {
                b.optLipschitz(parse(TrainingConfig.Lipschitz.class, lipschitz, "--lipschitz", "penalty, spectral"));
            }
            if (distance != null) {
                b.optDistance(parse(org.cgml.api.Distance.class, distance, "--distance", "task, l1, l2"));
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
            main.registry().method(config.method());
            data = t.data(config.seed());             // bad or missing data fails before the run folder exists
            run = Run.create(out);
            run.writeConfig(t, config, lipschitzUsed(config), options, command);
        }
        Method m = main.registry().method(config.method());
        try (Trainer trainer = new Trainer(m, t, data == null ? t.data(config.seed()) : data, config)) {
            run.train(trainer, resume, List.of(new ProgressListener(main.err, System.console() != null,
                    "[" + config.method() + "] ")), SAMPLING_STEPS);
        }
        main.out.printf(Locale.ROOT, "run folder: %s (config.json, metrics.csv, loss.png, checkpoints/, saved_model/)%n", out);
        return 0;
    }

    /** The Lipschitz form the config's method applies, as recorded. */
    private String lipschitzUsed(TrainingConfig config) {
        return main.registry().method(config.method()).lipschitz(config).name().toLowerCase(Locale.ROOT);
    }

    /** Just the values of task options. */
    static Map<String, String> values(Map<String, Run.Setting> options) {
        Map<String, String> v = new LinkedHashMap<>();
        options.forEach((k, s) -> v.put(k, s.value()));
        return v;
    }

    /** The task's options as given on the command line or defaulted: name -> {value, origin}. */
    private Map<String, Run.Setting> taskOptions(Task t) {
        Map<String, Run.Setting> out = new LinkedHashMap<>();
        for (org.cgml.api.TaskOption o : t.options()) {
            picocli.CommandLine.Model.OptionSpec given = spec.findOption("--" + o.name());
            Object v = given == null ? null : given.getValue();
            out.put(o.name(), v == null ? new Run.Setting(o.defaultValue(), "default") : new Run.Setting(v.toString(), "user"));
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
