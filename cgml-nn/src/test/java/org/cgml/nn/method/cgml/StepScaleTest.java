package org.cgml.nn.method.cgml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.cgml.api.Architecture;
import org.cgml.api.Batches;
import org.cgml.api.CostFamily;
import org.cgml.api.LatentSpace;
import org.cgml.api.Presentation;
import org.cgml.api.Task;
import org.cgml.api.TaskData;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.SyntheticTask;
import org.cgml.nn.graph.ModelGraph;
import org.cgml.nn.graph.Sphere;
import org.cgml.nn.graph.Tensors;
import org.junit.jupiter.api.Test;
import org.tensorflow.Result;
import org.tensorflow.types.TFloat32;

/**
 * The inner step z_{t+1} = proj(z_t - beta s g) takes the task's step scale s under {@code beta_scaled} (the tuned
 * default) and beta as given under the paper's recipe: checked against the step computed by hand from the graph's
 * own gradient.
 */
class StepScaleTest {

    /** A synthetic task whose step scale is {@code scale}. */
    private record Scaled(Task task, double scale) implements Task {
        @Override
        public String name() {
            return task.name();
        }

        @Override
        public TaskData data(long seed) {
            return task.data(seed);
        }

        @Override
        public int[] inputShape() {
            return task.inputShape();
        }

        @Override
        public int[] outputShape() {
            return task.outputShape();
        }

        @Override
        public CostFamily cost() {
            return task.cost();
        }

        @Override
        public LatentSpace latent() {
            return task.latent();
        }

        @Override
        public Architecture architecture() {
            return task.architecture();
        }

        @Override
        public Presentation presentation() {
            return task.presentation();
        }

        @Override
        public double stepScale() {
            return scale;
        }
    }

    @Test
    void theInnerStepIsBetaTimesTheTasksScaleUnlessThePaperRecipe() {
        Task task = new Scaled(SyntheticTask.vectors(2, 3, 3, CostFamily.l1()), 0.25);
        assertEquals(0.25f, step(task, TrainingConfig.builder()), 1e-6f);
        assertEquals(1f, step(task, TrainingConfig.builder().set(TrainingConfig.BETA_SCALED, false)), 1e-6f);
        assertEquals(1f, step(task, TrainingConfig.builder().set(TrainingConfig.RECIPE,
                TrainingConfig.Recipe.PAPER).set(TrainingConfig.INNER_STEPS, 1)
                .set(TrainingConfig.LIPSCHITZ, TrainingConfig.Lipschitz.NONE)), 1e-6f);
    }

    /** The step the graph takes, as a multiple of beta = 0.5, after checking z_{t+1} against proj(z_t - step g). */
    private static float step(Task task, TrainingConfig.Builder settings) {
        int batch = 3;
        TrainingConfig config = settings.set(TrainingConfig.ITERATIONS, 1L).set(TrainingConfig.BATCH_SIZE, batch)
                .set(TrainingConfig.BETA, 0.5f).set(TrainingConfig.THREADS, 1).build();
        int n = task.latent().dimension();
        float[] x = new float[batch * task.inputSize()];
        float[] y = new float[batch * task.outputSize()];
        new Batches(task.data(1).train(), task.inputSize(), task.outputSize(), 5).next(batch, x, y);
        float[] z = new float[batch * n];
        SplittableRandom rng = new SplittableRandom(4);
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) rng.nextGaussian();
        }
        Sphere.project(z, n);
        CgmlGraph c = CgmlGraph.build(task, config);
        try (ModelGraph g = c.graph();
             TFloat32 xt = Tensors.of(x, Tensors.batched(batch, task.inputShape()));
             TFloat32 yt = Tensors.of(y, Tensors.batched(batch, task.outputShape()));
             TFloat32 zt = Tensors.of(z, batch, n);
             Result r = g.session().runner().feed(g.x(), xt).feed(g.y(), yt).feed(g.z(), zt)
                     .fetch(c.innerStep().gradient()).fetch(c.innerStep().next()).run()) {
            float[] gradient = Tensors.read(r.get(0));
            float[] next = Tensors.read(r.get(1));
            double largest = 0;
            for (float v : gradient) {
                largest = Math.max(largest, Math.abs(v));
            }
            assertTrue(largest > 1e-3, "the gradient moves z (largest component " + largest + ")");
            float[] expected = new float[z.length];
            for (int i = 0; i < z.length; i++) {
                expected[i] = z[i] - c.beta() * gradient[i];
            }
            if (task.latent().sphere()) {
                Sphere.project(expected, n);
            }
            assertArrayEquals(expected, next, 1e-5f, "z_{t+1} = proj(z_t - beta s g)");
            return c.beta() / 0.5f;
        }
    }
}
