package org.cgml.nn;

import java.util.List;
import org.cgml.api.Batches;
import org.cgml.api.Task;
import org.cgml.api.TaskData;
import org.cgml.api.TrainingConfig;
import org.cgml.api.TrainingListener;
import org.cgml.nn.graph.Tensors;
import org.tensorflow.types.TFloat32;

/**
 * The training loop of any {@link Method} (as Keras' {@code fit}, apart from the method's {@code train_step}):
 * seeded batches of the task's training split, one {@link MethodModel#trainStep} per iteration, listeners told of
 * every iteration, checkpoints at the configured interval and at the end. Every random draw comes from the run seed
 * and the iteration counter, so a run restored from a checkpoint continues bit for bit.
 */
public final class Trainer implements AutoCloseable {

    private final Task task;
    private final TrainingConfig config;
    private final Method method;
    private final MethodModel model;
    private final Batches batches;
    private final int batch;
    private final float[] xBuf;
    private final float[] yBuf;
    private long iteration;
    private volatile boolean stopRequested;
    private boolean diverged;

    /** A trainer on the task's own data drawn with the config's seed. */
    public Trainer(Task task, TrainingConfig config) {
        this(task, task.data(config.get(TrainingConfig.SEED)), config);
    }

    /** A trainer of the installed method the config names. */
    public Trainer(Task task, TaskData data, TrainingConfig config) {
        this(Method.named(config.get(TrainingConfig.METHOD), Method.installed()), task, data, config);
    }

    /** A trainer of {@code method}, whose name the config must carry. */
    public Trainer(Method method, Task task, TaskData data, TrainingConfig config) {
        if (!method.name().equals(config.get(TrainingConfig.METHOD))) {
            throw new IllegalArgumentException("the config names method " + config.get(TrainingConfig.METHOD) + ", not "
                    + method.name());
        }
        method.check(task, config);
        this.task = task;
        this.config = config;
        this.method = method;
        this.batch = config.get(TrainingConfig.BATCH_SIZE);
        this.batches = new Batches(data.train(), task.inputSize(), task.outputSize(), config.get(TrainingConfig.SEED));
        this.xBuf = new float[batch * task.inputSize()];
        this.yBuf = new float[batch * task.outputSize()];
        this.model = method.build(task, config);
    }

    public Task task() {
        return task;
    }

    public TrainingConfig config() {
        return config;
    }

    /** Iterations done so far (restored by checkpoints). */
    public long completedIterations() {
        return iteration;
    }

    public Batches batches() {
        return batches;
    }

    /** Asks {@link #fit} to stop after the current iteration (e.g. from a shutdown hook). */
    public void requestStop() {
        stopRequested = true;
    }

    void markDiverged() {
        diverged = true;
    }

    /** Whether an iteration gave a non-finite loss or weights (they must not be saved). */
    public boolean diverged() {
        return diverged;
    }

    /** The model being trained. */
    public MethodModel model() {
        return model;
    }

    /** The method being trained. */
    public Method method() {
        return method;
    }

    void restoreIterations(long completed) {
        this.iteration = completed;
    }

    /** A sampler over this trainer's current weights. */
    public Sampler sampler() {
        return model.sampler();
    }

    /**
     * Runs iterations until the config's {@code ITERATIONS} are done or a stop is requested, telling the
     * {@code extra} listeners, then {@code checkpoints}' saver (may be null: no checkpoints).
     */
    public void fit(Checkpoints checkpoints, List<TrainingListener> extra) {
        List<TrainingListener> all = new java.util.ArrayList<>(extra);
        if (checkpoints != null) {
            all.add(checkpoints.saver(this));
        }
        fit(all);
    }

    /**
     * Runs iterations until the config's {@code ITERATIONS} are done or a stop is requested, telling every listener.
     */
    public void fit(List<TrainingListener> listeners) {
        listeners.forEach(l -> l.onBegin(config, iteration));
        long epoch = batches.position().epoch();
        try {
            while (iteration < config.get(TrainingConfig.ITERATIONS) && !stopRequested) {
                TrainingListener.IterationInfo info = iterate();
                listeners.forEach(l -> l.onIteration(info));
                if (batches.position().epoch() != epoch) {
                    epoch = batches.position().epoch();
                    long e = epoch;
                    listeners.forEach(l -> l.onEpoch(e));
                }
            }
        } finally {
            listeners.forEach(l -> l.onEnd(iteration));
        }
    }

    /** One training iteration of the method on the next batch; returns its figures. */
    public TrainingListener.IterationInfo iterate() {
        long start = System.nanoTime();
        batches.next(batch, xBuf, yBuf);
        try (TFloat32 x = Tensors.of(xBuf, Tensors.batched(batch, task.inputShape()));
             TFloat32 y = Tensors.of(yBuf, Tensors.batched(batch, task.outputShape()))) {
            Figures l = model.trainStep(x, y, iteration);
            if (l.values().values().stream().anyMatch(v -> !Float.isFinite(v))) {
                diverged = true; // the weights this iteration wrote are not finite: nothing of them is saved
                throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                        "training diverged at iteration %d: cost %s, Z loss %s, Lipschitz term %s%s; the weights are "
                        + "not saved (the last checkpoint, if any, is of a finite model); try a lower learning_rate",
                        iteration + 1, l.cost(), l.get(Figures.DYNAMICS_LOSS, 0), l.get(Figures.LIPSCHITZ, 0),
                        l.extra().isEmpty() ? "" : ", " + l.extra()));
            }
            float rate = l.get(Figures.LEARNING_RATE,
                    config.get(TrainingConfig.SCHEDULE).at(config.get(TrainingConfig.LEARNING_RATE), iteration, config.get(TrainingConfig.ITERATIONS)));
            iteration++;
            return new TrainingListener.IterationInfo(iteration, config.get(TrainingConfig.ITERATIONS), l.cost(), l.get(Figures.DYNAMICS_LOSS, 0),
                    l.get(Figures.LIPSCHITZ, 0), rate, System.nanoTime() - start, l.extra());
        }
    }

    /** Exports the generator and the T-step sampler as a SavedModel. */
    public void export(java.nio.file.Path dir, int samplingSteps) throws java.io.IOException {
        model.export(dir, samplingSteps);
    }

    @Override
    public void close() {
        model.close();
    }
}
