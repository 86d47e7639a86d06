package org.cgml.nn.evaluation;

import java.nio.file.Path;
import java.util.function.Consumer;
import org.cgml.api.Task;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.Method;
import org.cgml.nn.MethodModel;
import org.cgml.nn.plugin.Registry;
import org.cgml.nn.run.Run;

/**
 * A run folder reopened from Java: its task rebuilt from the recorded task options, its resolved training config, its
 * method, and (built on first use, closed with this) a sampling model restored from its latest checkpoint.
 */
public final class TrainedRun implements AutoCloseable {
    private final Run run;
    private final Run.Recorded recorded;
    private final Task task;
    private final TrainingConfig config;
    private final Method method;
    private MethodModel model;

    private TrainedRun(Run run, Registry registry) {
        this.run = run;
        this.recorded = run.readConfig(Method.settings(registry.methods().values()));
        this.task = registry.task(recorded.task()).withOptions(recorded.optionValues());
        this.config = recorded.builder().build();
        this.method = registry.method(config.get(TrainingConfig.METHOD));
    }

    /** The run in {@code dir}, its task and method looked up in {@code registry}; warnings of the folder dropped. */
    public static TrainedRun open(Path dir, Registry registry) {
        return open(dir, registry, w -> { });
    }

    /** The run in {@code dir}, its task and method looked up in {@code registry}, warnings of the folder to {@code warnings}. */
    public static TrainedRun open(Path dir, Registry registry, Consumer<String> warnings) {
        return new TrainedRun(Run.open(dir).warnTo(warnings), registry);
    }

    /** The run folder. */
    public Run run() {
        return run;
    }

    /** What its config.json records (task, method, config builder, task options). */
    public Run.Recorded recorded() {
        return recorded;
    }

    /** The task with the run's recorded options. */
    public Task task() {
        return task;
    }

    /** The run's training config, as recorded. */
    public TrainingConfig config() {
        return config;
    }

    /** The method that trained it. */
    public Method method() {
        return method;
    }

    /** The model with the run's latest weights, built for sampling (no optimizer, no training data read). */
    public synchronized MethodModel model() {
        if (model == null) {
            model = run.samplingModel(method, task, config);
        }
        return model;
    }

    /** Closes the sampling model, if one was built. */
    @Override
    public synchronized void close() {
        if (model != null) {
            model.close();
            model = null;
        }
    }
}
