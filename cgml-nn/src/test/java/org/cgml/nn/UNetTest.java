package org.cgml.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cgml.api.TrainingConfig;
import org.junit.jupiter.api.Test;

/** The generic U-Net trains on random data; the full Algorithm-1 iteration runs on it. */
class UNetTest {

    @Test
    void baselineLossFallsOnRandomData() {
        SyntheticTask task = SyntheticTask.images(16, 1, 2, 8, 4);
        TrainingConfig config = TrainingConfig.builder().set(TrainingConfig.ITERATIONS, 40L)
                .set(TrainingConfig.BATCH_SIZE, 8).set(TrainingConfig.LEARNING_RATE, 2e-3f)
                .set(TrainingConfig.METHOD, "baseline").build();
        try (Trainer t = new Trainer(task, config)) {
            double first = 0;
            double last = 0;
            for (int i = 0; i < 40; i++) {
                float c = t.iterate().cost();
                if (i < 5) {
                    first += c;
                } else if (i >= 35) {
                    last += c;
                }
            }
            assertTrue(last < 0.8 * first, "cost fell from " + first / 5 + " to " + last / 5);
        }
    }

    @Test
    void algorithmOneIterationRunsOnTheUNetWithBothLipschitzForms() {
        for (TrainingConfig.Lipschitz form : new TrainingConfig.Lipschitz[] {
            TrainingConfig.Lipschitz.PENALTY, TrainingConfig.Lipschitz.SPECTRAL}) {
            SyntheticTask task = SyntheticTask.images(16, 1, 2, 8, 4);
            TrainingConfig config = TrainingConfig.builder().set(TrainingConfig.ITERATIONS, 3L)
                    .set(TrainingConfig.BATCH_SIZE, 4).set(TrainingConfig.INNER_STEPS, 3)
                    .set(TrainingConfig.LIPSCHITZ, form).build();
            try (Trainer t = new Trainer(task, config)) {
                for (int i = 0; i < 3; i++) {
                    var info = t.iterate();
                    assertTrue(Float.isFinite(info.cost()) && info.dynamicsLoss() > 0, form + ": " + info);
                }
                float[] x = new float[2 * 16 * 16];
                float[] samples = t.sampler().sample(x, 2, 3, 4, LatentUpdate.MOMENTUM, 1);
                assertEquals(2 * 3 * 16 * 16 * 2, samples.length);
                for (float v : samples) {
                    assertTrue(v >= -1 && v <= 1, "tanh output");
                }
            }
        }
    }
}
