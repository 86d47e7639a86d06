package org.cgml.nn.method.cgml;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.cgml.api.Key;
import org.cgml.api.Task;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.Figures;
import org.cgml.nn.LatentUpdate;
import org.cgml.nn.Latents;
import org.cgml.nn.Method;
import org.cgml.nn.graph.SamplingCodes;
import org.cgml.nn.graph.Tensors;
import org.cgml.nn.method.GraphMethodModel;
import org.cgml.nn.method.GraphSampler;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Tensor;
import org.tensorflow.op.Op;
import org.tensorflow.types.TFloat32;

/**
 * cGML (Ramasinghe et al., ICLR 2021): Algorithm 1 to train the generator G(H(x), z) and the latent dynamics Z,
 * and Eq. 4 to move codes at inference.
 */
public final class Cgml implements Method {
    /** Samples drawn per kept sample; K are kept apart among pool x K (1: all kept). */
    public static final Key<Integer> SAMPLING_POOL = Key.sampling("sampling_pool", Integer.class, 3,
            Key.Rule.between(1, 64, ": each pooled sample is drawn and scored"),
            "sampling draws pool x K samples per input and keeps K apart in output space (1: all K kept)")
            .paper(1);

    /** How much a sample's isolation in the pool counts against it when the K are chosen. */
    public static final Key<Double> SAMPLING_SUPPORT = Key.sampling("sampling_support", Double.class, 3.0,
            Key.Rule.NON_NEGATIVE, "the K kept are chosen one by one, each the one farthest from those kept less "
            + "sampling_support x its distance to its nearest neighbour in the pool (0: farthest-point; above 0 passes "
            + "over samples no other draw comes near, such as phantoms between modes)")
            .paper(0.0);

    /** Which of the K samples comes first. */
    public enum FirstSample {
        /** The first drawn. */
        DRAWN,
        /** The medoid of the samples drawn for the input: the one of least summed distance to the others. */
        CENTRAL
    }

    /** Which sample of the K comes first (the one a user asking for one output gets). */
    public static final Key<FirstSample> SAMPLING_FIRST = Key.sampling("sampling_first", FirstSample.class,
            FirstSample.CENTRAL, Key.Rule.ANY,
            "which of the K samples comes first: drawn (the first drawn) or central (the medoid of those drawn)")
            .paper(FirstSample.DRAWN);

    @Override
    public List<Key<?>> settings() {
        return List.of(SAMPLING_POOL, SAMPLING_SUPPORT, SAMPLING_FIRST);
    }

    @Override
    public String name() {
        return "cgml";
    }

    @Override
    public String description() {
        return "Algorithm 1: l inner steps on z, latent dynamics Z fitted on them, H and G on E(z_l); Eq. 4 to sample";
    }

    /** The settings only Algorithm 1's inner step reads: beta, its scaling, alpha and the steps Z is fitted on. */
    private static final List<Key<?>> STEP_SETTINGS = List.of(TrainingConfig.BETA, TrainingConfig.BETA_SCALED,
            TrainingConfig.ALPHA, TrainingConfig.DYNAMICS_TAIL);

    /** Every setting, but without inner steps (l = 0) none of the step's. */
    @Override
    public boolean reads(Key<?> key, TrainingConfig config) {
        return config.get(TrainingConfig.INNER_STEPS) > 0 || !STEP_SETTINGS.contains(key);
    }

    /**
     * l inner steps (G forward and backward to z) and H and G's fit, 1 each; m > 1 search starts add m forward-only
     * passes; the Lipschitz penalty one more (the rule of {@link Method#generatorPasses}).
     */
    @Override
    public double generatorPasses(TrainingConfig config) {
        int m = config.get(TrainingConfig.SEARCH_STARTS);
        return config.get(TrainingConfig.INNER_STEPS) + 1 + (m > 1 ? Method.forwardOnly(m) : 0)
                + Method.lipschitzPasses(lipschitz(config));
    }

    @Override
    public Model build(Task task, TrainingConfig config) {
        return new Model(task, config, true);
    }

    @Override
    public Model buildForSampling(Task task, TrainingConfig config) {
        return new Model(task, config, false);
    }

    /**
     * How a model runs Algorithm 1's l inner steps: from the {@code starts} codes drawn per sample (start-major) for
     * the batch (x, y), what they record. The model's own is the unrolled loop ({@link CgmlGraph#innerLoop}); the speed
     * bench times others.
     */
    public interface InnerSearch {
        LatentPath search(CgmlGraph graph, TFloat32 x, TFloat32 y, float[] drawn, int starts);
    }

    /**
     * What the l inner steps record: z_l, h once per sample, the (z_t, z_{t+1}, rho_t) rows (t-major), and the
     * prior codes drawn (m per sample, start-major).
     */
    public record LatentPath(float[] last, float[] features, float[] from, float[] to, float[] rho, float[] drawn) {
    }

    /** A cGML model: H, G and Z with their optimizers. */
    public static final class Model extends GraphMethodModel {
        /** Times s drawn per search when Z is fitted as a flow. */
        static final int FLOW_TIMES = 8;

        private final int n;
        private final CgmlGraph cgml;
        private InnerSearch search;

        Model(Task task, TrainingConfig config, boolean training) {
            this(task, config, training, new CgmlGraph());
        }

        private Model(Task task, TrainingConfig config, boolean training, CgmlGraph cgml) {
            super(task, config, config.get(TrainingConfig.LIPSCHITZ), training, cgml, GraphSampler.Codes.DYNAMICS);
            this.cgml = cgml;
            this.n = task.latent().dimension();
            this.search = Model::unrolled;
        }

        /** cGML's pieces of the graph: Z, its fit, the inner loop and the Eq.-4 samplers. */
        public CgmlGraph cgml() {
            return cgml;
        }

        /** Runs the inner steps with {@code other} instead of the unrolled loop (the speed bench times others). */
        public Model innerSearch(InnerSearch other) {
            this.search = other;
            return this;
        }

        /** Algorithm 1, one iteration. */
        @Override
        public Figures trainStep(TFloat32 x, TFloat32 y, long iteration) {
            int starts = config.get(TrainingConfig.SEARCH_STARTS);
            float[] z0 = initialLatent(iteration, starts * (int) x.shape().get(0)); // z_0 ~ U(S^(n-1)), m per sample
            LatentPath path = innerSteps(x, y, z0, starts);     // z_{t+1} = proj(z_t - beta grad_z E), rho_t, t < l
            Rider fitZ = cgml.flow() ? flowFit(path, iteration)  // Z: velocity of slerp(z_0, z_l; s), L2
                    : dynamicsFit(path, iteration);              // Z: (h, z_t) -> (z_{t+1}, rho_t), L1
            try {
                Figures f = fitGenerator(x, y, path.last(), iteration, Map.of(), fitZ); // H, G on E(z_l) + Lipschitz
                return fitZ == null ? f.with(Figures.DYNAMICS_LOSS, 0f) : f;         // term; Z's step in the same run
            } finally {
                if (fitZ != null) {
                    fitZ.feeds().values().forEach(Tensor::close);
                }
            }
        }

        /** Z's step {@code train} as a {@link Rider} of the generator fit, on the tensors {@code feeds} makes. */
        private static Rider rider(Op train, Operand<TFloat32> loss,
                                   Map<Operand<?>, Supplier<Tensor>> feeds) {
            Map<Operand<?>, Tensor> fed = new LinkedHashMap<>();
            try {
                feeds.forEach((placeholder, tensor) -> fed.put(placeholder, tensor.get()));
            } catch (RuntimeException e) {
                fed.values().forEach(Tensor::close);
                throw e;
            }
            return new Rider(fed, train, loss, Figures.DYNAMICS_LOSS);
        }

        /** z_0 for every sample of iteration {@code it}: uniform on the sphere, drawn from (seed, it). */
        private float[] initialLatent(long it, int rows) {
            return Latents.draw(config.get(TrainingConfig.SEED) ^ Latents.TRAINING_STREAM, it, rows, n,
                    task.latent().sphere());
        }

        /**
         * The l inner steps of Algorithm 1 from the best of the {@code starts} codes z_0 drawn per sample, recording
         * every (z_t, z_{t+1}, rho_t).
         */
        private LatentPath innerSteps(TFloat32 x, TFloat32 y, float[] drawn, int starts) {
            if (config.get(TrainingConfig.INNER_STEPS) == 0) {
                if (starts > 1) { // no steps: G is fitted at the best of the m starts, Z's flow to it
                    return bestStart(x, y, drawn, starts);
                }
                int batch = drawn.length / n / starts; // no search: G is fitted at the first code drawn
                return new LatentPath(Arrays.copyOf(drawn, batch * n), new float[0], new float[0], new float[0],
                        new float[0], drawn);
            }
            return search.search(cgml, x, y, drawn, starts);
        }

        /** l = 0 from m > 1 starts: each sample's start of lowest E, with h (no steps recorded). */
        private LatentPath bestStart(TFloat32 x, TFloat32 y, float[] drawn, int starts) {
            try (TFloat32 zt = Tensors.of(drawn, drawn.length / n, n);
                 Result out = graph.session().runner().feed(graph.x(), x).feed(graph.y(), y).feed(graph.z(), zt)
                         .fetch(cgml.bestOf(starts)).fetch(graph.features()).run()) {
                return new LatentPath(Tensors.read(out.get(0)), Tensors.read(out.get(1)), new float[0], new float[0],
                        new float[0], drawn);
            }
        }

        /** The l inner steps unrolled in one graph run ({@link CgmlGraph#innerLoop}). */
        private static LatentPath unrolled(CgmlGraph cgml, TFloat32 x, TFloat32 y, float[] drawn, int starts) {
            var graph = cgml.graph();
            int n = graph.latentDimension();
            CgmlGraph.InnerLoop loop = cgml.innerLoop(cgml.config().get(TrainingConfig.INNER_STEPS), starts);
            try (TFloat32 zt = Tensors.of(drawn, drawn.length / n, n);
                 Result out = graph.session().runner().feed(graph.x(), x).feed(graph.y(), y).feed(graph.z(), zt)
                         .fetch(loop.last()).fetch(graph.features()).fetch(loop.from()).fetch(loop.to())
                         .fetch(loop.rho()).run()) {
                return new LatentPath(Tensors.read(out.get(0)), Tensors.read(out.get(1)), Tensors.read(out.get(2)),
                        Tensors.read(out.get(3)), Tensors.read(out.get(4)), drawn);
            }
        }

        /**
         * Z's step with L1 on the recorded path (H, G and z frozen), or on its last {@code dynamics_tail} steps; null
         * when no step was recorded.
         */
        private Rider dynamicsFit(LatentPath path, long iteration) {
            float lr = config.get(TrainingConfig.SCHEDULE).at(config.get(TrainingConfig.DYNAMICS_LEARNING_RATE),
                    iteration, config.get(TrainingConfig.ITERATIONS));
            int all = path.from().length / n;
            if (all == 0) {
                return null;
            }
            int l = config.get(TrainingConfig.INNER_STEPS);
            int batch = all / l;
            int tail = config.get(TrainingConfig.DYNAMICS_TAIL);
            int kept = tail > 0 && tail < l ? tail : l;
            int first = (l - kept) * batch; // records are ordered by t, then sample
            int records = kept * batch;
            int f = (int) graph.featureSize();
            CgmlGraph.DynamicsFit fit = cgml.dynamicsFit();
            float[] features = new float[records * f]; // each record's h: the batch's h once per kept step
            for (int t = 0; t < kept; t++) {
                System.arraycopy(path.features(), 0, features, t * batch * f, batch * f);
            }
            Map<Operand<?>, Supplier<Tensor>> feeds = new LinkedHashMap<>();
            feeds.put(fit.h(), () -> Tensors.of(features, records, graph.featureSize()));
            feeds.put(fit.z(), () -> Tensors.of(Arrays.copyOfRange(path.from(), first * n, all * n), records, n));
            feeds.put(fit.next(), () -> Tensors.of(Arrays.copyOfRange(path.to(), first * n, all * n), records, n));
            feeds.put(fit.rho(), () -> Tensors.of(Arrays.copyOfRange(path.rho(), first, all), records));
            feeds.put(fit.learningRate(), () -> Tensors.scalar(lr));
            return rider(fit.train(), fit.loss(), feeds);
        }

        /**
         * Z's step as a flow: every code drawn for a search paired with the search's end z_l and h, repeated to about
         * {@link #FLOW_TIMES} pairs per search, each at a time s drawn in the graph from the iteration's noise seed
         * (L2); null when the search recorded no h.
         */
        private Rider flowFit(LatentPath path, long iteration) {
            if (path.features().length == 0) {
                return null;
            }
            float lr = config.get(TrainingConfig.SCHEDULE).at(config.get(TrainingConfig.DYNAMICS_LEARNING_RATE),
                    iteration, config.get(TrainingConfig.ITERATIONS));
            int batch = path.last().length / n;
            int drawn = path.drawn().length / n; // m per sample, start-major
            int repeats = Math.max(1, (FLOW_TIMES * batch + drawn - 1) / drawn);
            int f = (int) graph.featureSize();
            int rows = drawn * repeats;
            float[] h = new float[rows * f];
            float[] start = new float[rows * n];
            float[] end = new float[rows * n];
            for (int r = 0; r < rows; r++) {
                int sample = (r % drawn) % batch;
                System.arraycopy(path.features(), sample * f, h, r * f, f);
                System.arraycopy(path.drawn(), (r % drawn) * n, start, r * n, n);
                System.arraycopy(path.last(), sample * n, end, r * n, n);
            }
            CgmlGraph.FlowFit fit = cgml.flowFit();
            Map<Operand<?>, Supplier<Tensor>> feeds = new LinkedHashMap<>();
            feeds.put(fit.h(), () -> Tensors.of(h, rows, f));
            feeds.put(fit.start(), () -> Tensors.of(start, rows, n));
            feeds.put(fit.end(), () -> Tensors.of(end, rows, n));
            feeds.put(fit.learningRate(), () -> Tensors.scalar(lr));
            return rider(fit.train(), fit.loss(), feeds);
        }

        /** K samples per input, kept apart among {@code sampling_pool} x K when that is above 1. */
        @Override
        public org.cgml.nn.Sampler sampler() {
            return new SpreadSampler(super.sampler(), config.get(SAMPLING_POOL), config.get(SAMPLING_SUPPORT),
                    config.get(SAMPLING_FIRST) == FirstSample.CENTRAL, task.outputSize());
        }

        /** G at z_0 moved by T steps of Eq. 4 (or of the flow). */
        @Override
        protected Operand<TFloat32> movedOutput(int steps, LatentUpdate update) {
            return cgml.sampler(steps, update)[0];
        }

        @Override
        protected SamplingCodes exportedCodes(int samplingSteps) {
            return cgml.exported(task, samplingSteps);
        }

        /**
         * The codes z_l that Algorithm 1's l inner steps reach for {@code count} inputs and their true outputs (from
         * z_0 uniform on the sphere, drawn from {@code seed}), and G's outputs at them.
         */
        @Override
        public float[] oracle(float[] inputs, float[] targets, int count, long seed) {
            return sampler().generate(inputs, latentFit(inputs, targets, count, seed), count);
        }

        /** The oracle codes z_l of {@link #oracle}: what the inner loop finds when it knows y. */
        public float[] latentFit(float[] inputs, float[] targets, int count, long seed) {
            int in = task.inputSize();
            int out = task.outputSize();
            if (count <= 0 || inputs.length < (long) count * in || targets.length < (long) count * out) {
                throw new IllegalArgumentException("need " + count + " inputs of " + in + " and targets of " + out
                        + " floats");
            }
            int batch = config.get(TrainingConfig.BATCH_SIZE);
            float[] z = new float[count * n];
            for (int first = 0, chunk = 0; first < count; first += batch, chunk++) {
                int rows = Math.min(batch, count - first);
                int starts = config.get(TrainingConfig.SEARCH_STARTS);
                float[] z0 = Latents.draw(seed ^ Latents.TRAINING_STREAM, chunk, rows * starts, n,
                        task.latent().sphere());
                try (TFloat32 x = Tensors.of(Arrays.copyOfRange(inputs, first * in, (first + rows) * in),
                             Tensors.batched(rows, task.inputShape()));
                     TFloat32 y = Tensors.of(Arrays.copyOfRange(targets, first * out, (first + rows) * out),
                             Tensors.batched(rows, task.outputShape()))) {
                    System.arraycopy(innerSteps(x, y, z0, starts).last(), 0, z, first * n, rows * n);
                }
            }
            return z;
        }
    }
}
