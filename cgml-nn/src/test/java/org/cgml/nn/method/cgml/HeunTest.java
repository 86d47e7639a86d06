package org.cgml.nn.method.cgml;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.cgml.api.CostFamily;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.LatentUpdate;
import org.cgml.nn.Latents;
import org.cgml.nn.SyntheticTask;
import org.cgml.nn.graph.ModelGraph;
import org.cgml.nn.graph.Tensors;
import org.junit.jupiter.api.Test;
import org.tensorflow.Result;
import org.tensorflow.types.TFloat32;

/**
 * sampling_integrator = heun: with few steps, Heun's method lands nearer the flow's end (Euler with many steps) than
 * Euler with as many steps does, on the same Z.
 */
class HeunTest {
    private static final int ROWS = 16;
    private static final int N = 3;

    private static float[] end(Cgml.Integrator integrator, int steps, float[] x, float[] z0) {
        SyntheticTask task = SyntheticTask.vectors(2, 3, N, CostFamily.l1());
        TrainingConfig config = TrainingConfig.builder().set(TrainingConfig.ITERATIONS, 1L).set(TrainingConfig.THREADS, 1)
                .set(TrainingConfig.SEED, 3L)
                .set(Cgml.INTEGRATOR, integrator).build();
        try (Cgml.Model model = new Cgml().buildForSampling(task, config)) {
            ModelGraph graph = model.graph();
            var zT = model.cgml().sampler(steps, LatentUpdate.MOMENTUM)[1];
            try (TFloat32 xt = Tensors.of(x, ROWS, 2); TFloat32 zt = Tensors.of(z0, ROWS, N);
                 Result r = graph.session().runner().feed(graph.x(), xt).feed(graph.z(), zt).fetch(zT).run()) {
                return Tensors.read(r.get(0));
            }
        }
    }

    private static double distance(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(sum / ROWS);
    }

    @Test
    void heunIsNearerTheFlowsEndThanEulerInFewSteps() {
        SplittableRandom rng = new SplittableRandom(11);
        float[] x = new float[ROWS * 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextDouble(-1, 1);
        }
        float[] z0 = Latents.draw(new SplittableRandom(5), ROWS, N, true);
        float[] exact = end(Cgml.Integrator.EULER, 400, x, z0);
        double euler = distance(end(Cgml.Integrator.EULER, 3, x, z0), exact);
        double heun = distance(end(Cgml.Integrator.HEUN, 3, x, z0), exact);
        double moved = distance(z0, exact);
        assertTrue(moved > 1e-2, "the flow moves the codes (" + moved + ")");
        assertTrue(euler > 1e-4, "Euler in 3 steps misses the end (" + euler + ")");
        assertTrue(heun < euler / 3, "Heun " + heun + " against Euler " + euler + " (moved " + moved + ")");
    }
}
