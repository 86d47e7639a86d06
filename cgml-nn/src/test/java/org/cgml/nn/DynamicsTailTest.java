package org.cgml.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.cgml.api.CostFamily;
import org.cgml.api.TrainingConfig;
import org.junit.jupiter.api.Test;

/** dynamics_tail: Z is fitted on the last k of the l recorded inner steps (0 or l: all of them). */
class DynamicsTailTest {

    private static float dynamicsLoss(int tail) {
        SyntheticTask task = SyntheticTask.vectors(2, 3, 4, CostFamily.l1());
        TrainingConfig config = TrainingConfig.builder().set(TrainingConfig.ITERATIONS, 1L)
                .set(TrainingConfig.THREADS, 1).set(TrainingConfig.BATCH_SIZE, 8).set(TrainingConfig.INNER_STEPS, 6)
                .set(TrainingConfig.BETA, 0.5f).set(TrainingConfig.DYNAMICS_FIT, TrainingConfig.DynamicsFit.STEP)
                .set(TrainingConfig.DYNAMICS_TAIL, tail).build();
        try (Trainer trainer = new Trainer(task, task.data(1), config)) {
            return trainer.iterate().dynamicsLoss();
        }
    }

    @Test
    void theTailSelectsTheLastRecords() {
        float all = dynamicsLoss(0);
        assertEquals(all, dynamicsLoss(6), "a tail of l is the whole path");
        assertEquals(all, dynamicsLoss(9), "a tail longer than l is the whole path");
        assertNotEquals(all, dynamicsLoss(1), "the last step alone is a different fit");
    }

    @Test
    void aNegativeTailIsRejected() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.builder().set(TrainingConfig.DYNAMICS_TAIL, -1));
    }
}
