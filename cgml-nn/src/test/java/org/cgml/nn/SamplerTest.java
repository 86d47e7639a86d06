package org.cgml.nn;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.cgml.api.CostFamily;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.graph.ModelGraph;
import org.cgml.nn.method.cgml.CgmlGraph;
import org.cgml.nn.graph.Sphere;
import org.cgml.nn.graph.Tensors;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * A fixed tiny problem with a known optimum: Z is fitted to latent paths that contract towards z* (as the inner
 * steps of Algorithm 1 would record them), then Eq. 4 must carry random z_0 to z*, with rho and without.
 */
class SamplerTest {
    private static final float[] OPTIMUM = {0f, 0.6f, 0.8f};
    private static final int N = 3;

    /** Each sampling step is unrolled into the graph: the graph refuses more than the bound before building any. */
    @Test
    void theSamplerRefusesMoreStepsThanTheBound() {
        SyntheticTask task = SyntheticTask.vectors(2, 2, N, CostFamily.l1());
        TrainingConfig config = TrainingConfig.builder().set(TrainingConfig.ITERATIONS, 1L).set(TrainingConfig.THREADS, 1).build();
        CgmlGraph c = CgmlGraph.build(task, config);
        try (ModelGraph g = c.graph()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> c.sampler(TrainingConfig.MAX_SAMPLING_STEPS + 1, LatentUpdate.MOMENTUM));
            assertTrue(e.getMessage().contains("[0, 1000]"), e.getMessage());
            assertTrue(c.sampler(2, LatentUpdate.MOMENTUM).length == 2);
        }
    }

    @Test
    void eq4MovesLatentsToTheKnownOptimum() {
        SyntheticTask task = SyntheticTask.vectors(2, 2, N, CostFamily.l1());
        TrainingConfig config = TrainingConfig.builder().set(TrainingConfig.ITERATIONS, 1L)
                .set(TrainingConfig.THREADS, 1)
                .set(TrainingConfig.RECIPE, TrainingConfig.Recipe.PAPER)
                .set(TrainingConfig.LIPSCHITZ, TrainingConfig.Lipschitz.NONE).build();
        SplittableRandom rng = new SplittableRandom(11);
        int m = 256;
        CgmlGraph c = CgmlGraph.build(task, config);
        try (ModelGraph g = c.graph()) {
            for (int it = 0; it < 600; it++) {
                float[] x = uniform(rng, m * 2);
                float[] z = sphere(rng, m);
                float[] next = new float[m * N];
                float[] rho = new float[m];
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < N; j++) {
                        next[i * N + j] = z[i * N + j] + 0.3f * (OPTIMUM[j] - z[i * N + j]);
                    }
                }
                Sphere.project(next, N);
                for (int i = 0; i < m; i++) {
                    double s = 0;
                    for (int j = 0; j < N; j++) {
                        s += Math.pow(next[i * N + j] - z[i * N + j], 2);
                    }
                    rho[i] = (float) Math.sqrt(s);
                }
                float[] h = features(g, x, m);
                try (TFloat32 ht = Tensors.of(h, m, g.featureSize()); TFloat32 zt = Tensors.of(z, m, N);
                     TFloat32 nt = Tensors.of(next, m, N); TFloat32 rt = Tensors.of(rho, m);
                     TFloat32 lr = Tensors.scalar(3e-3f); TInt64 seed = TInt64.vectorOf(1, it);
                     Result r = g.session().runner().feed(c.dynamicsFit().h(), ht).feed(c.dynamicsFit().z(), zt)
                             .feed(c.dynamicsFit().next(), nt).feed(c.dynamicsFit().rho(), rt)
                             .feed(c.dynamicsFit().learningRate(), lr).feed(g.noiseSeed(), seed)
                             .addTarget(c.dynamicsFit().train()).fetch(c.dynamicsFit().loss()).run()) {
                    // trained
                }
            }
            float[] x = uniform(rng, m * 2);
            float[] z0 = sphere(rng, m);
            double start = distance(z0, m);
            for (LatentUpdate update : LatentUpdate.values()) {
                double at5 = distance(sample(c, x, z0, m, 5, update), m);
                double at20 = distance(sample(c, x, z0, m, 20, update), m);
                assertTrue(start > 0.8, "random starts are far from z*: " + start);
                assertTrue(at5 < 0.5 * start, update + ": T=5 mean distance " + at5 + " vs start " + start);
                assertTrue(at20 < 0.15, update + ": T=20 mean distance to z* " + at20);
            }
        }
    }

    /**
     * Flow matching keeps the proportions of the ends: Z is fitted on pairs of a uniform z_0 and an end drawn
     * independently of it, A for 70 % of pairs and B for 30 %; integrating Z from fresh uniform codes must land near
     * A or B, in about those proportions.
     */
    @Test
    void aFlowCarriesUniformCodesToItsEndsInTheirProportions() {
        float[] a = {0f, 0.6f, 0.8f};
        float[] b = {0.8f, -0.6f, 0f};
        SyntheticTask task = SyntheticTask.vectors(2, 2, N, CostFamily.l1());
        TrainingConfig config = TrainingConfig.builder().set(TrainingConfig.ITERATIONS, 1L)
                .set(TrainingConfig.THREADS, 1)
                .set(TrainingConfig.LIPSCHITZ, TrainingConfig.Lipschitz.NONE)
                .set(TrainingConfig.DYNAMICS_FIT, TrainingConfig.DynamicsFit.FLOW).build();
        SplittableRandom rng = new SplittableRandom(5);
        int m = 256;
        CgmlGraph c = CgmlGraph.build(task, config);
        try (ModelGraph g = c.graph()) {
            CgmlGraph.FlowFit fit = c.flowFit();
            for (int it = 0; it < 800; it++) {
                float[] x = uniform(rng, m * 2);
                float[] z0 = sphere(rng, m);
                float[] z1 = new float[m * N];
                for (int i = 0; i < m; i++) {
                    System.arraycopy(rng.nextDouble() < 0.7 ? a : b, 0, z1, i * N, N);
                }
                try (TFloat32 ht = Tensors.of(features(g, x, m), m, g.featureSize()); TFloat32 s = Tensors.of(z0, m, N);
                     TFloat32 e = Tensors.of(z1, m, N); TFloat32 lr = Tensors.scalar(3e-3f);
                     TInt64 seed = TInt64.vectorOf(1, it);
                     Result r = g.session().runner().feed(fit.h(), ht).feed(fit.start(), s).feed(fit.end(), e)
                             .feed(fit.learningRate(), lr).feed(g.noiseSeed(), seed).addTarget(fit.train())
                             .fetch(fit.loss()).run()) {
                    // trained
                }
            }
            float[] zT = sample(c, uniform(rng, m * 2), sphere(rng, m), m, 20, LatentUpdate.MOMENTUM);
            int nearA = 0;
            int nearB = 0;
            for (int i = 0; i < m; i++) {
                nearA += distance(zT, i, a) < 0.3 ? 1 : 0;
                nearB += distance(zT, i, b) < 0.3 ? 1 : 0;
            }
            assertTrue(nearA + nearB > 0.85 * m, "codes near an end: " + (nearA + nearB) + " of " + m);
            double share = (double) nearA / (nearA + nearB);
            assertTrue(Math.abs(share - 0.7) < 0.12, "share of A " + share + " (pairs: 0.7)");
            float[] z0 = sphere(rng, m);
            org.junit.jupiter.api.Assertions.assertArrayEquals(z0, sample(c, uniform(rng, m * 2), z0, m, 0,
                    LatentUpdate.PLAIN), "at T = 0 no update runs, whichever is named");
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> c.sampler(5, LatentUpdate.PLAIN), "Eq. 4's plain update does not move a flow's codes");
        }
    }

    private static double distance(float[] z, int row, float[] p) {
        double s = 0;
        for (int j = 0; j < N; j++) {
            s += Math.pow(z[row * N + j] - p[j], 2);
        }
        return Math.sqrt(s);
    }

    private static float[] features(ModelGraph g, float[] x, int m) {
        try (TFloat32 xt = Tensors.of(x, m, 2); Result r = g.session().runner().feed(g.x(), xt).fetch(g.features()).run()) {
            return Tensors.read(r.get(0));
        }
    }

    private static float[] sample(CgmlGraph c, float[] x, float[] z0, int m, int steps, LatentUpdate update) {
        ModelGraph g = c.graph();
        Operand<TFloat32> zT = c.sampler(steps, update)[1];
        try (TFloat32 xt = Tensors.of(x, m, 2); TFloat32 zt = Tensors.of(z0, m, N);
             Result r = g.session().runner().feed(g.x(), xt).feed(g.z(), zt).fetch(zT).run()) {
            return Tensors.read(r.get(0));
        }
    }

    private static double distance(float[] z, int m) {
        double total = 0;
        for (int i = 0; i < m; i++) {
            double s = 0;
            for (int j = 0; j < N; j++) {
                s += Math.pow(z[i * N + j] - OPTIMUM[j], 2);
            }
            total += Math.sqrt(s);
        }
        return total / m;
    }

    private static float[] uniform(SplittableRandom rng, int count) {
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
            v[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        return v;
    }

    private static float[] sphere(SplittableRandom rng, int m) {
        float[] z = new float[m * N];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) rng.nextGaussian();
        }
        Sphere.project(z, N);
        return z;
    }
}
