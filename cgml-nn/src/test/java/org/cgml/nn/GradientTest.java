package org.cgml.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.cgml.api.Batches;
import org.cgml.api.CostFamily;
import org.cgml.api.Task;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.graph.ModelGraph;
import org.cgml.nn.method.cgml.CgmlGraph;
import org.cgml.nn.graph.Sphere;
import org.cgml.nn.graph.Tensors;
import org.junit.jupiter.api.Test;
import org.tensorflow.Result;
import org.tensorflow.types.TFloat32;

/**
 * grad_z E of the inner step against central finite differences, for the MLP and the U-Net (squared-L2 cost,
 * so that the only kinks are the activations'; float32 costs limit the agreement to a few percent).
 */
class GradientTest {

    @Test
    void mlpLatentGradientMatchesFiniteDifferences() {
        check(SyntheticTask.vectors(3, 4, 3, CostFamily.l2()), 4);
    }

    @Test
    void unetLatentGradientMatchesFiniteDifferences() {
        check(SyntheticTask.images(16, 1, 2, 4, 3, CostFamily.l2()), 2);
    }

    private static void check(Task task, int batch) {
        TrainingConfig config = TrainingConfig.builder().set(TrainingConfig.ITERATIONS, 1L)
                .set(TrainingConfig.BATCH_SIZE, batch).set(TrainingConfig.INNER_STEPS, 1)
                .set(TrainingConfig.BETA, 1f).set(TrainingConfig.THREADS, 1)
                .set(TrainingConfig.LIPSCHITZ, TrainingConfig.Lipschitz.NONE).build();
        int in = task.inputSize();
        int out = task.outputSize();
        int n = task.latent().dimension();
        float[] x = new float[batch * in];
        float[] y = new float[batch * out];
        new Batches(task.data(1).train(), in, out, 5).next(batch, x, y);
        float[] z = new float[batch * n];
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) rng.nextGaussian();
        }
        Sphere.project(z, n);
        CgmlGraph c = CgmlGraph.build(task, config);
        try (ModelGraph g = c.graph();
             TFloat32 xt = Tensors.of(x, Tensors.batched(batch, task.inputShape()));
             TFloat32 yt = Tensors.of(y, Tensors.batched(batch, task.outputShape()))) {
            float[] analytic;
            try (TFloat32 zt = Tensors.of(z, batch, n);
                 Result r = g.session().runner().feed(g.x(), xt).feed(g.y(), yt).feed(g.z(), zt)
                         .fetch(c.innerStep().gradient()).run()) {
                analytic = Tensors.read(r.get(0));
            }
            double eps = 5e-3;
            double err = 0;
            double norm = 0;
            for (int i = 0; i < z.length; i++) {
                float[] plus = z.clone();
                float[] minus = z.clone();
                plus[i] += (float) eps;
                minus[i] -= (float) eps;
                double fd = (cost(g, xt, yt, plus, batch, n) - cost(g, xt, yt, minus, batch, n)) / (2 * eps);
                err += (fd - analytic[i]) * (fd - analytic[i]);
                norm += fd * fd;
            }
            double rel = Math.sqrt(err / Math.max(norm, 1e-12));
            assertTrue(norm > 1e-8, "gradient is not trivially zero");
            assertTrue(rel < 0.05, "relative gradient error " + rel);
        }
    }

    private static double cost(ModelGraph g, TFloat32 x, TFloat32 y, float[] z, int batch, int n) {
        try (TFloat32 zt = Tensors.of(z, batch, n);
             Result r = g.session().runner().feed(g.x(), x).feed(g.y(), y).feed(g.z(), zt)
                     .fetch(g.perSampleCost()).run()) {
            double s = 0;
            for (float v : Tensors.read(r.get(0))) {
                s += v;
            }
            return s;
        }
    }
}
