package org.cgml.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.toy.ToyTask;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged checkpoint folder: {@code latest} pointing at a deleted, tampered, corrupt or foreign checkpoint falls
 * back to the newest intact one and says so; saving over an iteration never deletes the old copy first.
 */
class CheckpointRecoveryTest {
    private static final TrainingConfig CONFIG = TrainingConfig.builder().set(TrainingConfig.ITERATIONS, 4L)
            .set(TrainingConfig.BATCH_SIZE, 4)
            .set(TrainingConfig.INNER_STEPS, 2).set(TrainingConfig.THREADS, 1).build();

    @TempDir
    Path dir;
    private final List<String> warnings = new ArrayList<>();
    private Checkpoints ckpt;

    /** Checkpoints at iterations 1, 2 and 3; latest = iteration 3. */
    @BeforeEach
    void threeCheckpoints() {
        ckpt = new Checkpoints(dir, 3, warnings::add);
        try (Trainer t = new Trainer(new ToyTask(), CONFIG)) {
            for (int i = 0; i < 3; i++) {
                t.iterate();
                ckpt.save(t);
            }
        }
        assertEquals(3L, ckpt.latestIteration().orElseThrow());
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    private long restored() {
        try (Trainer t = new Trainer(new ToyTask(), CONFIG)) {
            return ckpt.restore(t);
        }
    }

    @Test
    void aPointerToADeletedStepFallsBackToTheNewestIntactOne() throws Exception {
        try (var walk = Files.walk(dir.resolve("iteration-000000003"))) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        assertEquals(2L, ckpt.latestIteration().orElseThrow());
        assertEquals(2, restored());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("iteration-000000003 does not exist")
                && w.contains("using the newest intact one, iteration-000000002")), warnings.toString());
    }

    @Test
    void aPointerOutsideTheFolderIsNotFollowed() throws Exception {
        Path outside = Files.createDirectories(dir.getParent().resolve("elsewhere-" + System.nanoTime()));
        Files.writeString(dir.resolve("latest"), "../" + outside.getFileName() + "\n");
        assertEquals(3L, ckpt.latestIteration().orElseThrow(), "the newest intact checkpoint of this folder");
        assertTrue(warnings.stream().anyMatch(w -> w.contains("not a checkpoint of this folder")), warnings.toString());
    }

    @Test
    void aTamperedStepIsNotAccepted() throws Exception {
        Path state = dir.resolve("iteration-000000003/state.properties");
        Files.writeString(state, Files.readString(state).replace("iteration=3", "iteration=-5"));
        assertEquals(2L, ckpt.latestIteration().orElseThrow());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("records iteration '-5'")), warnings.toString());
    }

    @Test
    void aCorruptModelFileFallsBackToAnOlderCheckpointOnRestore() throws Exception {
        try (var files = Files.list(dir.resolve("iteration-000000003"))) {
            for (Path p : files.filter(f -> f.getFileName().toString().startsWith("model.data")).toList()) {
                Files.write(p, new byte[] {1, 2, 3});
            }
        }
        assertEquals(2, restored());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("is corrupt")), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("restored checkpoint iteration-000000002")),
                warnings.toString());
    }

    @Test
    void noIntactCheckpointIsOneClearError() throws Exception {
        for (String name : List.of("iteration-000000001", "iteration-000000002", "iteration-000000003")) {
            Files.delete(dir.resolve(name).resolve("model.index"));
        }
        assertFalse(ckpt.latest().isPresent());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, this::restored);
        assertTrue(e.getMessage().contains("no intact checkpoint"), e.getMessage());
    }

    @Test
    void savingAnIterationAgainReplacesItAndLeavesNothingAside() throws Exception {
        try (Trainer t = new Trainer(new ToyTask(), CONFIG)) {
            assertEquals(3, ckpt.restore(t));
            ckpt.save(t); // the same iteration again, as resuming a finished run does
        }
        try (var files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(List.of("checkpoint", "iteration-000000001", "iteration-000000002", "iteration-000000003",
                    "latest"), names);
        }
        assertEquals(3, restored());
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    /**
     * A reader restoring while a writer saves and prunes (keeping one): the checkpoint it listed is pruned just before
     * it reads its state, or just before it reads its model files; either way it lists again and restores the newer
     * whole checkpoint, with no warning of corruption.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"state", "model"})
    void aCheckpointPrunedUnderAReaderIsReplacedByTheNewerOne(String prunedBefore) throws Exception {
        Checkpoints pruning = new Checkpoints(dir, 1, warnings::add);
        List<String> reads = new ArrayList<>();
        try (Trainer writer = new Trainer(new ToyTask(), CONFIG.toBuilder().set(TrainingConfig.ITERATIONS, 10L)
                .build());
             MethodModel model = Method.named("cgml", Method.installed()).buildForSampling(new ToyTask(), CONFIG)) {
            assertEquals(3, ckpt.restore(writer));
            pruning.beforeReading = (c, what) -> {
                reads.add(c.getFileName() + ":" + what);
                if (what.equals(prunedBefore) && c.getFileName().toString().equals("iteration-000000003")) {
                    writer.iterate();
                    pruning.save(writer); // iteration 4, pruning iterations 1..3
                }
            };
            java.util.Properties state = pruning.restoreModel(model, new ToyTask(), CONFIG);
            assertEquals("4", state.getProperty("iteration"), "the newer checkpoint: " + reads);
        }
        assertTrue(!Files.exists(dir.resolve("iteration-000000003")), "iteration 3 was pruned under the reader");
        assertEquals(prunedBefore.equals("state") ? List.of("iteration-000000003:state", "iteration-000000004:state",
                "iteration-000000004:model") : List.of("iteration-000000003:state", "iteration-000000003:model",
                "iteration-000000004:state", "iteration-000000004:model"), reads);
        assertTrue(warnings.isEmpty(), "a pruned checkpoint is not corrupt: " + warnings);
    }
}
