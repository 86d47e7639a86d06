package org.cgml.nn;

import java.util.List;
import java.util.SplittableRandom;
import org.cgml.api.Batches;
import org.cgml.api.Task;
import org.cgml.api.TaskData;
import org.cgml.api.TrainingConfig;
import org.cgml.api.TrainingListener;
import org.cgml.nn.graph.Encoding;
import org.cgml.nn.graph.ModelGraph;
import org.cgml.nn.graph.Tensors;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Trains a task's model with Algorithm 1 of the paper (or the L1 baseline, same network with z fixed).
 * Per iteration: z_0 uniform on the sphere per sample; l inner steps z_{t+1} = proj(z_t - beta grad_z E) that
 * run H once and then only G forward and backward to z; Z fitted with L1 to the recorded (z_t, z_{t+1}, rho_t);
 * then H and G updated on E(z_l) plus the Lipschitz term. Every random draw comes from the run seed and the
 * step counter, so a run restored from a checkpoint continues bit for bit.
 */
public final class Trainer implements AutoCloseable {

    /** How the inner latent steps are computed. */
    public enum InnerLoop {
        /** H once per batch, then G forward and backward to z only (the default). */
        LEAN,
        /** The whole network forward and backward, weight gradients included, at every inner step (for benches). */
        NAIVE
    }

    private static final long Z_STREAM = 0x5A17L;
    private static final long NOISE_STREAM = 0x4E015EL;

    private final Task task;
    private final TrainingConfig config;
    private final ModelGraph model;
    private final Batches batches;
    private final int inSize;
    private final int outSize;
    private final int batch;
    private final int n;
    private final float[] xBuf;
    private final float[] yBuf;
    private InnerLoop innerLoop = InnerLoop.LEAN;
    private long step;
    private volatile boolean stopRequested;

    /** A trainer on the task's own data drawn with the config's seed. */
    public Trainer(Task task, TrainingConfig config) {
        this(task, task.data(config.seed()), config);
    }

    public Trainer(Task task, TaskData data, TrainingConfig config) {
        this.task = task;
        this.config = config;
        this.inSize = task.inputSize();
        this.outSize = task.outputSize();
        this.batch = config.batchSize();
        this.n = task.latent().dimension();
        this.batches = new Batches(data.train(), inSize, outSize, config.seed());
        this.xBuf = new float[batch * inSize];
        this.yBuf = new float[batch * outSize];
        this.model = new ModelGraph(task, config);
    }

    public Task task() {
        return task;
    }

    public TrainingConfig config() {
        return config;
    }

    /** Iterations done so far (restored by checkpoints). */
    public long completedSteps() {
        return step;
    }

    public Batches batches() {
        return batches;
    }

    /** Chooses the inner-loop implementation (the naive one exists to measure what the lean one saves). */
    public Trainer innerLoop(InnerLoop loop) {
        this.innerLoop = loop;
        return this;
    }

    /** Asks {@link #fit} to stop after the current iteration (e.g. from a shutdown hook). */
    public void requestStop() {
        stopRequested = true;
    }

    ModelGraph model() {
        return model;
    }

    void restoreStep(long completed) {
        this.step = completed;
    }

    /** A sampler over this trainer's current weights. */
    public Sampler sampler() {
        return new Sampler(model, task, config.method(), inSize, outSize);
    }

    /**
     * Runs iterations until {@code config.steps()} are done or a stop is requested, telling the config's
     * listeners and {@code extra} ones; a {@code checkpoints} saver (may be null) is called every
     * {@code checkpointEvery} steps and at the end.
     */
    public void fit(Checkpoints checkpoints, List<TrainingListener> extra) {
        List<TrainingListener> listeners = new java.util.ArrayList<>(config.listeners());
        listeners.addAll(extra);
        listeners.forEach(l -> l.onBegin(config, step));
        long epoch = batches.position().epoch();
        try {
            while (step < config.steps() && !stopRequested) {
                TrainingListener.StepInfo info = step();
                listeners.forEach(l -> l.onStep(info));
                if (batches.position().epoch() != epoch) {
                    epoch = batches.position().epoch();
                    long e = epoch;
                    listeners.forEach(l -> l.onEpoch(e));
                }
                if (checkpoints != null && config.checkpointEvery() > 0 && step % config.checkpointEvery() == 0
                        && step < config.steps()) {
                    checkpoints.save(this);
                }
            }
        } finally {
            if (checkpoints != null && step > 0) {
                checkpoints.save(this);
            }
            listeners.forEach(l -> l.onEnd(step));
        }
    }

    /** One iteration of Algorithm 1 (or of the baseline); returns its figures. */
    public TrainingListener.StepInfo step() {
        long start = System.nanoTime();
        batches.next(batch, xBuf, yBuf);
        float lr = config.schedule().at(config.learningRate(), step, config.steps());
        float lrZ = config.schedule().at(config.dynamicsLearningRate(), step, config.steps());
        Session s = model.session();
        float dynLoss = 0;
        float[] zFinal;
        try (TFloat32 x = Tensors.of(xBuf, Tensors.batched(batch, task.inputShape()));
             TFloat32 y = Tensors.of(yBuf, Tensors.batched(batch, task.outputShape()));
             TInt64 seed = TInt64.vectorOf(config.seed() ^ NOISE_STREAM, step)) {
            if (config.method() == TrainingConfig.Method.L1) {
                zFinal = fixedLatent(batch, n);
            } else {
                LatentPath path = innerSteps(x, y, initialLatent(step));
                zFinal = path.last();
                dynLoss = trainDynamics(path, lrZ, seed);
            }
            try (TFloat32 z = Tensors.of(zFinal, batch, n);
                 TFloat32 lrT = Tensors.scalar(lr);
                 Result r = s.runner().feed(model.x(), x).feed(model.y(), y).feed(model.z(), z)
                         .feed(model.learningRate(), lrT).feed(model.noiseSeed(), seed)
                         .addTarget(model.modelTrain()).fetch(model.meanCost()).fetch(model.lipschitzTerm()).run()) {
                step++;
                return new TrainingListener.StepInfo(step, config.steps(), ((TFloat32) r.get(0)).getFloat(),
                        dynLoss, ((TFloat32) r.get(1)).getFloat(), lr, System.nanoTime() - start);
            }
        }
    }

    /** z_0 for every sample of iteration {@code it}: uniform on the sphere, drawn from (seed, it). */
    float[] initialLatent(long it) {
        return drawLatent(new SplittableRandom(Batches.mix(config.seed() ^ Z_STREAM, it)), batch, n,
                task.latent().sphere());
    }

    /** {@code rows} codes of dimension {@code n}: standard normal, projected per row onto the sphere if asked. */
    static float[] drawLatent(SplittableRandom rng, int rows, int n, boolean sphere) {
        float[] z = new float[rows * n];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) rng.nextGaussian();
        }
        if (sphere) {
            org.cgml.nn.graph.Sphere.project(z, n);
        }
        return z;
    }

    /** The baseline's fixed code: the first basis vector for every sample. */
    static float[] fixedLatent(int rows, int n) {
        float[] z = new float[rows * n];
        for (int i = 0; i < rows; i++) {
            z[i * n] = 1f;
        }
        return z;
    }

    /** What the l inner steps record: z_l, h once per sample, and the (z_t, z_{t+1}, rho_t) rows (t-major). */
    private record LatentPath(float[] last, float[] features, float[] from, float[] to, float[] rho) {
    }

    /**
     * The codes z_l that Algorithm 1's l inner steps reach for {@code count} inputs and their true outputs (from z_0
     * uniform on the sphere, drawn from {@code seed}): what an oracle that knows y would use, so that
     * {@code sampler().generate(x, z_l, count)} shows whether G has learnt that output at all, apart from whether
     * the latent dynamics find it.
     */
    public float[] latentFit(float[] inputs, float[] targets, int count, long seed) {
        int in = Task.elements(task.inputShape());
        int out = Task.elements(task.outputShape());
        if (count <= 0 || inputs.length < (long) count * in || targets.length < (long) count * out) {
            throw new IllegalArgumentException("need " + count + " inputs of " + in + " and targets of " + out
                    + " floats");
        }
        float[] z = new float[count * n];
        for (int first = 0, chunk = 0; first < count; first += batch, chunk++) {
            int rows = Math.min(batch, count - first);
            float[] z0 = drawLatent(new SplittableRandom(Batches.mix(seed ^ Z_STREAM, chunk)), rows, n,
                    task.latent().sphere());
            try (TFloat32 x = Tensors.of(java.util.Arrays.copyOfRange(inputs, first * in, (first + rows) * in),
                         Tensors.batched(rows, task.inputShape()));
                 TFloat32 y = Tensors.of(java.util.Arrays.copyOfRange(targets, first * out, (first + rows) * out),
                         Tensors.batched(rows, task.outputShape()))) {
                System.arraycopy(innerSteps(x, y, z0).last(), 0, z, first * n, rows * n);
            }
        }
        return z;
    }

    /** The l inner steps of Algorithm 1 from z_0, recording every (z_t, z_{t+1}, rho_t). */
    private LatentPath innerSteps(TFloat32 x, TFloat32 y, float[] z0) {
        int l = config.innerSteps();
        int batch = z0.length / n;
        int records = l * batch;
        float[] from = new float[records * n];
        float[] to = new float[records * n];
        float[] rhos = new float[records];
        float[] z = z0;
        Session s = model.session();
        Encoding enc = model.encoding();
        List<Operand<TFloat32>> encoded = enc.tensors();
        float[] features;
        Session.Runner encRun = s.runner().feed(model.x(), x).fetch(model.features());
        encoded.forEach(encRun::fetch);
        try (Result h = encRun.run()) {
            features = Tensors.read(h.get(0));
            for (int t = 0; t < l; t++) {
                Session.Runner r = s.runner().feed(model.x(), x).feed(model.y(), y);
                Operand<TFloat32>[] update;
                if (innerLoop == InnerLoop.LEAN) {
                    for (int k = 0; k < encoded.size(); k++) {
                        r.feed(encoded.get(k), h.get(k + 1));
                    }
                    update = new Operand[] {model.nextLatent(), model.momentum()};
                } else {
                    update = model.naiveInnerStep();
                }
                for (Operand<TFloat32> u : update) {
                    r.fetch(u);
                }
                try (TFloat32 zt = Tensors.of(z, batch, n); Result out = r.feed(model.z(), zt).run()) {
                    float[] next = Tensors.read(out.get(0));
                    float[] rho = Tensors.read(out.get(1));
                    System.arraycopy(z, 0, from, t * batch * n, batch * n);
                    System.arraycopy(next, 0, to, t * batch * n, batch * n);
                    System.arraycopy(rho, 0, rhos, t * batch, batch);
                    z = next;
                }
            }
        }
        return new LatentPath(z, features, from, to, rhos);
    }

    /**
     * Fits Z with L1 to the recorded path (H, G and z frozen), or to its last {@code dynamics_tail} steps; returns
     * its loss.
     */
    private float trainDynamics(LatentPath path, float lr, TInt64 seed) {
        int all = path.from().length / n;
        if (all == 0) {
            return 0;
        }
        int l = config.innerSteps();
        int batch = all / l;
        int tail = config.dynamicsTail();
        int kept = tail > 0 && tail < l ? tail : l;
        int first = (l - kept) * batch; // records are ordered by t, then sample
        int records = kept * batch;
        int f = (int) model.featureSize();
        float[] features = new float[records * f]; // each record's h: the batch's h once per kept step
        for (int t = 0; t < kept; t++) {
            System.arraycopy(path.features(), 0, features, t * batch * f, batch * f);
        }
        try (TFloat32 h = Tensors.of(features, records, model.featureSize());
             TFloat32 zf = Tensors.of(java.util.Arrays.copyOfRange(path.from(), first * n, all * n), records, n);
             TFloat32 zt = Tensors.of(java.util.Arrays.copyOfRange(path.to(), first * n, all * n), records, n);
             TFloat32 r = Tensors.of(java.util.Arrays.copyOfRange(path.rho(), first, all), records);
             TFloat32 lrT = Tensors.scalar(lr);
             Result out = model.session().runner().feed(model.dynamicsFeatures(), h).feed(model.dynamicsLatent(), zf)
                     .feed(model.dynamicsNext(), zt).feed(model.dynamicsMomentum(), r)
                     .feed(model.dynamicsLearningRate(), lrT).feed(model.noiseSeed(), seed)
                     .addTarget(model.dynamicsTrain()).fetch(model.dynamicsLoss()).run()) {
            return ((TFloat32) out.get(0)).getFloat();
        }
    }

    /** Exports the generator and the T-step sampler as a SavedModel. */
    public void export(java.nio.file.Path dir, int samplingSteps) throws java.io.IOException {
        model.export(dir.toString(), samplingSteps);
    }

    @Override
    public void close() {
        model.close();
    }
}
