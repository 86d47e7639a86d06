package org.cgml.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.toy.ToyTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Training 2N iterations equals training N, checkpointing, restoring into a fresh trainer and training N more. */
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
                cost = t.iterate().cost();
            }
            straight = t.model().variableValues();
            straightCost = cost;
        }
        Checkpoints ckpt = new Checkpoints(dir.resolve("checkpoints"));
        try (Trainer t = new Trainer(new ToyTask(), config)) {
            for (int i = 0; i < N; i++) {
                t.iterate();
            }
            ckpt.save(t);
            t.iterate(); // work after the checkpoint is lost in the "crash"
        }
        Map<String, float[]> resumed;
        float resumedCost = 0;
        try (Trainer t = new Trainer(new ToyTask(), config)) {
            assertEquals(N, ckpt.restore(t));
            for (int i = 0; i < N; i++) {
                resumedCost = t.iterate().cost();
            }
            assertEquals(2 * N, t.completedIterations());
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

    /**
     * A checkpoint as versions before the iteration-N folders wrote it ({@code step-N/}, {@code latest} and
     * TensorFlow's {@code checkpoint} file naming it, its state recording {@code step=N}) resumes bit for bit, and the
     * next checkpoint is written as {@code iteration-M} beside it.
     */
    @Test
    void aCheckpointInAStepNFolderResumesBitForBit(@TempDir Path dir) throws IOException {
        TrainingConfig.Builder b = TrainingConfig.builder();
        new ToyTask().defaults(b);
        TrainingConfig config = b.set(TrainingConfig.ITERATIONS, 2L * N).set(TrainingConfig.BATCH_SIZE, 16)
                .set(TrainingConfig.INNER_STEPS, 4).set(TrainingConfig.CHECKPOINT_EVERY, 0).build();
        Map<String, float[]> straight;
        try (Trainer t = new Trainer(new ToyTask(), config)) {
            for (int i = 0; i < 2 * N; i++) {
                t.iterate();
            }
            straight = t.model().variableValues();
        }
        Path folder = dir.resolve("checkpoints");
        try (Trainer t = new Trainer(new ToyTask(), config)) {
            for (int i = 0; i < N; i++) {
                t.iterate();
            }
            new Checkpoints(folder).save(t);
        }
        String now = String.format("iteration-%09d", N);
        String old = String.format("step-%09d", N);
        Files.move(folder.resolve(now), folder.resolve(old));
        Path state = folder.resolve(old).resolve("state.properties");
        String recorded = Files.readString(state);
        assertTrue(recorded.contains("\niteration=" + N + "\n"), recorded);
        Files.writeString(state, recorded.replace("\niteration=", "\nstep="));
        Files.writeString(folder.resolve("latest"), old + "\n");
        Files.writeString(folder.resolve("checkpoint"), Files.readString(folder.resolve("checkpoint")).replace(now, old));

        Checkpoints ckpt = new Checkpoints(folder);
        assertEquals(Long.valueOf(N), ckpt.latestIteration().orElseThrow());
        Map<String, float[]> resumed;
        try (Trainer t = new Trainer(new ToyTask(), config)) {
            assertEquals(N, ckpt.restore(t));
            for (int i = 0; i < N; i++) {
                t.iterate();
            }
            resumed = t.model().variableValues();
            ckpt.save(t);
        }
        assertEquals(straight.keySet(), resumed.keySet());
        for (String k : straight.keySet()) {
            assertArrayEquals(straight.get(k), resumed.get(k), 0f, k);
        }
        String next = String.format("iteration-%09d", 2 * N);
        assertEquals(next, ckpt.latest().orElseThrow().getFileName().toString());
        assertEquals(next, Files.readString(folder.resolve("latest")).trim());
        assertTrue(Files.isDirectory(folder.resolve(old)), "the earlier checkpoint is kept (3 are)");
    }
}
