package org.cgml.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.cgml.api.CostFamily;
import org.cgml.api.Task;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.graph.Tensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.GraphOperation;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.TensorFlow;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.types.TFloat32;

/**
 * The exported SavedModel holds only what sampling needs: its variables are the parameters of H, G (and Z), stored
 * once each (no optimizer slot, no spectral-norm vector, no discriminator or encoder), its graph has no training op,
 * its signatures name TensorFlow Serving's Predict method under the "serve" tag, the TensorFlow version is recorded,
 * and its generator gives what the trained model gives.
 */
class LeanSavedModelTest {
    private static final Task VECTORS = SyntheticTask.vectors(2, 3, 3, CostFamily.l1());
    private static final Task IMAGES = SyntheticTask.images(16, 1, 1, 4, 3);

    private static TrainingConfig.Builder config(String method) {
        return TrainingConfig.builder().set(TrainingConfig.ITERATIONS, 2L).set(TrainingConfig.BATCH_SIZE, 4)
                .set(TrainingConfig.INNER_STEPS, 2).set(TrainingConfig.THREADS, 1)
                .set(TrainingConfig.METHOD, method).set(TrainingConfig.CHECKPOINT_EVERY, 0);
    }

    static Stream<Arguments> models() {
        List<Arguments> all = new ArrayList<>();
        for (String method : List.of("cgml", "baseline", "pix2pix", "context-encoder", "cimle", "cvae", "dsgan",
                "bicyclegan")) {
            all.add(Arguments.of(method + " on vectors", VECTORS, config(method).build()));
            all.add(Arguments.of(method + " on images", IMAGES, config(method).build()));
        }
        all.add(Arguments.of("cgml, spectral", VECTORS, config("cgml")
                .set(TrainingConfig.LIPSCHITZ, TrainingConfig.Lipschitz.SPECTRAL)
                .build()));
        all.add(Arguments.of("cgml, flow", VECTORS, config("cgml")
                .set(TrainingConfig.DYNAMICS_FIT, TrainingConfig.DynamicsFit.FLOW)
                .build()));
        return all.stream();
    }

    /** A trained model's export into {@code dir}, its sampling parameters and its generator at fixed inputs. */
    private record Exported(long samplingParameters, long parameters, float[] x, float[] z, float[] generated) {
    }

    private static Exported export(Task task, TrainingConfig config, Path dir) throws IOException {
        int count = 3;
        int n = task.latent().dimension();
        SplittableRandom rng = new SplittableRandom(5);
        float[] x = new float[count * task.inputSize()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextDouble(-1, 1);
        }
        float[] z = Latents.draw(9, 0, count, n, true);
        try (Trainer t = new Trainer(task, config)) {
            for (int i = 0; i < config.get(TrainingConfig.ITERATIONS); i++) {
                t.iterate();
            }
            t.export(dir, 5);
            return new Exported(t.model().samplingParameters(), t.model().parameters(), x, z,
                    t.sampler().generate(x, z, count));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void theSavedModelStoresEachSamplingParameterOnceAndNothingElse(String name, Task task, TrainingConfig config,
                                                                    @TempDir Path dir) throws Exception {
        Exported e = export(task, config, dir);
        long[] stored = {0};
        List<String> foreign = new ArrayList<>();
        try (SavedModelBundle b = SavedModelBundle.load(dir.toString(), "serve")) {
            b.graph().operations().forEachRemaining(op -> {
                if (op.type().startsWith("Variable")) {
                    stored[0] += ((GraphOperation) op).output(0).shape().size();
                }
                String lower = op.name().toLowerCase(java.util.Locale.ROOT);
                if (op.type().contains("Apply") || lower.contains("adam") || lower.contains("_sn_u")
                        || lower.startsWith("d_") || lower.startsWith("e_") || lower.startsWith("load/")) {
                    foreign.add(op.name() + " (" + op.type() + ")");
                }
            });
            int count = e.x().length / task.inputSize();
            long[] shape = org.cgml.nn.graph.Tensors.batched(count, task.inputShape());
            try (TFloat32 xt = Tensors.of(e.x(), shape);
                 TFloat32 zt = Tensors.of(e.z(), count, task.latent().dimension());
                 var r = b.function("generator").call(Map.of("x", xt, "z", zt))) {
                float[] y = Tensors.read(r.get("y").orElseThrow());
                assertTrue(Arrays.equals(e.generated(), y), name + ": the exported generator gives the trained one's"
                        + " outputs");
            }
        }
        assertEquals(e.samplingParameters(), stored[0], name + ": values stored in the graph's variables");
        assertEquals(4 * e.samplingParameters(), Files.size(dir.resolve("variables/variables.data-00000-of-00001")),
                name + ": bytes of the checkpoint's data (float32 values)");
        assertTrue(foreign.isEmpty(), name + ": training ops, variables or the assignments of the export in its graph: "
                + foreign);
        if (config.get(TrainingConfig.METHOD).equals("cgml")) {
            assertTrue(e.parameters() == e.samplingParameters(), "cGML samples with every network it trains");
        }
    }

    @Test
    void signaturesNameThePredictMethodUnderTheServeTagAndTheTensorFlowVersionIsRecorded(@TempDir Path dir)
            throws Exception {
        for (String method : List.of("cgml", "baseline")) {
            Path model = dir.resolve(method);
            export(VECTORS, config(method).build(), model);
            try (SavedModelBundle b = SavedModelBundle.load(model.toString(), "serve")) {
                MetaGraphDef meta = b.metaGraphDef();
                Map<String, SignatureDef> signatures = meta.getSignatureDefMap();
                assertEquals(java.util.Set.of("generator", "sampler", "serving_default"), signatures.keySet(), method);
                signatures.forEach((key, s) -> assertEquals("tensorflow/serving/predict", s.getMethodName(),
                        method + " signature " + key));
                assertEquals(List.of("serve"), meta.getMetaInfoDef().getTagsList(), method);
                assertFalse(TensorFlow.version().isEmpty());
                assertEquals(TensorFlow.version(), meta.getMetaInfoDef().getTensorflowVersion(), method);
                assertEquals("v" + TensorFlow.version(), meta.getMetaInfoDef().getTensorflowGitVersion(), method);
            }
        }
    }

    @Test
    void theFolderIsFourBytesPerSamplingParameterPlusTheGraph(@TempDir Path dir) throws Exception {
        Task task = SyntheticTask.images(16, 1, 1, 16, 3);
        Exported e = export(task, config("cgml").build(), dir);
        long graph = Files.size(dir.resolve("saved_model.pb"));
        long expected = 4 * e.samplingParameters() + graph;
        long bytes;
        try (Stream<Path> files = Files.walk(dir)) {
            bytes = files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException ex) {
                    throw new java.io.UncheckedIOException(ex);
                }
            }).sum();
        }
        assertTrue(Math.abs(bytes - expected) <= 0.1 * expected, "saved_model holds " + bytes + " bytes; 4 x "
                + e.samplingParameters() + " parameters + the graph's " + graph + " bytes = " + expected);
    }
}
