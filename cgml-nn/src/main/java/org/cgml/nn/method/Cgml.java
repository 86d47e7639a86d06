package org.cgml.nn.method;

import java.util.Arrays;
import java.util.List;
import org.cgml.api.Task;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.Latents;
import org.cgml.nn.Method;
import org.cgml.nn.graph.Encoding;
import org.cgml.nn.graph.ModelGraph;
import org.cgml.nn.graph.Tensors;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * cGML (Ramasinghe et al., ICLR 2021): Algorithm 1 to train the generator G(H(x), z) and the latent dynamics Z,
 * and Eq. 4 to move codes at inference.
 */
public final class Cgml implements Method {
    @Override
    public String name() {
        return "cgml";
    }

    @Override
    public String description() {
        return "Algorithm 1: l inner steps on z, latent dynamics Z fitted on them, H and G on E(z_l); Eq. 4 to sample";
    }

    /**
     * l inner steps (G forward and backward to z), then H and G's fit; m > 1 search starts add m forward passes of G,
     * counted as a third of a pass each.
     */
    @Override
    public double generatorPasses(TrainingConfig config) {
        int m = config.get(TrainingConfig.SEARCH_STARTS);
        return config.get(TrainingConfig.INNER_STEPS) + 1 + (m > 1 ? m / 3.0 : 0);
    }

    @Override
    public Model build(Task task, TrainingConfig config) {
        return new Model(task, config, true);
    }

    @Override
    public Model buildForSampling(Task task, TrainingConfig config) {
        return new Model(task, config, false);
    }

    /** How the inner latent steps are computed. */
    public enum InnerLoop {
        /** All l steps in one graph run: H once, then l times G forward and backward to z only (the default). */
        UNROLLED,
        /** H once per batch, then one graph run per step of G forward and backward to z (l + 1 host round trips). */
        STEPWISE,
        /** The whole network forward and backward, weight gradients included, at every step (for bench speed). */
        NAIVE
    }

    /** A cGML model: H, G and Z with their optimizers. */
    public static final class Model extends GraphModel {
        /** Times s drawn per search when Z is fitted as a flow. */
        static final int FLOW_TIMES = 8;

        private final int n;
        private InnerLoop innerLoop = InnerLoop.UNROLLED;

        Model(Task task, TrainingConfig config, boolean training) {
            super(task, config, new ModelGraph(task, config, config.get(TrainingConfig.LIPSCHITZ), training),
                    org.cgml.nn.graph.GraphSampler.Codes.DYNAMICS);
            this.n = task.latent().dimension();
        }

        /** Chooses the inner-loop implementation (the naive one exists to measure what the lean one saves). */
        public Model innerLoop(InnerLoop loop) {
            this.innerLoop = loop;
            return this;
        }

        /** Algorithm 1, one iteration. */
        @Override
        public Losses trainStep(TFloat32 x, TFloat32 y, long iteration) {
            int starts = config.get(TrainingConfig.SEARCH_STARTS);
            float[] z0 = initialLatent(iteration, starts * (int) x.shape().get(0)); // z_0 ~ U(S^(n-1)), m per sample
            LatentPath path = innerSteps(x, y, z0, starts);    // z_{t+1} = proj(z_t - beta grad_z E), rho_t, t < l
            float zLoss = graph.flow() ? fitFlow(path, iteration) // Z: velocity of slerp(z_0, z_l; s), L2
                    : fitDynamics(path, iteration);             // Z: (h, z_t) -> (z_{t+1}, rho_t), L1
            return fitGenerator(x, y, path.last(), iteration, zLoss); // H, G on E(z_l) + Lipschitz term
        }

        /** z_0 for every sample of iteration {@code it}: uniform on the sphere, drawn from (seed, it). */
        private float[] initialLatent(long it, int rows) {
            return Latents.draw(config.get(TrainingConfig.SEED) ^ Latents.TRAINING_STREAM, it, rows, n,
                    task.latent().sphere());
        }

        /**
         * What the l inner steps record: z_l, h once per sample, the (z_t, z_{t+1}, rho_t) rows (t-major), and the
         * prior codes drawn (m per sample, start-major).
         */
        private record LatentPath(float[] last, float[] features, float[] from, float[] to, float[] rho,
                                  float[] drawn) {
        }

        /**
         * The l inner steps of Algorithm 1 from the best of the {@code starts} codes z_0 drawn per sample, recording
         * every (z_t, z_{t+1}, rho_t).
         */
        private LatentPath innerSteps(TFloat32 x, TFloat32 y, float[] drawn, int starts) {
            int l = config.get(TrainingConfig.INNER_STEPS);
            int batch = drawn.length / n / starts;
            if (l == 0) { // no search: G is fitted at the first code drawn
                return new LatentPath(Arrays.copyOf(drawn, batch * n), new float[0], new float[0], new float[0],
                        new float[0], drawn);
            }
            if (innerLoop == InnerLoop.UNROLLED) {
                ModelGraph.InnerLoop loop = graph.innerLoop(l, starts);
                try (TFloat32 zt = Tensors.of(drawn, batch * starts, n);
                     Result out = graph.session().runner().feed(graph.x(), x).feed(graph.y(), y).feed(graph.z(), zt)
                             .fetch(loop.last()).fetch(graph.features()).fetch(loop.from()).fetch(loop.to())
                             .fetch(loop.rho()).run()) {
                    return new LatentPath(Tensors.read(out.get(0)), Tensors.read(out.get(1)), Tensors.read(out.get(2)),
                            Tensors.read(out.get(3)), Tensors.read(out.get(4)), drawn);
                }
            }
            if (starts != 1) {
                throw new IllegalStateException("the " + innerLoop + " inner loop starts from one code per sample");
            }
            float[] z0 = drawn;
            int records = l * batch;
            float[] from = new float[records * n];
            float[] to = new float[records * n];
            float[] rhos = new float[records];
            float[] z = z0;
            Session s = graph.session();
            Encoding enc = graph.encoding();
            List<Operand<TFloat32>> encoded = enc.tensors();
            float[] features;
            Session.Runner encRun = s.runner().feed(graph.x(), x).fetch(graph.features());
            encoded.forEach(encRun::fetch);
            try (Result h = encRun.run()) {
                features = Tensors.read(h.get(0));
                for (int t = 0; t < l; t++) {
                    Session.Runner r = s.runner().feed(graph.x(), x).feed(graph.y(), y);
                    Operand<TFloat32>[] update;
                    if (innerLoop == InnerLoop.STEPWISE) {
                        for (int k = 0; k < encoded.size(); k++) {
                            r.feed(encoded.get(k), h.get(k + 1));
                        }
                        @SuppressWarnings("unchecked")
                        Operand<TFloat32>[] lean = new Operand[] {graph.innerStep().next(), graph.innerStep().rho()};
                        update = lean;
                    } else {
                        update = graph.naiveInnerStep();
                    }
                    for (Operand<TFloat32> u : update) {
                        r.fetch(u);
                    }
                    try (TFloat32 zt = Tensors.of(z, batch, n); Result out = r.feed(graph.z(), zt).run()) {
                        float[] next = Tensors.read(out.get(0));
                        float[] rho = Tensors.read(out.get(1));
                        System.arraycopy(z, 0, from, t * batch * n, batch * n);
                        System.arraycopy(next, 0, to, t * batch * n, batch * n);
                        System.arraycopy(rho, 0, rhos, t * batch, batch);
                        z = next;
                    }
                }
            }
            return new LatentPath(z, features, from, to, rhos, drawn);
        }

        /**
         * Fits Z with L1 to the recorded path (H, G and z frozen), or to its last {@code dynamics_tail} steps; returns
         * its loss.
         */
        private float fitDynamics(LatentPath path, long iteration) {
            float lr = config.get(TrainingConfig.SCHEDULE).at(config.get(TrainingConfig.DYNAMICS_LEARNING_RATE),
                    iteration, config.get(TrainingConfig.ITERATIONS));
            int all = path.from().length / n;
            if (all == 0) {
                return 0;
            }
            int l = config.get(TrainingConfig.INNER_STEPS);
            int batch = all / l;
            int tail = config.get(TrainingConfig.DYNAMICS_TAIL);
            int kept = tail > 0 && tail < l ? tail : l;
            int first = (l - kept) * batch; // records are ordered by t, then sample
            int records = kept * batch;
            int f = (int) graph.featureSize();
            ModelGraph.DynamicsFit fit = graph.dynamicsFit();
            float[] features = new float[records * f]; // each record's h: the batch's h once per kept step
            for (int t = 0; t < kept; t++) {
                System.arraycopy(path.features(), 0, features, t * batch * f, batch * f);
            }
            try (TInt64 seed = noiseSeed(iteration);
                 TFloat32 h = Tensors.of(features, records, graph.featureSize());
                 TFloat32 zf = Tensors.of(Arrays.copyOfRange(path.from(), first * n, all * n), records, n);
                 TFloat32 zt = Tensors.of(Arrays.copyOfRange(path.to(), first * n, all * n), records, n);
                 TFloat32 r = Tensors.of(Arrays.copyOfRange(path.rho(), first, all), records);
                 TFloat32 lrT = Tensors.scalar(lr);
                 Result out = graph.session().runner().feed(fit.h(), h).feed(fit.z(), zf).feed(fit.next(), zt)
                         .feed(fit.rho(), r).feed(fit.learningRate(), lrT).feed(graph.noiseSeed(), seed)
                         .addTarget(fit.train()).fetch(fit.loss()).run()) {
                return ((TFloat32) out.get(0)).getFloat();
            }
        }

        /**
         * Fits Z as a flow: every code drawn for a search paired with the search's end z_l and h, repeated to about
         * {@link #FLOW_TIMES} pairs per search, each at a time s drawn in the graph from the iteration's noise seed;
         * returns the L2 loss.
         */
        private float fitFlow(LatentPath path, long iteration) {
            if (path.features().length == 0) {
                return 0;
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
            ModelGraph.FlowFit fit = graph.flowFit();
            try (TInt64 seed = noiseSeed(iteration);
                 TFloat32 ht = Tensors.of(h, rows, f);
                 TFloat32 z0 = Tensors.of(start, rows, n);
                 TFloat32 zl = Tensors.of(end, rows, n);
                 TFloat32 lrT = Tensors.scalar(lr);
                 Result out = graph.session().runner().feed(fit.h(), ht).feed(fit.start(), z0).feed(fit.end(), zl)
                         .feed(fit.learningRate(), lrT).feed(graph.noiseSeed(), seed)
                         .addTarget(fit.train()).fetch(fit.loss()).run()) {
                return ((TFloat32) out.get(0)).getFloat();
            }
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
