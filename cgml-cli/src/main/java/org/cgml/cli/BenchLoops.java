package org.cgml.cli;

import java.util.ArrayList;
import java.util.List;
import org.cgml.nn.graph.ModelGraph;
import org.cgml.nn.graph.Tensors;
import org.cgml.nn.method.cgml.Cgml;
import org.cgml.nn.method.cgml.CgmlGraph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;

/**
 * The inner loops of Algorithm 1 that {@code cgml bench speed} times against cGML's own (all l steps unrolled in one
 * graph run): one graph run per step, and the naive loop that runs the whole network forward and backward, weight
 * gradients included, at every step. Both start from one code per sample.
 */
final class BenchLoops {
    private BenchLoops() {
    }

    /**
     * H once per batch, then one graph run per step of G forward and backward to z (l + 1 host round trips); for one
     * model (its ops are built on first use).
     */
    static Cgml.InnerSearch stepwise() {
        return new Loop(false);
    }

    /** The whole network forward and backward, weight gradients included, at every step; for one model. */
    static Cgml.InnerSearch naive() {
        return new Loop(true);
    }

    /** A loop of one graph run per step, its step's ops built on first use. */
    private static final class Loop implements Cgml.InnerSearch {
        private final boolean naive;
        private Operand<TFloat32>[] update;

        Loop(boolean naive) {
            this.naive = naive;
        }

        @Override
        public Cgml.LatentPath search(CgmlGraph cgml, TFloat32 x, TFloat32 y, float[] drawn, int starts) {
            if (update == null) {
                update = naive ? naiveStep(cgml) : leanStep(cgml);
            }
            return loop(cgml, x, y, drawn, starts, naive, update);
        }
    }

    private static Cgml.LatentPath loop(CgmlGraph cgml, TFloat32 x, TFloat32 y, float[] z0, int starts,
                                        boolean naive, Operand<TFloat32>[] update) {
        if (starts != 1) {
            throw new IllegalStateException("the " + (naive ? "naive" : "stepwise")
                    + " inner loop starts from one code per sample");
        }
        ModelGraph graph = cgml.graph();
        int n = graph.latentDimension();
        int l = cgml.config().get(org.cgml.api.TrainingConfig.INNER_STEPS);
        int batch = z0.length / n;
        int records = l * batch;
        float[] from = new float[records * n];
        float[] to = new float[records * n];
        float[] rhos = new float[records];
        float[] z = z0;
        Session s = graph.session();
        List<Operand<TFloat32>> encoded = graph.encoding().tensors();
        float[] features;
        Session.Runner encRun = s.runner().feed(graph.x(), x).fetch(graph.features());
        encoded.forEach(encRun::fetch);
        try (Result h = encRun.run()) {
            features = Tensors.read(h.get(0));
            for (int t = 0; t < l; t++) {
                Session.Runner r = s.runner().feed(graph.x(), x).feed(graph.y(), y);
                if (!naive) {
                    for (int k = 0; k < encoded.size(); k++) {
                        r.feed(encoded.get(k), h.get(k + 1));
                    }
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
        return new Cgml.LatentPath(z, features, from, to, rhos, z0);
    }

    /** {z_{t+1}, rho_t} of cGML's lean inner step (G forward and backward to z, h and the skips fed). */
    private static Operand<TFloat32>[] leanStep(CgmlGraph cgml) {
        @SuppressWarnings("unchecked")
        Operand<TFloat32>[] lean = new Operand[] {cgml.innerStep().next(), cgml.innerStep().rho()};
        return lean;
    }

    /**
     * The naive inner step: the same z update, but computed from a full backward pass through H and G that also
     * forms every weight gradient, as a plain training loop would. Returns {z_{t+1}, rho_t, sum of all weight
     * gradients}; the third is fetched so that the weight gradients are computed (Grappler prunes work that only
     * feeds control dependencies).
     */
    private static Operand<TFloat32>[] naiveStep(CgmlGraph cgml) {
        ModelGraph graph = cgml.graph();
        var tf = graph.tf();
        List<Operand<TFloat32>> wrt = new ArrayList<>();
        wrt.add(graph.z());
        wrt.addAll(graph.generatorVariables());
        List<Operand<TFloat32>> grads = cgml.gradients(tf.reduceSum(graph.perSampleCost(), tf.constant(0)), wrt);
        List<Operand<TFloat32>> sums = new ArrayList<>();
        for (int i = 1; i < grads.size(); i++) {
            Operand<TFloat32> g = grads.get(i);
            int[] axes = new int[g.shape().numDimensions()];
            for (int k = 0; k < axes.length; k++) {
                axes[k] = k;
            }
            sums.add(tf.reduceSum(g, tf.constant(axes)));
        }
        Operand<TFloat32>[] step = cgml.innerUpdate(graph.z(), grads.get(0));
        @SuppressWarnings("unchecked")
        Operand<TFloat32>[] triple = new Operand[] {step[0], step[1], tf.math.addN(sums)};
        return triple;
    }
}
