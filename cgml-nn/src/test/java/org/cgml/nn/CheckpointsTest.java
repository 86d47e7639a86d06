package org.cgml.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.cgml.api.CostFamily;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.toy.ToyTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.types.TFloat32;

class CheckpointsTest {

    /**
     * A checkpoint holding variables the restoring graph does not have (as a baseline's checkpoint from before the
     * baseline stopped building Z holds Z and its optimizer) restores the graph's own variables and ignores the rest.
     */
    @Test
    void aCheckpointWithVariablesTheGraphLacksRestoresTheGraphsOwn(@TempDir Path dir) {
        TrainingConfig.Builder b = TrainingConfig.builder().set(TrainingConfig.ITERATIONS, 2L).set(TrainingConfig.BATCH_SIZE, 4).set(TrainingConfig.INNER_STEPS, 2)
                .set(TrainingConfig.THREADS, 1).set(TrainingConfig.LIPSCHITZ, TrainingConfig.Lipschitz.NONE);
        ToyTask task = new ToyTask();
        Map<String, float[]> written;
        try (Trainer t = new Trainer(task, b.build())) {
            t.iterate();
            t.iterate();
            t.model().save(dir.resolve("model"));
            written = t.model().variableValues();
        }
        TrainingConfig baseline = b.set(TrainingConfig.METHOD, "baseline").build();
        try (MethodModel m = Method.named("baseline", Method.installed()).build(task, baseline)) {
            Map<String, float[]> fresh = m.variableValues();
            assertTrue(written.keySet().stream().anyMatch(k -> k.startsWith("Z_") && !fresh.containsKey(k)),
                    "the checkpoint holds a Z the baseline has not: " + fresh.keySet());
            m.restore(dir.resolve("model"));
            Map<String, float[]> restored = m.variableValues();
            assertEquals(fresh.keySet(), restored.keySet());
            for (String k : restored.keySet()) {
                assertTrue(java.util.Arrays.equals(written.get(k), restored.get(k)), k + " restored");
            }
            assertTrue(restored.keySet().stream().anyMatch(k -> !java.util.Arrays.equals(fresh.get(k), written.get(k))),
                    "training moved what was restored");
        }
    }

    @Test
    void aHalfWrittenCheckpointIsNeverPickedUp(@TempDir Path dir) throws Exception {
        TrainingConfig config = TrainingConfig.builder().set(TrainingConfig.ITERATIONS, 4L)
                .set(TrainingConfig.BATCH_SIZE, 4).set(TrainingConfig.INNER_STEPS, 2).set(TrainingConfig.THREADS, 1)
                .build();
        Checkpoints ckpt = new Checkpoints(dir, 2);
        try (Trainer t = new Trainer(new ToyTask(), config)) {
            t.iterate();
            ckpt.save(t);
            // a crash while writing the next one leaves only a temporary folder behind
            Path partial = Files.createDirectory(dir.resolve(".writing-crashed"));
            Files.writeString(partial.resolve("model.index"), "garbage");
            assertEquals("iteration-000000001", ckpt.latest().orElseThrow().getFileName().toString());
            t.iterate();
            ckpt.save(t);
            t.iterate();
            ckpt.save(t);
        }
        assertEquals("iteration-000000003", ckpt.latest().orElseThrow().getFileName().toString());
        try (var files = Files.list(dir)) {
            assertEquals(2, files.filter(p -> p.getFileName().toString().startsWith("iteration-")).count(), "keeps 2");
        }
        try (Trainer t = new Trainer(new ToyTask(), config)) {
            assertEquals(3, ckpt.restore(t));
        }
    }

    @Test
    void aSamplingModelLoadsTheWeightsAloneAndSamplesAsTheTrainedOne(@TempDir Path dir) {
        TrainingConfig config = TrainingConfig.builder().set(TrainingConfig.ITERATIONS, 3L)
                .set(TrainingConfig.BATCH_SIZE, 4).set(TrainingConfig.INNER_STEPS, 2).set(TrainingConfig.THREADS, 1)
                .build();
        Checkpoints ckpt = new Checkpoints(dir);
        float[] x = {-0.5f, 0.1f, 0.7f};
        float[] trained;
        Method cgml = Method.named("cgml", Method.installed());
        ToyTask task = new ToyTask();
        try (Trainer t = new Trainer(task, config)) {
            for (int i = 0; i < 3; i++) {
                t.iterate();
            }
            ckpt.save(t);
            trained = t.sampler().sample(x, 3, 4, 5, LatentUpdate.MOMENTUM, 7);
            try (MethodModel sampling = cgml.buildForSampling(task, config)) {
                ckpt.restoreModel(sampling, task, config);
                assertTrue(java.util.Arrays.equals(trained, sampling.sampler().sample(x, 3, 4, 5, LatentUpdate.MOMENTUM, 7)),
                        "same samples from the weights alone");
                assertTrue(sampling.variableValues().size() < t.model().variableValues().size(),
                        "no optimizer slots: " + sampling.variableValues().keySet());
                try (TFloat32 xt = org.cgml.nn.graph.Tensors.of(x, 3, 1);
                     TFloat32 yt = org.cgml.nn.graph.Tensors.of(new float[9], 3, 3)) {
                    assertThrows(IllegalStateException.class, () -> sampling.trainStep(xt, yt, 0));
                }
            }
        }
    }

    @Test
    void restoringIntoAnotherRunIsRefused(@TempDir Path dir) {
        TrainingConfig config = TrainingConfig.builder().set(TrainingConfig.ITERATIONS, 2L)
                .set(TrainingConfig.BATCH_SIZE, 4).set(TrainingConfig.INNER_STEPS, 1).set(TrainingConfig.THREADS, 1)
                .build();
        Checkpoints ckpt = new Checkpoints(dir);
        try (Trainer t = new Trainer(new ToyTask(), config)) {
            t.iterate();
            ckpt.save(t);
        }
        TrainingConfig other = config.toBuilder().set(TrainingConfig.SEED, 99L).build();
        try (Trainer t = new Trainer(new ToyTask(), other)) {
            assertThrows(IllegalStateException.class, () -> ckpt.restore(t));
        }
    }

    @Test
    void exportedGeneratorAndSamplerReloadAndAgree(@TempDir Path dir) throws Exception {
        SyntheticTask task = SyntheticTask.vectors(2, 3, 3, CostFamily.l1());
        TrainingConfig config = TrainingConfig.builder().set(TrainingConfig.ITERATIONS, 3L)
                .set(TrainingConfig.BATCH_SIZE, 4).set(TrainingConfig.INNER_STEPS, 2).set(TrainingConfig.THREADS, 1)
                .build();
        float[] x = {0.1f, -0.2f, 0.3f, 0.4f};
        float[] expected;
        try (Trainer t = new Trainer(task, config)) {
            for (int i = 0; i < 3; i++) {
                t.iterate();
            }
            t.export(dir.resolve("model"), 5);
            expected = t.sampler().sample(x, 2, 1, 0, LatentUpdate.MOMENTUM, 3);
        }
        try (SavedModelBundle b = SavedModelBundle.load(dir.resolve("model").toString(), "serve")) {
            assertTrue(b.signatures().stream().anyMatch(s -> s.key().equals("sampler")));
            float[] z = {1, 0, 0, 1, 0, 0};
            try (TFloat32 xt = org.cgml.nn.graph.Tensors.of(x, 2, 2); TFloat32 zt = org.cgml.nn.graph.Tensors.of(z, 2, 3);
                 var r = b.function("generator").call(Map.of("x", xt, "z", zt))) {
                Tensor y = r.get("y").orElseThrow();
                assertEquals(6, y.shape().size());
            }
        }
        assertEquals(6, expected.length);

        // the baseline's sampler is G at its fixed code: it takes x alone and gives its one output
        float[] baseline;
        try (Trainer t = new Trainer(task, config.toBuilder().set(TrainingConfig.METHOD, "baseline").build())) {
            t.iterate();
            t.export(dir.resolve("baseline"), 5);
            baseline = t.sampler().sample(x, 2, 1, 0, LatentUpdate.MOMENTUM, 3);
        }
        try (SavedModelBundle b = SavedModelBundle.load(dir.resolve("baseline").toString(), "serve");
             TFloat32 xt = org.cgml.nn.graph.Tensors.of(x, 2, 2);
             var r = b.function("serving_default").call(Map.of("x", xt))) {
            float[] y = org.cgml.nn.graph.Tensors.read(r.get("y").orElseThrow());
            assertTrue(java.util.Arrays.equals(baseline, y), java.util.Arrays.toString(y));
        }
    }
}
