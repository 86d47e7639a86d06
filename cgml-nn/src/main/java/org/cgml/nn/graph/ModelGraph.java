package org.cgml.nn.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cgml.api.CostFamily;
import org.cgml.api.Task;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.LatentUpdate;
import org.cgml.nn.PrecisionChoice;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.framework.optimizers.Optimizer;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The TensorFlow graph and session of one model, assembled from small pieces that take {@link Ops}: H, G and Z for a
 * task ({@link Generator}, {@link LatentDynamics}), the lean inner latent step of Algorithm 1 ({@link InnerStep}: G
 * forward and backward to z only, h and skips fed), Z's fit ({@link DynamicsFit}), H and G's fit
 * ({@link GeneratorFit}, with the {@link Lipschitz} term), and Eq.-4 samplers unrolled for T steps.
 */
public final class ModelGraph implements AutoCloseable {
    private final Graph graph;
    private final Ops tf;
    private final Session session;
    private final TrainingConfig config;
    private final Task task;
    private final int latent;
    private final boolean sphere;
    private final Generator generator;
    private final LatentDynamics dynamics;
    private final Weights hWeights;
    private final Weights gWeights;
    private final Weights zWeights;

    private final Placeholder<TFloat32> x;
    private final Placeholder<TFloat32> y;
    private final Placeholder<TFloat32> z;
    private final Placeholder<TInt64> noiseSeed;
    private final Encoding encoding;
    private final Operand<TFloat32> hFlat;
    private final Operand<TFloat32> output;
    private final Operand<TFloat32> boundedOutput;
    private final Operand<TFloat32> perSample;
    private final InnerStep innerStep;
    private final DynamicsFit dynamicsFit;
    private final FlowFit flowFit;
    private final GeneratorFit generatorFit;
    private final List<Weights> extraWeights = new ArrayList<>();
    private final Map<String, Operand<TFloat32>[]> samplers = new HashMap<>();
    private final Map<String, InnerLoop> innerLoops = new HashMap<>();
    private final CostFamily cost;
    private Operand<TFloat32>[] naiveStep;
    private final PrecisionChoice precision;
    private final ConfigProto sessionConfig;

    /** The training graph for {@code task} under {@code config}, with the configured Lipschitz constraint. */
    public ModelGraph(Task task, TrainingConfig config) {
        this(task, config, config.get(TrainingConfig.LIPSCHITZ), true);
    }

    /**
     * The graph for {@code task} under {@code config}, with the Lipschitz constraint {@code lipschitzForm}; without
     * {@code training}, no optimizer and no training op is built (a model restored only to sample: its checkpoint's
     * optimizer state is not loaded).
     */
    public ModelGraph(Task task, TrainingConfig config, TrainingConfig.Lipschitz lipschitzForm, boolean training) {
        this(task, config, lipschitzForm, training, new Extension() {
        });
    }

    /**
     * As {@link #ModelGraph(Task, TrainingConfig, TrainingConfig.Lipschitz, boolean)}, with a method's own networks
     * and terms built in by {@code extension} before the session starts.
     */
    public ModelGraph(Task task, TrainingConfig config, TrainingConfig.Lipschitz lipschitzForm, boolean training,
                      Extension extension) {
        this.config = config;
        this.task = task;
        this.graph = new Graph();
        this.tf = Ops.create(graph);
        this.latent = task.latent().dimension();
        this.sphere = task.latent().sphere();
        long seed = config.get(TrainingConfig.SEED);
        boolean spectral = lipschitzForm == TrainingConfig.Lipschitz.SPECTRAL;
        boolean penalty = lipschitzForm == TrainingConfig.Lipschitz.PENALTY;

        x = tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(Tensors.batched(-1, task.inputShape()))));
        y = tf.withName("y").placeholder(TFloat32.class, Placeholder.shape(Shape.of(Tensors.batched(-1, task.outputShape()))));
        z = tf.withName("z").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, latent)));
        noiseSeed = tf.withName("noise_seed").placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));

        hWeights = new Weights(tf, "H", seed * 3 + 1, false);
        gWeights = new Weights(tf, "G", seed * 3 + 2, spectral);
        zWeights = new Weights(tf, "Z", seed * 3 + 3, spectral);
        generator = Generator.create(task.architecture(), task.inputShape(), task.outputShape(), latent, hWeights, gWeights);
        dynamics = LatentDynamics.of(task, config, zWeights, generator.featureSize());
        boolean flow = dynamics.flow();

        encoding = generator.encode(tf, x);
        hFlat = tf.reshape(encoding.h(), tf.constant(new long[] {-1, generator.featureSize()}));
        output = tf.withName("y_hat").identity(generator.decode(tf, encoding, x, z));
        boundedOutput = generator.bounded(tf, output);
        cost = config.cost(task);
        perSample = cost.perSample(tf, y, output);
        innerStep = innerStep(perSample);
        dynamicsFit = flow ? null : dynamicsFit(penalty, training);
        flowFit = flow ? flowFit(training) : null;
        Parts parts = new Parts(tf.withName("lr_model").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar())),
                training, task, seed);
        Operand<TFloat32> code = extension.code(parts);
        Operand<TFloat32> fitted = code == z ? output : generator.decode(tf, encoding, x, code);
        generatorFit = generatorFit(penalty, training, parts, extension, fitted,
                code == z ? perSample : cost.perSample(tf, y, fitted));

        precision = PrecisionChoice.of(config, task.architecture(), training);
        sessionConfig = sessionConfig(config, precision, PrecisionChoice.Hardware.system());
        session = new Session(graph, sessionConfig);
        session.initialize();
    }

    /**
     * The session options of a model under {@code config}: its threads, and the graph rewrite of {@code precision}
     * on {@code hardware} (oneDNN's bfloat16 pass for bf16 on a CPU).
     */
    public static ConfigProto sessionConfig(TrainingConfig config, PrecisionChoice precision,
                                            PrecisionChoice.Hardware hardware) {
        return precision.apply(ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(config.threads())
                .setInterOpParallelismThreads(config.threads()), hardware).build();
    }

    /** The session options this model's session was created with. */
    public ConfigProto sessionConfig() {
        return sessionConfig;
    }

    /** The precision this model computes in, and why. */
    public PrecisionChoice precision() {
        return precision;
    }

    /** Algorithm 1's inner step: g = grad_z sum_i E_i, z_{t+1} = proj(z_t - beta g), rho_t = alpha ||z_{t+1} - z_t||. */
    public record InnerStep(Operand<TFloat32> gradient, Operand<TFloat32> next, Operand<TFloat32> rho) {
    }

    /**
     * Z's fit (Algorithm 1, step 3): L1 between Z(h, z_t) and the recorded (z_{t+1}, rho_t), plus the Lipschitz
     * penalty on Z; fed the records through its placeholders.
     */
    public record DynamicsFit(Placeholder<TFloat32> h, Placeholder<TFloat32> z, Placeholder<TFloat32> next,
                              Placeholder<TFloat32> rho, Placeholder<TFloat32> learningRate,
                              LatentDynamics.Step prediction, Operand<TFloat32> loss, Op train) {
        /** The Adam step of Z (refused on a model built for sampling). */
        @Override
        public Op train() {
            return trainingOp(train);
        }
    }

    /**
     * Z's fit as a flow (flow matching along the sphere's geodesic): for each search's start z_0 and end z_l, fed
     * through {@code start} and {@code end} with the sample's h, a time s ~ U(0, 1) drawn from the fed noise seed,
     * z_s = slerp(z_0, z_l; s) and L2 between Z(h, z_s, s) and the path's velocity dz_s/ds.
     */
    public record FlowFit(Placeholder<TFloat32> h, Placeholder<TFloat32> start, Placeholder<TFloat32> end,
                          Placeholder<TFloat32> learningRate, Operand<TFloat32> loss, Op train) {
        /** The Adam step of Z (refused on a model built for sampling). */
        @Override
        public Op train() {
            return trainingOp(train);
        }
    }

    /**
     * H and G's fit (Algorithm 1, step 4): one Adam step on E(z) + the task's extra terms + the Lipschitz term (or the
     * objective an {@link Extension} makes of E), with the extension's figures to fetch beside it.
     */
    public record GeneratorFit(Placeholder<TFloat32> learningRate, Operand<TFloat32> meanCost,
                               Operand<TFloat32> lipschitz, Map<String, Operand<TFloat32>> figures, Op train) {
        /** The Adam step of H and G (refused on a model built for sampling). */
        @Override
        public Op train() {
            return trainingOp(train);
        }
    }

    private InnerStep innerStep(Operand<TFloat32> costs) {
        Operand<TFloat32> gradient = gradients(tf.reduceSum(costs, tf.constant(0)), List.of(z)).get(0);
        Operand<TFloat32>[] step = innerUpdate(z, gradient);
        return new InnerStep(gradient, step[0], step[1]);
    }

    /**
     * Algorithm 1's l inner steps unrolled in one graph run, H computed once: from the fed codes (the z placeholder,
     * {@code starts} per sample, start-major: row k * batch + i is sample i's k-th), the start of lowest cost E for
     * each sample, then l steps from it. Gives z_l and the records (z_t, z_{t+1}, rho_t) stacked t-major
     * ({@code [l * batch, n]}, {@code [l * batch]}).
     */
    public record InnerLoop(Operand<TFloat32> last, Operand<TFloat32> from, Operand<TFloat32> to,
                            Operand<TFloat32> rho) {
    }

    /** The {@link InnerLoop} of {@code steps} inner steps from the best of {@code starts} codes (built once each). */
    public synchronized InnerLoop innerLoop(int steps, int starts) {
        if (steps < 1 || starts < 1) {
            throw new IllegalArgumentException("an inner loop needs a step and a start (got " + steps + ", " + starts
                    + ")");
        }
        return innerLoops.computeIfAbsent(steps + ":" + starts, key -> {
            Operand<TFloat32> zt = starts == 1 ? z : bestStart(starts);
            List<Operand<TFloat32>> from = new ArrayList<>();
            List<Operand<TFloat32>> to = new ArrayList<>();
            List<Operand<TFloat32>> rho = new ArrayList<>();
            for (int t = 0; t < steps; t++) {
                Operand<TFloat32> costs = t == 0 && starts == 1 ? perSample
                        : cost.perSample(tf, y, generator.decode(tf, encoding, x, zt));
                Operand<TFloat32> gradient = gradients(tf.reduceSum(costs, tf.constant(0)), List.of(zt)).get(0);
                Operand<TFloat32>[] step = innerUpdate(zt, gradient);
                from.add(zt);
                Operand<TFloat32> next = tf.stopGradient(step[0]);
                to.add(next);
                rho.add(step[1]);
                zt = next;
            }
            return new InnerLoop(tf.identity(zt), rows(from), rows(to), rows(rho));
        });
    }

    /** Of the {@code starts} fed codes per sample (start-major), each sample's one of lowest E (G forward only). */
    private Operand<TFloat32> bestStart(int starts) {
        List<Operand<TFloat32>> tiled = new ArrayList<>();
        for (Operand<TFloat32> e : encoding.tensors()) {
            tiled.add(tile(e, starts));
        }
        Encoding many = new Encoding(tiled.get(0), tiled.subList(1, tiled.size()));
        Operand<TFloat32> costs = cost.perSample(tf, tile(y, starts), generator.decode(tf, many, tile(x, starts), z));
        Operand<TInt32> b = batchOf(x);
        Operand<TFloat32> grid = tf.reshape(costs, tf.concat(List.of(tf.constant(new int[] {starts}), b),
                tf.constant(0)));
        Operand<TInt32> best = tf.math.argMin(grid, tf.constant(0), TInt32.class);
        Operand<TInt32> rows = tf.math.add(tf.math.mul(best, tf.reshape(b, tf.constant(new int[0]))),
                tf.range(tf.constant(0), tf.reshape(b, tf.constant(new int[0])), tf.constant(1)));
        return tf.stopGradient(tf.gather(z, rows, tf.constant(0)));
    }

    /** The tensors one after the other along the batch axis (concat wants two or more). */
    private Operand<TFloat32> rows(List<Operand<TFloat32>> parts) {
        return parts.size() == 1 ? tf.identity(parts.get(0)) : tf.concat(parts, tf.constant(0));
    }

    /** {@code t} repeated {@code k} times along the batch axis (copy-major). */
    private Operand<TFloat32> tile(Operand<TFloat32> t, int k) {
        int[] multiples = new int[t.shape().numDimensions()];
        java.util.Arrays.fill(multiples, 1);
        multiples[0] = k;
        return tf.tile(t, tf.constant(multiples));
    }


    private DynamicsFit dynamicsFit(boolean penalty, boolean training) {
        Placeholder<TFloat32> lr = tf.withName("lr_dynamics").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        Placeholder<TFloat32> h = tf.withName("dyn_h").placeholder(TFloat32.class,
                Placeholder.shape(Shape.of(-1, generator.featureSize())));
        Placeholder<TFloat32> zt = tf.withName("dyn_z").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, latent)));
        Placeholder<TFloat32> next = tf.withName("dyn_next").placeholder(TFloat32.class,
                Placeholder.shape(Shape.of(-1, latent)));
        Placeholder<TFloat32> rhoT = tf.withName("dyn_rho").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)));
        LatentDynamics.Step pred = dynamics.apply(tf, h, zt);
        Operand<TFloat32> loss = tf.math.mean(Lipschitz.l1PerSample(tf, pred.next(), next, pred.rho(), rhoT),
                tf.constant(0));
        Operand<TFloat32> objective = loss;
        Operand<TInt32> m = batchOf(zt);
        if (penalty) {
            LatentDynamics.Step moved = dynamics.apply(tf,
                    tf.math.add(h, noise(m, generator.featureSize(), 2)), tf.math.add(zt, noise(m, latent, 3)));
            objective = tf.math.add(objective, Lipschitz.penalty(tf, config.get(TrainingConfig.LIPSCHITZ_WEIGHT),
                    Lipschitz.l1PerSample(tf, moved.next(), pred.next(), moved.rho(), pred.rho())));
        }
        Op train = training ? train("adam_z", objective, zWeights.variables(), lr, zWeights.powerIterations()) : null;
        return new DynamicsFit(h, zt, next, rhoT, lr, pred, loss, train);
    }

    private FlowFit flowFit(boolean training) {
        Placeholder<TFloat32> lr = tf.withName("lr_dynamics").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        Placeholder<TFloat32> h = tf.withName("flow_h").placeholder(TFloat32.class,
                Placeholder.shape(Shape.of(-1, generator.featureSize())));
        Placeholder<TFloat32> z0 = tf.withName("flow_start").placeholder(TFloat32.class,
                Placeholder.shape(Shape.of(-1, latent)));
        Placeholder<TFloat32> z1 = tf.withName("flow_end").placeholder(TFloat32.class,
                Placeholder.shape(Shape.of(-1, latent)));
        Operand<TInt32> m = batchOf(z0);
        Operand<TFloat32> s = tf.random.statelessRandomUniform(tf.concat(List.of(m, tf.constant(new int[] {1})),
                tf.constant(0)), seedPlus(4));
        Operand<TFloat32> zs;
        Operand<TFloat32> u;
        if (sphere) { // z_s = (sin((1-s)th) z_0 + sin(s th) z_l) / sin th, th the angle between them
            Operand<TFloat32> cos = tf.clipByValue(tf.reduceSum(tf.math.mul(z0, z1), tf.constant(1),
                    org.tensorflow.op.core.ReduceSum.keepDims(true)), tf.constant(-0.999999f), tf.constant(0.999999f));
            Operand<TFloat32> th = tf.math.maximum(tf.math.acos(cos), tf.constant(1e-4f));
            Operand<TFloat32> sin = tf.math.sin(th);
            Operand<TFloat32> rest = tf.math.mul(tf.math.sub(tf.constant(1f), s), th);
            Operand<TFloat32> done = tf.math.mul(s, th);
            zs = tf.math.div(tf.math.add(tf.math.mul(tf.math.sin(rest), z0), tf.math.mul(tf.math.sin(done), z1)), sin);
            u = tf.math.div(tf.math.mul(th, tf.math.sub(tf.math.mul(tf.math.cos(done), z1),
                    tf.math.mul(tf.math.cos(rest), z0))), sin);
        } else {
            zs = tf.math.add(z0, tf.math.mul(s, tf.math.sub(z1, z0)));
            u = tf.math.sub(z1, z0);
        }
        Operand<TFloat32> v = dynamics.velocity(tf, h, zs, s); // zs and u hang on fed values only
        Operand<TFloat32> loss = tf.math.mean(tf.reduceSum(tf.math.square(tf.math.sub(v, u)),
                tf.constant(1)), tf.constant(0));
        Op train = training ? train("adam_z", loss, zWeights.variables(), lr, zWeights.powerIterations()) : null;
        return new FlowFit(h, z0, z1, lr, loss, train);
    }

    private GeneratorFit generatorFit(boolean penalty, boolean training, Parts parts,
                                      Extension extension, Operand<TFloat32> fitted, Operand<TFloat32> fittedCost) {
        Placeholder<TFloat32> lr = parts.learningRate();
        Operand<TFloat32> meanCost = tf.math.mean(fittedCost, tf.constant(0));
        Operand<TFloat32> objective = extension.objective(parts, fitted, meanCost);
        Operand<TFloat32> extra = cost.extraTerms(tf, y, fitted);
        if (extra != null) {
            objective = tf.math.add(objective, extra);
        }
        Operand<TFloat32> lipschitz;
        if (penalty) {
            Operand<TInt32> b = batchOf(x);
            long[] hDims = encoding.h().shape().asArray();
            Operand<TFloat32> eH = tf.math.mul(tf.random.statelessRandomNormal(
                    tf.concat(List.of(b, tf.constant(toInts(hDims, 1))), tf.constant(0)), seedPlus(0)),
                    tf.constant(config.get(TrainingConfig.LIPSCHITZ_SIGMA)));
            Operand<TFloat32> moved = generator.decode(tf, encoding.withH(tf.math.add(encoding.h(), eH)), x,
                    tf.math.add(z, noise(b, latent, 1)));
            lipschitz = Lipschitz.penalty(tf, config.get(TrainingConfig.LIPSCHITZ_WEIGHT), Lipschitz.l1PerSample(tf,
                    moved, output));
            objective = tf.math.add(objective, lipschitz);
        } else {
            lipschitz = tf.constant(0f);
        }
        List<Variable<TFloat32>> modelVars = new ArrayList<>(hWeights.variables());
        modelVars.addAll(gWeights.variables());
        for (Weights w : extension.trainedWithGenerator(parts)) {
            modelVars.addAll(w.variables());
        }
        Op train = training ? train("adam_hg", objective, modelVars, lr, gWeights.powerIterations()) : null;
        return new GeneratorFit(lr, meanCost, lipschitz, Map.copyOf(parts.figures), train);
    }

    /**
     * A method's own pieces in the graph (an adversary, an encoder of the target), built on {@link Parts} before the
     * session starts; by default none.
     */
    public interface Extension {
        /** The codes H and G are fitted at; by default the fed z. */
        default Operand<TFloat32> code(Parts parts) {
            return parts.graph().z();
        }

        /** H and G's objective made of their output {@code fitted} at those codes and its mean cost E; by default E. */
        default Operand<TFloat32> objective(Parts parts, Operand<TFloat32> fitted, Operand<TFloat32> meanCost) {
            return meanCost;
        }

        /** Networks of the extension's own that take H and G's Adam step with them (an encoder); none by default. */
        default List<Weights> trainedWithGenerator(Parts parts) {
            return List.of();
        }
    }

    /** What an {@link Extension} builds on: the graph's ops and placeholders, new weights, and optimizer steps. */
    public final class Parts {
        private final Placeholder<TFloat32> learningRate;
        private final boolean training;
        private final Task task;
        private final long seed;
        private final Map<String, Operand<TFloat32>> figures = new java.util.LinkedHashMap<>();

        private Parts(Placeholder<TFloat32> learningRate, boolean training, Task task, long seed) {
            this.learningRate = learningRate;
            this.training = training;
            this.task = task;
            this.seed = seed;
        }

        public Ops tf() {
            return tf;
        }

        public Task task() {
            return task;
        }

        /** The graph being built: its placeholders x, y and z, and H's encoding. */
        public ModelGraph graph() {
            return ModelGraph.this;
        }

        /** The fed learning rate of this iteration (H and G's; an extension's optimizers may share it). */
        public Placeholder<TFloat32> learningRate() {
            return learningRate;
        }

        /** New weights named {@code scope}_..., seeded from the run seed and the scope, counted in the parameters. */
        public Weights weights(String scope) {
            Weights w = new Weights(tf, scope, org.cgml.api.Batches.mix(seed, scope.hashCode()), false);
            extraWeights.add(w);
            return w;
        }

        /** One Adam step named {@code name} of {@code vars} on {@code loss}; null on a model built for sampling. */
        public Op adamStep(String name, Operand<TFloat32> loss, List<Variable<TFloat32>> vars) {
            return training ? train(name, loss, vars, learningRate, List.of()) : null;
        }

        /** Fetches {@code value} with every generator fit as the iteration's figure {@code name}. */
        public void report(String name, Operand<TFloat32> value) {
            figures.put(name, value);
        }
    }

    /**
     * Trainable parameters: H and G, Z when {@code withDynamics}, and every network an extension added (a
     * discriminator, an encoder).
     */
    public long parameters(boolean withDynamics) {
        return samplingParameters(withDynamics) + count(extraWeights);
    }

    /**
     * The parameters an exported model stores: H and G, and Z when {@code withDynamics} (what sampling uses; an
     * extension's networks, such as a discriminator or an encoder, are for training only).
     */
    public long samplingParameters(boolean withDynamics) {
        List<Weights> all = new ArrayList<>(List.of(hWeights, gWeights));
        if (withDynamics) {
            all.add(zWeights);
        }
        return count(all);
    }

    private static long count(List<Weights> networks) {
        long count = 0;
        for (Weights w : networks) {
            for (Variable<TFloat32> v : w.variables()) {
                count += v.shape().size();
            }
        }
        return count;
    }

    /** z_{t+1} = proj(z_t - beta g) and rho_t = alpha ||z_{t+1} - z_t|| for the gradient g at z_t. */
    private Operand<TFloat32>[] innerUpdate(Operand<TFloat32> zt, Operand<TFloat32> gradZ) {
        Operand<TFloat32> moved = tf.math.sub(zt, tf.math.mul(tf.constant(config.get(TrainingConfig.BETA)), gradZ));
        Operand<TFloat32> next = sphere ? Sphere.project(tf, moved) : moved;
        Operand<TFloat32> momentum = tf.reshape(tf.math.mul(tf.constant(config.get(TrainingConfig.ALPHA)),
                Sphere.norms(tf, tf.math.sub(next, zt))), tf.constant(new long[] {-1}));
        @SuppressWarnings("unchecked")
        Operand<TFloat32>[] pair = new Operand[] {next, momentum};
        return pair;
    }

    private List<Operand<TFloat32>> gradients(Operand<TFloat32> loss, List<? extends Operand<TFloat32>> wrt) {
        Gradients g = tf.gradients(loss, wrt);
        List<Operand<TFloat32>> out = new ArrayList<>();
        for (int i = 0; i < wrt.size(); i++) {
            out.add(g.dy(i));
        }
        return out;
    }

    private Op train(String name, Operand<TFloat32> loss, List<Variable<TFloat32>> vars, Operand<TFloat32> lr,
                     List<Op> extra) {
        List<Operand<TFloat32>> grads = gradients(loss, vars);
        List<Optimizer.GradAndVar<?>> pairs = new ArrayList<>();
        for (int i = 0; i < vars.size(); i++) {
            pairs.add(new Optimizer.GradAndVar<>(grads.get(i).asOutput(), vars.get(i).asOutput()));
        }
        Op apply = new ScheduledAdam(graph, name, lr).applyGradients(pairs, name);
        List<Op> all = new ArrayList<>(extra);
        all.add(apply);
        return tf.withControlDependencies(all).withName(name + "_step").noOp();
    }


    private Operand<TInt32> batchOf(Operand<TFloat32> placeholder) {
        return tf.slice(tf.shape(placeholder), tf.constant(new int[] {0}), tf.constant(new int[] {1}));
    }

    private Operand<TInt64> seedPlus(long k) {
        return tf.math.add(noiseSeed, tf.constant(new long[] {0, k}));
    }

    /** sigma * N(0, 1) of shape [batch, width], reproducible from the fed seed and stream k. */
    private Operand<TFloat32> noise(Operand<TInt32> batch, long width, long k) {
        return tf.math.mul(tf.random.statelessRandomNormal(
                tf.concat(List.of(batch, tf.constant(new int[] {(int) width})), tf.constant(0)), seedPlus(k)),
                tf.constant(config.get(TrainingConfig.LIPSCHITZ_SIGMA)));
    }

    private static int[] toInts(long[] dims, int from) {
        int[] out = new int[dims.length - from];
        for (int i = from; i < dims.length; i++) {
            out[i - from] = (int) dims[i];
        }
        return out;
    }

    /**
     * Eq. 4 unrolled for {@code steps} iterations from z (the placeholder, read as z_0), moving z as
     * {@code update} says; for a flow, {@code steps} Euler steps of it from s = 0 to 1 (only the momentum update
     * applies). Returns {G(h, z_T), z_T}.
     */
    public synchronized Operand<TFloat32>[] sampler(int steps, LatentUpdate update) {
        if (steps < 0 || steps > org.cgml.api.TrainingConfig.MAX_SAMPLING_STEPS) { // each step adds ops to the graph
            throw new IllegalArgumentException("sampling steps T must be in [0, "
                    + org.cgml.api.TrainingConfig.MAX_SAMPLING_STEPS + "] (got " + steps + ")");
        }
        if (flow() && steps > 0 && update != LatentUpdate.MOMENTUM) { // at T = 0 no update runs
            throw new IllegalArgumentException("a flow's codes move along its velocity: the " + update
                    + " update of Eq. 4 does not apply (dynamics_fit = flow)");
        }
        return samplers.computeIfAbsent(steps + ":" + update, key -> {
            Operand<TFloat32> zt = dynamics.move(tf, hFlat, z, steps, update, sphere);
            @SuppressWarnings("unchecked")
            Operand<TFloat32>[] pair = new Operand[] {generator.bounded(tf, generator.decode(tf, encoding, x, zt)),
                tf.identity(zt)};
            return pair;
        });
    }

    /**
     * The naive inner step (for the speed benchmark): the same z update, but computed from a full backward
     * pass through H and G that also forms every weight gradient, as a plain training loop would. Returns
     * {z_{t+1}, rho_t, sum of all weight gradients}; fetch the third so that the weight gradients are computed
     * (Grappler prunes work that only feeds control dependencies).
     */
    public synchronized Operand<TFloat32>[] naiveInnerStep() {
        if (naiveStep == null) {
            List<Operand<TFloat32>> wrt = new ArrayList<>();
            wrt.add(z);
            wrt.addAll(hWeights.variables());
            wrt.addAll(gWeights.variables());
            List<Operand<TFloat32>> grads = gradients(tf.reduceSum(perSample, tf.constant(0)), wrt);
            List<Operand<TFloat32>> sums = new ArrayList<>();
            for (int i = 1; i < grads.size(); i++) {
                Operand<TFloat32> g = grads.get(i);
                int[] axes = new int[g.shape().numDimensions()];
                for (int k = 0; k < axes.length; k++) {
                    axes[k] = k;
                }
                sums.add(tf.reduceSum(g, tf.constant(axes)));
            }
            Operand<TFloat32>[] step = innerUpdate(z, grads.get(0));
            @SuppressWarnings("unchecked")
            Operand<TFloat32>[] triple = new Operand[] {step[0], step[1], tf.math.addN(sums)};
            naiveStep = triple;
        }
        return naiveStep;
    }

    /**
     * Exports the model as a SavedModel holding only what sampling needs (see {@link SamplingGraph}): signatures
     * "generator" (x, z -> y) and "sampler" (x, z0 -> y, z_T, Z moving the codes for {@code steps} steps when
     * {@code codes} is {@link GraphSampler.Codes#DYNAMICS}; x -> y at the first basis vector when it is
     * {@link GraphSampler.Codes#FIXED}), the latter also as "serving_default" (what TensorFlow's tools call by
     * default); its variables are H's and G's (and Z's) weights as this model uses them.
     */
    public void export(java.nio.file.Path dir, GraphSampler.Codes codes, int steps) throws java.io.IOException {
        try (SamplingGraph lean = new SamplingGraph(task, config, codes, steps)) {
            Map<String, Operand<TFloat32>> used = new HashMap<>();
            for (Weights w : List.of(hWeights, gWeights, zWeights)) {
                for (int i = 0; i < w.variables().size(); i++) {
                    used.put(w.variables().get(i).op().name(), w.used().get(i));
                }
            }
            lean.assign(session, used);
            lean.export(dir);
        }
    }

    public Session session() {
        return session;
    }

    public Placeholder<TFloat32> x() {
        return x;
    }

    public Placeholder<TFloat32> y() {
        return y;
    }

    public Placeholder<TFloat32> z() {
        return z;
    }

    public Placeholder<TInt64> noiseSeed() {
        return noiseSeed;
    }

    public Encoding encoding() {
        return encoding;
    }

    /** h flattened to {@code [batch, featureSize]}. */
    public Operand<TFloat32> features() {
        return hFlat;
    }

    public long featureSize() {
        return generator.featureSize();
    }

    /** G's output as trained (before {@link Generator#bounded}). */
    public Operand<TFloat32> output() {
        return output;
    }

    /** G's output as users see it (bounded to the data range for images). */
    public Operand<TFloat32> boundedOutput() {
        return boundedOutput;
    }

    public Operand<TFloat32> perSampleCost() {
        return perSample;
    }

    /** Algorithm 1's inner step (lean: feed h and the skips from {@link #encoding()} to run G alone). */
    public InnerStep innerStep() {
        return innerStep;
    }

    /** Z's fit on recorded steps (dynamics_fit = step). */
    public DynamicsFit dynamicsFit() {
        if (dynamicsFit == null) {
            throw new IllegalStateException("this model's Z is a flow: use flowFit()");
        }
        return dynamicsFit;
    }

    /** Z's fit as a flow from z_0 to z_l (dynamics_fit = flow). */
    public FlowFit flowFit() {
        if (flowFit == null) {
            throw new IllegalStateException("this model's Z is fitted on recorded steps: use dynamicsFit()");
        }
        return flowFit;
    }

    /** Whether Z is a flow (sampling integrates it) rather than a step predictor (Eq. 4). */
    public boolean flow() {
        return flowFit != null;
    }

    /** H and G's fit. */
    public GeneratorFit generatorFit() {
        return generatorFit;
    }

    private static Op trainingOp(Op op) {
        if (op == null) {
            throw new IllegalStateException("this model was built for sampling: it has no training op");
        }
        return op;
    }

    public int latentDimension() {
        return latent;
    }

    public boolean onSphere() {
        return sphere;
    }

    /** Every variable of the graph (weights, optimizer slots, beta powers, spectral-norm vectors) by name. */
    public Map<String, float[]> variableValues() {
        Map<String, float[]> out = new java.util.TreeMap<>();
        graph.operations().forEachRemaining(op -> {
            if (op.type().startsWith("Variable")) {
                try (org.tensorflow.Result r = session.runner().fetch(op.name()).run()) {
                    out.put(op.name(), Tensors.read(r.get(0)));
                }
            }
        });
        return out;
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
