package org.cgml.nn.method.cgml;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cgml.api.Task;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.LatentUpdate;
import org.cgml.nn.graph.Encoding;
import org.cgml.nn.graph.GraphParts;
import org.cgml.nn.graph.Lipschitz;
import org.cgml.nn.graph.Fit;
import org.cgml.nn.graph.ModelGraph;
import org.cgml.nn.graph.SamplingCodes;
import org.cgml.nn.graph.Sphere;
import org.cgml.nn.graph.Weights;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * cGML's pieces of the graph, built on the core's H and G: the latent dynamics Z ({@link LatentDynamics}), Algorithm
 * 1's inner loop from the best of m starts, Z's fit on the recorded steps ({@link DynamicsFit}) or as a flow
 * ({@link FlowFit}), and the Eq.-4 samplers unrolled for T steps.
 */
public final class CgmlGraph implements ModelGraph.Extension {
    private ModelGraph.Parts parts;
    private ModelGraph graph;
    private Ops tf;
    private TrainingConfig config;
    private Weights zWeights;
    private LatentDynamics dynamics;
    private DynamicsFit dynamicsFit;
    private FlowFit flowFit;
    private final Map<String, InnerLoop> innerLoops = new HashMap<>();
    private final Map<Integer, Operand<TFloat32>> bestStarts = new HashMap<>();
    private InnerStep innerStep;
    private final Map<String, Operand<TFloat32>[]> samplers = new HashMap<>();

    /** Z with its fit (on steps, or as a flow), built into the graph; H and G fitted on E at the fed codes z_l. */
    @Override
    public Fit build(ModelGraph.Parts parts) {
        this.parts = parts;
        this.graph = parts.graph();
        this.tf = parts.tf();
        this.config = parts.config();
        Task task = parts.task();
        zWeights = parts.weights("Z", config.get(TrainingConfig.SEED) * 3 + 3, parts.spectral(), true);
        dynamics = LatentDynamics.of(task, config, zWeights, graph.featureSize());
        if (dynamics.flow()) {
            flowFit = buildFlowFit();
        } else {
            dynamicsFit = buildDynamicsFit();
        }
        return Fit.of(parts.fittedAt(graph.z()));
    }

    /**
     * cGML's graph for {@code task} under {@code config}, built to train under the configured Lipschitz constraint;
     * its core, {@link #graph()}, holds the session (close it when done).
     */
    public static CgmlGraph build(Task task, TrainingConfig config) {
        CgmlGraph cgml = new CgmlGraph();
        new ModelGraph(task, config, config.get(TrainingConfig.LIPSCHITZ), true, cgml);
        return cgml;
    }

    /** The inner step size: beta, times the task's {@link Task#stepScale()} when {@code beta_scaled}. */
    public float beta() {
        float beta = config.get(TrainingConfig.BETA);
        return config.get(TrainingConfig.BETA_SCALED) ? (float) (beta * parts.task().stepScale()) : beta;
    }

    /** The settings the graph was built with. */
    public TrainingConfig config() {
        return config;
    }

    /** The graph core this is built on. */
    public ModelGraph graph() {
        return graph;
    }

    /** Algorithm 1's inner step: z_{t+1} = proj(z_t - beta g), rho_t = alpha ||z_{t+1} - z_t||, g = grad_z E. */
    public Operand<TFloat32>[] innerUpdate(Operand<TFloat32> zt, Operand<TFloat32> gradZ) {
        Operand<TFloat32> moved = tf.math.sub(zt, tf.math.mul(tf.constant(beta()), gradZ));
        Operand<TFloat32> next = graph.onSphere() ? Sphere.project(tf, moved) : moved;
        Operand<TFloat32> momentum = tf.reshape(tf.math.mul(tf.constant(config.get(TrainingConfig.ALPHA)),
                Sphere.norms(tf, tf.math.sub(next, zt))), tf.constant(new long[] {-1}));
        @SuppressWarnings("unchecked")
        Operand<TFloat32>[] pair = new Operand[] {next, momentum};
        return pair;
    }

    /** Algorithm 1's inner step: g = grad_z sum_i E_i, z_{t+1} = proj(z_t - beta g), rho_t = alpha ||z_{t+1} - z_t||. */
    public record InnerStep(Operand<TFloat32> gradient, Operand<TFloat32> next, Operand<TFloat32> rho) {
    }

    /**
     * One inner step at the fed z (G forward and backward to z only; feed h and the skips of the graph's encoding to
     * run G alone), built on first use: the training iteration runs the unrolled {@link #innerLoop} instead.
     */
    public synchronized InnerStep innerStep() {
        if (innerStep == null) {
            Operand<TFloat32> gradient = gradients(tf.reduceSum(graph.perSampleCost(), tf.constant(0)),
                    List.of(graph.z())).get(0);
            Operand<TFloat32>[] step = innerUpdate(graph.z(), gradient);
            innerStep = new InnerStep(gradient, step[0], step[1]);
        }
        return innerStep;
    }

    /** The gradients of {@code loss} with respect to {@code wrt} (for loops built beside the method's own). */
    public List<Operand<TFloat32>> gradients(Operand<TFloat32> loss, List<? extends Operand<TFloat32>> wrt) {
        return parts.gradients(loss, wrt);
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
            Operand<TFloat32> zt = starts == 1 ? graph.z() : bestOf(starts);
            List<Operand<TFloat32>> from = new ArrayList<>();
            List<Operand<TFloat32>> to = new ArrayList<>();
            List<Operand<TFloat32>> rho = new ArrayList<>();
            for (int t = 0; t < steps; t++) {
                Operand<TFloat32> costs = t == 0 && starts == 1 ? graph.perSampleCost()
                        : graph.cost().perSample(tf, graph.y(), graph.generator().decode(tf, graph.encoding(),
                                graph.x(), zt));
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

    /**
     * Of the {@code starts} fed codes per sample (start-major), each sample's one of lowest E (G forward only); built
     * once per {@code starts}.
     */
    public synchronized Operand<TFloat32> bestOf(int starts) {
        return bestStarts.computeIfAbsent(starts, this::bestStart);
    }

    private Operand<TFloat32> bestStart(int starts) {
        List<Operand<TFloat32>> tiled = new ArrayList<>();
        for (Operand<TFloat32> e : graph.encoding().tensors()) {
            tiled.add(tile(e, starts));
        }
        Encoding many = new Encoding(tiled.get(0), tiled.subList(1, tiled.size()));
        Operand<TFloat32> costs = graph.cost().perSample(tf, tile(graph.y(), starts),
                graph.generator().decode(tf, many, tile(graph.x(), starts), graph.z()));
        Operand<TInt32> b = parts.batchOf(graph.x());
        Operand<TFloat32> grid = tf.reshape(costs, tf.concat(List.of(tf.constant(new int[] {starts}), b),
                tf.constant(0)));
        Operand<TInt32> best = tf.math.argMin(grid, tf.constant(0), TInt32.class);
        Operand<TInt32> rows = tf.math.add(tf.math.mul(best, tf.reshape(b, tf.constant(new int[0]))),
                tf.range(tf.constant(0), tf.reshape(b, tf.constant(new int[0])), tf.constant(1)));
        return tf.stopGradient(tf.gather(graph.z(), rows, tf.constant(0)));
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

    /**
     * Z's fit (Algorithm 1, step 3): L1 between Z(h, z_t) and the recorded (z_{t+1}, rho_t), plus the Lipschitz
     * penalty on Z; fed the records through its placeholders.
     */
    public record DynamicsFit(Placeholder<TFloat32> h, Placeholder<TFloat32> z, Placeholder<TFloat32> next,
                              Placeholder<TFloat32> rho, Placeholder<TFloat32> learningRate, Operand<TFloat32> loss,
                              Op train) {
        /** The Adam step of Z (refused on a model built for sampling). */
        @Override
        public Op train() {
            return GraphParts.trainingOp(train);
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
            return GraphParts.trainingOp(train);
        }
    }

    private Placeholder<TFloat32> input(String name, long... shape) {
        return tf.withName(name).placeholder(TFloat32.class, Placeholder.shape(Shape.of(shape)));
    }

    private DynamicsFit buildDynamicsFit() {
        int latent = graph.latentDimension();
        Placeholder<TFloat32> lr = tf.withName("lr_dynamics").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        Placeholder<TFloat32> h = input("dyn_h", -1, graph.featureSize());
        Placeholder<TFloat32> zt = input("dyn_z", -1, latent);
        Placeholder<TFloat32> next = input("dyn_next", -1, latent);
        Placeholder<TFloat32> rhoT = input("dyn_rho", -1);
        LatentDynamics.Step pred = dynamics.apply(tf, h, zt);
        Operand<TFloat32> loss = tf.math.mean(Lipschitz.l1PerSample(tf, pred.next(), next, pred.rho(), rhoT),
                tf.constant(0));
        Operand<TFloat32> objective = loss;
        Operand<TInt32> rows = parts.batchOf(zt);
        if (parts.penalty()) {
            LatentDynamics.Step moved = dynamics.apply(tf, tf.math.add(h, parts.noise(rows, graph.featureSize(), 2)),
                    tf.math.add(zt, parts.noise(rows, latent, 3)));
            objective = tf.math.add(objective, Lipschitz.penalty(tf, config.get(TrainingConfig.LIPSCHITZ_WEIGHT),
                    Lipschitz.l1PerSample(tf, moved.next(), pred.next(), moved.rho(), pred.rho())));
        }
        Op train = parts.adamStep("adam_z", objective, zWeights.variables(), lr, zWeights.powerIterations());
        return new DynamicsFit(h, zt, next, rhoT, lr, loss, train);
    }

    private FlowFit buildFlowFit() {
        int latent = graph.latentDimension();
        Placeholder<TFloat32> lr = tf.withName("lr_dynamics").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        Placeholder<TFloat32> h = input("flow_h", -1, graph.featureSize());
        Placeholder<TFloat32> z0 = input("flow_start", -1, latent);
        Placeholder<TFloat32> z1 = input("flow_end", -1, latent);
        Operand<TInt32> rows = parts.batchOf(z0);
        Operand<TFloat32> s = tf.random.statelessRandomUniform(tf.concat(List.of(rows, tf.constant(new int[] {1})),
                tf.constant(0)), parts.seedPlus(4));
        Slerp.Point path = Slerp.of(tf, z0, z1, s, graph.onSphere());
        Operand<TFloat32> v = dynamics.velocity(tf, h, path.at(), s); // z_s and its velocity hang on fed values only
        Operand<TFloat32> loss = tf.math.mean(tf.reduceSum(tf.math.square(tf.math.sub(v, path.velocity())),
                tf.constant(1)), tf.constant(0));
        Op train = parts.adamStep("adam_z", loss, zWeights.variables(), lr, zWeights.powerIterations());
        return new FlowFit(h, z0, z1, lr, loss, train);
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

    /**
     * Eq. 4 unrolled for {@code steps} iterations from z (the placeholder, read as z_0), moving z as
     * {@code update} says; for a flow, {@code steps} Euler steps of it from s = 0 to 1 (only the momentum update
     * applies). Returns {G(h, z_T), z_T}.
     */
    public synchronized Operand<TFloat32>[] sampler(int steps, LatentUpdate update) {
        if (steps < 0 || steps > TrainingConfig.MAX_SAMPLING_STEPS) { // each step adds ops to the graph
            throw new IllegalArgumentException("sampling steps T must be in [0, " + TrainingConfig.MAX_SAMPLING_STEPS
                    + "] (got " + steps + ")");
        }
        if (flow() && steps > 0 && update != LatentUpdate.MOMENTUM) { // at T = 0 no update runs
            throw new IllegalArgumentException("a flow's codes move along its velocity: the " + update
                    + " update of Eq. 4 does not apply (dynamics_fit = flow)");
        }
        return samplers.computeIfAbsent(steps + ":" + update, key -> {
            Operand<TFloat32> zt = dynamics.move(tf, graph.features(), graph.z(), steps, update, graph.onSphere());
            @SuppressWarnings("unchecked")
            Operand<TFloat32>[] pair = new Operand[] {graph.generator().bounded(tf, graph.generator().decode(tf,
                    graph.encoding(), graph.x(), zt)), tf.identity(zt)};
            return pair;
        });
    }

    /** The exported sampler's codes: z_0 moved by Z for {@code steps} steps of Eq. 4 (or of the flow). */
    SamplingCodes exported(Task task, int steps) {
        return SamplingCodes.moved((ops, frozen, featureSize, features, z0) ->
                LatentDynamics.of(task, config, frozen.apply("Z"), featureSize)
                        .move(ops, features.get(), z0, steps, LatentUpdate.MOMENTUM, task.latent().sphere()));
    }
}
