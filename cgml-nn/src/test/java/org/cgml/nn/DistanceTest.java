package org.cgml.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.cgml.api.CostFamily;
import org.cgml.api.Task;
import org.cgml.api.TrainingConfig;
import org.junit.jupiter.api.Test;
import org.tensorflow.EagerSession;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The configured distance d of Eq. 1 replaces the task's d and keeps its extra terms. */
class DistanceTest {

    private static final float[][] TARGET = {{1, 2}, {0, 0}};
    private static final float[][] OUTPUT = {{0, 0}, {3, -1}};

    @Test
    void configuredDistanceReplacesTheTasksOwn() {
        Task task = SyntheticTask.vectors(2, 2, 2, CostFamily.l1());
        assertArrayEquals(new float[] {3, 4}, perSample(cost(task, org.cgml.api.Distance.TASK)));
        assertArrayEquals(new float[] {3, 4}, perSample(cost(task, org.cgml.api.Distance.L1)));
        assertArrayEquals(new float[] {5, 10}, perSample(cost(task, org.cgml.api.Distance.L2)));
        assertEquals("l2", cost(task, org.cgml.api.Distance.L2).describe());
    }

    @Test
    void extraTermsSurviveTheChange() {
        CostFamily withExtra = new CostFamily() {
            @Override
            public Operand<TFloat32> perSample(Ops tf, Operand<TFloat32> target, Operand<TFloat32> output) {
                return CostFamily.sumPerSample(tf, tf.math.abs(tf.math.sub(target, output)));
            }

            @Override
            public Operand<TFloat32> extraTerms(Ops tf, Operand<TFloat32> target, Operand<TFloat32> output) {
                return tf.constant(7f);
            }
        };
        try (EagerSession s = EagerSession.create()) {
            Ops tf = Ops.create(s);
            CostFamily squared = withExtra.withDistance(org.cgml.api.Distance.L2);
            assertEquals(7f, squared.extraTerms(tf, tf.constant(TARGET), tf.constant(OUTPUT)).asTensor().getFloat());
            assertNull(CostFamily.l2().extraTerms(tf, tf.constant(TARGET), tf.constant(OUTPUT)));
        }
    }

    private static CostFamily cost(Task task, org.cgml.api.Distance d) {
        return TrainingConfig.builder().set(TrainingConfig.ITERATIONS, 1L).set(TrainingConfig.DISTANCE, d)
                .build().cost(task);
    }

    private static float[] perSample(CostFamily cost) {
        try (EagerSession s = EagerSession.create()) {
            Ops tf = Ops.create(s);
            TFloat32 v = cost.perSample(tf, tf.constant(TARGET), tf.constant(OUTPUT)).asTensor();
            return new float[] {v.getFloat(0), v.getFloat(1)};
        }
    }
}
