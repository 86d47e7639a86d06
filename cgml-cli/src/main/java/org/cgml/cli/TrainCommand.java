package org.cgml.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.cgml.api.Key;
import org.cgml.api.Task;
import org.cgml.api.TaskData;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.Method;
import org.cgml.nn.Trainer;
import org.cgml.nn.evaluation.Convergence;
import org.cgml.nn.run.ProgressListener;
import org.cgml.nn.run.Run;
import picocli.CommandLine;
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
    @ParentCommand
    Main main;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--task", paramLabel = "T", completionCandidates = PluginNames.Tasks.class,
            description = "Task id (see 'cgml tasks'); required for a new run.")
    String task;

    @Option(names = "--out", required = true, paramLabel = "RUN", description = "Run folder to create (or to resume).")
    Path out;

    @Option(names = "--config", paramLabel = "KEY=VALUE",
            description = "Any training setting by its config.json name, e.g. --config dynamics_tail=5 (repeatable).")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--resume", description = "Continue the run in --out from its latest checkpoint.")
    boolean resume;

    /**
     * Adds one flag per training setting ({@code --inner-steps L}, ...) to train: the engine's
     * ({@link TrainingConfig#KEYS}) and those the installed methods declare.
     */
    static void installSettings(CommandLine.Model.CommandSpec train, List<Key<?>> methodSettings) {
        for (Key<?> k : keys(methodSettings)) {
            String d = k.defaultText();
            Iterable<String> choices = k == TrainingConfig.METHOD ? new PluginNames.Methods() : k.choices();
            boolean listed = choices.iterator().hasNext();
            // completion scripts name each option's candidates by its label: one label per listed key
            train.addOption(CommandLine.Model.OptionSpec.builder(k.flag())
                    .paramLabel(listed ? k.name().toUpperCase(Locale.ROOT) : "VALUE").type(String.class)
                    .completionCandidates(listed ? choices : null)
                    .description(k.doc() + (d == null ? "" : " (engine default " + d + ")")
                            + (k.resumable() ? "; may change on --resume" : "")).build());
        }
    }

    /** The engine's settings, then those of the installed methods. */
    private static List<Key<?>> keys(List<Key<?>> methodSettings) {
        List<Key<?>> all = new ArrayList<>(TrainingConfig.KEYS);
        methodSettings.stream().filter(k -> !all.contains(k)).forEach(all::add);
        return all;
    }

    /** The settings given as flags and with --config (flags win), by key. */
    private Map<Key<?>, String> given() {
        List<Key<?>> methodSettings = Method.settings(main.registry().methods().values());
        Map<Key<?>, String> out = new LinkedHashMap<>();
        settings.forEach((k, v) -> out.put(TrainingConfig.key(k, methodSettings), v));
        for (Key<?> k : keys(methodSettings)) {
            CommandLine.Model.OptionSpec flag = spec.findOption(k.flag());
            Object v = flag == null ? null : flag.getValue();
            if (v != null) {
                out.put(k, v.toString());
            }
        }
        return out;
    }

    @Override
    public Integer call() throws IOException {
        TrainingConfig config;
        Task t;
        Run run = null;
        TaskData data;
        Map<String, Run.Setting> options = null;
        String command = "cgml " + String.join(" ", main.spec.commandLine().getParseResult().subcommand().originalArgs());
        // after a full disk: a run with a checkpoint continues with --resume; one without starts over as it was asked
        main.afterMachineFailure = () -> Run.exists(out) && Run.open(out).checkpoints().latest().isPresent()
                ? "continue the run with: cgml train --out " + out + " --resume"
                : "run the same command again (the run had no checkpoint yet: it starts over)";
        if (resume) {
            run = Run.open(out).warnTo(main::warn);
            Run.Recorded rec = run.readConfig(Method.settings(main.registry().methods().values()));
            if (task != null && !task.equals(rec.task())) {
                throw new UserError("run " + out + " trains task '" + rec.task() + "', not '" + task + "'");
            }
            Map<Key<?>, String> given = given();
            List<String> fixed = given.keySet().stream().filter(k -> !k.resumable()).map(Key::flag).toList();
            if (!fixed.isEmpty()) {
                throw new UserError("a resumed run keeps its recorded settings; drop " + String.join(", ", fixed)
                        + " (only " + keys(Method.settings(main.registry().methods().values())).stream()
                            .filter(Key::resumable).map(Key::flag)
                            .collect(java.util.stream.Collectors.joining(", ")) + " may change)");
            }
            t = main.registry().task(rec.task()).withOptions(rec.optionValues());
            TrainingConfig.Builder b = rec.builder();
            given.forEach(b::parse);
            config = b.build();
            run.checkNotBeingWritten(); // a run another process is writing is refused before its config is touched
            if (run.checkpoints().latest().isEmpty()) { // nor is a run with nothing to resume from
                throw new UserError("run " + out + " has no intact checkpoint to resume from; start it over with the "
                        + "same command without --resume, or train into another --out");
            }
            long trained = run.checkpoints().latestIteration().orElse(0L);
            long iterations = config.get(TrainingConfig.ITERATIONS);
            if (iterations < trained) { // config.json would claim a shorter training than the weights had
                throw new UserError("run " + out + " is trained to iteration " + trained + "; --resume may not lower "
                        + "--iterations below that (got " + iterations + "); to have a shorter run, train one "
                        + "anew into another --out with --iterations " + iterations);
            }
            // precision=auto is resolved again on this machine: say so when it no longer gives what the run trained in
            String before = run.recordedPrecision().orElse(null);
            String now = org.cgml.nn.graph.PrecisionChoice.of(config, t.architecture(), true).name();
            if (before != null && !before.equals(now)) {
                main.warn("run " + out + " trained in " + before + " so far and resumes in " + now + " (precision="
                        + config.text(TrainingConfig.PRECISION) + " on this machine): not bit for bit "
                        + "what an uninterrupted run would give");
            }
            // a checkpoint must also restore (TensorFlow reads every variable) before config.json is rewritten
            Method resumed = main.registry().method(config.get(TrainingConfig.METHOD));
            run.samplingModel(resumed, t, config).close();
            run.writeConfig(t, config, resumed, rec.taskOptions(), command);
            data = t.data(config.get(TrainingConfig.SEED));
        } else {
            if (task == null) {
                throw new UserError("give --task T for a new run (see 'cgml tasks'), or --resume");
            }
            Run.checkCanCreate(out); // an unusable --out is said first, before any data is read or graph built
            t = main.registry().task(task);
            options = taskOptions(t);
            t = t.withOptions(Run.values(options));
            TrainingConfig.Builder b = TrainingConfig.forTask(t);
            given().forEach(b::parse);
            config = b.build();
            main.registry().method(config.get(TrainingConfig.METHOD)).check(t,
                    config); // a method that cannot serve t says why here
            data = t.data(config.get(TrainingConfig.SEED)); // bad or missing data fails before the run folder exists
        }
        // the model and its buffers are built before a new folder is written: an absurd --batch-size fails here
        Method method = main.registry().method(config.get(TrainingConfig.METHOD));
        try (Trainer trainer = new Trainer(method, t, data, config)) {
            if (run == null) {
                run = Run.create(out).warnTo(main::warn);
                run.writeConfig(t, config, method, options, command);
            }
            run.train(trainer, resume, List.of(new ProgressListener(main.err, main.errIsTerminal(),
                    "[" + config.get(TrainingConfig.METHOD) + "] "), Convergence.of(run.dir(), trainer, data,
                            CURVE_MODES,
                    config.get(TrainingConfig.SAMPLING_STEPS), 0)));
        }
        main.out.printf(Locale.ROOT, "run folder: %s (config.json, metrics.csv, loss.png, checkpoints/, saved_model/)%n", out);
        return 0;
    }

    /** Modes K of a run's held-out figures (convergence.csv/.png, every twentieth of the run). */
    static final int CURVE_MODES = 8;

    /** The task's options as given on the command line or defaulted: name -> {value, origin}. */
    private Map<String, Run.Setting> taskOptions(Task t) {
        Map<String, String> given = new LinkedHashMap<>();
        for (org.cgml.api.TaskOption o : t.options()) {
            picocli.CommandLine.Model.OptionSpec spec = this.spec.findOption("--" + o.name());
            if (spec != null && spec.getValue() != null) {
                given.put(o.name(), spec.getValue().toString());
            }
        }
        return Run.taskOptions(t, given);
    }
}
