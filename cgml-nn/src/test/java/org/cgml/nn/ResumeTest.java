package org.cgml.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.toy.ToyTask;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Training 2N steps equals training N, checkpointing, restoring into a fresh trainer and training N more. */
class ResumeTest {
    private static final int N = 15;

    @ParameterizedTest
    @EnumSource(value = TrainingConfig.Lipschitz.class, names = {"PENALTY", "SPECTRAL"})
    void resumedRunMatchesUninterruptedRunBitForBit(TrainingConfig.Lipschitz form, @TempDir Path dir) {
        TrainingConfig.Builder b = TrainingConfig.builder();
        new ToyTask().defaults(b);
        TrainingConfig config = b.set(TrainingConfig.ITERATIONS, 2L * N).set(TrainingConfig.BATCH_SIZE, 16)
                .set(TrainingConfig.INNER_STEPS, 4).set(TrainingConfig.LIPSCHITZ, form)
                .set(TrainingConfig.CHECKPOINT_EVERY, 0).build();
        Map<String, float[]> straight;
        float straightCost;
        try (Trainer t = new Trainer(new ToyTask(), config)) {
            float cost = 0;
            for (int i = 0; i < 2 * N; i++) {
                cost = t.step().cost();
            }
            straight = t.model().variableValues();
            straightCost = cost;
        }
        Checkpoints ckpt = new Checkpoints(dir.resolve("checkpoints"));
        try (Trainer t = new Trainer(new ToyTask(), config)) {
            for (int i = 0; i < N; i++) {
                t.step();
            }
            ckpt.save(t);
            t.step(); // work after the checkpoint is lost in the "crash"
        }
        Map<String, float[]> resumed;
        float resumedCost = 0;
        try (Trainer t = new Trainer(new ToyTask(), config)) {
            assertEquals(N, ckpt.restore(t));
            for (int i = 0; i < N; i++) {
                resumedCost = t.step().cost();
            }
            assertEquals(2 * N, t.completedSteps());
            resumed = t.model().variableValues();
        }
        assertEquals(straight.keySet(), resumed.keySet());
        assertFalse(straight.keySet().stream().filter(k -> k.contains("-m")).toList().isEmpty(), "Adam slots compared");
        for (String k : straight.keySet()) {
            assertArrayEquals(straight.get(k), resumed.get(k), 0f, k);
        }
        assertEquals(straightCost, resumedCost, 0f);
        if (form == TrainingConfig.Lipschitz.SPECTRAL) {
            assertFalse(List.copyOf(straight.keySet()).stream().noneMatch(k -> k.endsWith("_sn_u")));
        }
    }
}
