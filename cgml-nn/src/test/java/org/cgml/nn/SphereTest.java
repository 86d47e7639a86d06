package org.cgml.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.cgml.api.CostFamily;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.graph.ModelGraph;
import org.cgml.nn.method.cgml.CgmlGraph;
import org.cgml.nn.graph.Sphere;
import org.cgml.nn.graph.Tensors;
import org.junit.jupiter.api.Test;
import org.tensorflow.Result;
import org.tensorflow.types.TFloat32;

/** z is projected per sample, never per batch. */
class SphereTest {

    @Test
    void javaProjectionNormalisesEachRowOnItsOwn() {
        float[] z = {3, 4, 0, 0.1f, 0, 0, -2, 0, 0};
        Sphere.project(z, 3);
        assertArrayEquals(new float[] {0.6f, 0.8f, 0, 1, 0, 0, -1, 0, 0}, z, 1e-6f);
    }

    @Test
    void innerStepProjectsEachSampleAndScalingOneRowLeavesTheOthers() {
        SyntheticTask task = SyntheticTask.vectors(2, 2, 3, CostFamily.l1());
        TrainingConfig config = TrainingConfig.builder().set(TrainingConfig.ITERATIONS, 1L)
                .set(TrainingConfig.BATCH_SIZE, 3).set(TrainingConfig.THREADS, 1).build();
        float[] x = {0.1f, 0.2f, -0.3f, 0.4f, 0.5f, -0.6f};
        float[] y = {0.2f, 0.1f, 0, 0.3f, -0.4f, 0.2f};
        float[] z1 = {1, 0, 0, 0, 1, 0, 0, 0, 1};
        float[] z2 = {1, 0, 0, 0, 1, 0, 0, 0, 1};
        CgmlGraph c = CgmlGraph.build(task, config);
        try (ModelGraph g = c.graph()) {
            float[] a = step(c, x, y, z1);
            for (int i = 0; i < 3; i++) {
                double norm = Math.sqrt(a[3 * i] * a[3 * i] + a[3 * i + 1] * a[3 * i + 1] + a[3 * i + 2] * a[3 * i + 2]);
                assertEquals(1.0, norm, 1e-5, "row " + i + " lies on the unit sphere");
            }
            // a very different third sample must not change the first two (per-sample, not per-batch)
            float[] y2 = y.clone();
            y2[4] = 50;
            y2[5] = -50;
            float[] b = step(c, x, y2, z2);
            for (int j = 0; j < 6; j++) {
                assertEquals(a[j], b[j], 1e-6f);
            }
        }
    }

    private static float[] step(CgmlGraph c, float[] x, float[] y, float[] z) {
        ModelGraph g = c.graph();
        try (TFloat32 xt = Tensors.of(x, 3, 2); TFloat32 yt = Tensors.of(y, 3, 2); TFloat32 zt = Tensors.of(z, 3, 3);
             Result r = g.session().runner().feed(g.x(), xt).feed(g.y(), yt).feed(g.z(), zt).fetch(c.innerStep().next()).run()) {
            return Tensors.read(r.get(0));
        }
    }
}
