package org.cgml.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.cgml.api.Architecture;
import org.cgml.api.TrainingConfig;
import org.cgml.api.TrainingConfig.Precision;
import org.cgml.nn.graph.ModelGraph;
import org.cgml.nn.graph.PrecisionChoice;
import org.cgml.nn.run.Run;
import org.cgml.nn.toy.ToyTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.RewriterConfig;

/** The precision setting: how it resolves on a given machine, what it does to the session, how a run keeps it. */
class PrecisionTest {
    private static final PrecisionChoice.Hardware PLAIN =
            new PrecisionChoice.Hardware(Set.of("fpu", "avx2", "avx512f", "avx512bw"), false);
    private static final PrecisionChoice.Hardware BF16_CPU =
            new PrecisionChoice.Hardware(Set.of("fpu", "avx2", "avx512f", "avx512_bf16", "amx_bf16"), false);
    private static final Architecture MLP = new Architecture.Mlp(32, 3, 16, 32);
    private static final Architecture UNET = new Architecture.UNet(8, 64);

    @Test
    void autoIsFp32OnACpuWithoutBfloat16AndWhereNoNetworkIsMeasured() {
        for (Architecture a : new Architecture[] {MLP, UNET}) {
            PrecisionChoice plain = PrecisionChoice.of(Precision.AUTO, a, true, PLAIN);
            assertEquals(Precision.FP32, plain.used());
            assertTrue(plain.reason().contains("without avx512_bf16 or amx_bf16"), plain.reason());
            PrecisionChoice capable = PrecisionChoice.of(Precision.AUTO, a, true, BF16_CPU);
            assertEquals(PrecisionChoice.AUTO_BF16_NETWORKS.contains(PrecisionChoice.network(a))
                    ? Precision.BF16 : Precision.FP32, capable.used(), capable.reason());
            assertTrue(capable.reason().contains("amx_bf16 avx512_bf16"), capable.reason());
        }
    }

    @Test
    void bf16IsRefusedForTrainingWithoutBfloat16AndSamplingFallsBackToFp32() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PrecisionChoice.of(Precision.BF16, UNET, true, PLAIN));
        assertTrue(e.getMessage().contains("avx512_bf16"), e.getMessage());
        assertEquals(Precision.FP32, PrecisionChoice.of(Precision.BF16, UNET, false, PLAIN).used());
        assertEquals(Precision.BF16, PrecisionChoice.of(Precision.BF16, UNET, true, BF16_CPU).used());
        assertEquals(Precision.FP32, PrecisionChoice.of(Precision.FP32, UNET, true, BF16_CPU).used());
    }

    @Test
    void bf16SwitchesOnTheOnednnBfloat16RewriteAndFp32LeavesTheSessionAlone() {
        TrainingConfig config = TrainingConfig.builder().set(TrainingConfig.ITERATIONS, 1L)
                .set(TrainingConfig.THREADS, 2).build();
        RewriterConfig bf16 = ModelGraph.sessionConfig(config, PrecisionChoice.of(Precision.BF16, UNET, true, BF16_CPU),
                BF16_CPU).getGraphOptions().getRewriteOptions();
        assertEquals(RewriterConfig.Toggle.ON, bf16.getAutoMixedPrecisionOnednnBfloat16());
        assertEquals(RewriterConfig.Toggle.DEFAULT, bf16.getAutoMixedPrecision());
        ConfigProto fp32 = ModelGraph.sessionConfig(config, PrecisionChoice.of(Precision.FP32, UNET, true, BF16_CPU),
                BF16_CPU);
        assertEquals(RewriterConfig.Toggle.DEFAULT, fp32.getGraphOptions().getRewriteOptions()
                .getAutoMixedPrecisionOnednnBfloat16());
        assertEquals(2, fp32.getIntraOpParallelismThreads());
        PrecisionChoice.Hardware gpu = new PrecisionChoice.Hardware(Set.of(), true);
        RewriterConfig onGpu = ModelGraph.sessionConfig(config, PrecisionChoice.of(Precision.BF16, UNET, true, gpu), gpu)
                .getGraphOptions().getRewriteOptions();
        assertEquals(RewriterConfig.Toggle.ON, onGpu.getAutoMixedPrecision());
        assertEquals(RewriterConfig.Toggle.DEFAULT, onGpu.getAutoMixedPrecisionOnednnBfloat16());
    }

    @Test
    void cpuFlagsAreReadFromTheFlagsLine(@TempDir Path tmp) throws Exception {
        Path cpuinfo = tmp.resolve("cpuinfo");
        Files.writeString(cpuinfo, "processor\t: 0\nmodel name\t: X\nflags\t\t: fpu avx512f amx_bf16 avx512_bf16\n");
        assertEquals(Set.of("amx_bf16", "avx512_bf16"), PrecisionChoice.Hardware.cpuFlags(cpuinfo).stream()
                .filter(PrecisionChoice.BF16_FLAGS::contains).collect(java.util.stream.Collectors.toSet()));
        assertEquals(Set.of(), PrecisionChoice.Hardware.cpuFlags(tmp.resolve("absent")));
    }

    @Test
    void theSettingRoundTripsThroughConfigJsonAndProvenanceSaysWhatWasUsed(@TempDir Path tmp) throws Exception {
        ToyTask task = new ToyTask();
        TrainingConfig config = TrainingConfig.forTask(task).set("precision", "fp32").build();
        assertEquals(Precision.FP32, config.get(TrainingConfig.PRECISION));
        Run run = Run.create(tmp.resolve("run"));
        run.writeConfig(task, config, Method.named(config.get(TrainingConfig.METHOD), Method.installed()), Map.of(), "cgml test");
        TrainingConfig back = run.readConfig().builder().build();
        assertEquals(Precision.FP32, back.get(TrainingConfig.PRECISION));
        assertEquals(TrainingConfig.Origin.USER, back.origin(TrainingConfig.PRECISION));
        var root = new ObjectMapper().readTree(run.dir().resolve(Run.CONFIG).toFile());
        assertEquals("fp32", root.path("config").path("precision").path("value").asText());
        assertEquals("fp32", root.path("provenance").path("precision").asText());
        assertTrue(root.path("provenance").path("precisionReason").asText().startsWith("fp32 asked"), root.toString());
        assertFalse(TrainingConfig.PRECISION.resumable(), "a resume keeps the recorded precision");
        assertEquals(Precision.AUTO, TrainingConfig.forTask(task).build().get(TrainingConfig.PRECISION));
    }

    /** A toy run in bf16 resumes bit for bit, and bf16 is really in effect: its weights are not fp32's. */
    @Test
    void aBf16ToyRunResumesBitForBitAndDiffersFromFp32(@TempDir Path dir) {
        assumeFalse(PrecisionChoice.Hardware.system().bf16Flags().isEmpty(), "this CPU has no bfloat16");
        int n = 10;
        TrainingConfig.Builder b = TrainingConfig.builder();
        new ToyTask().defaults(b);
        TrainingConfig config = b.set(TrainingConfig.ITERATIONS, 2L * n).set(TrainingConfig.BATCH_SIZE, 16)
                .set(TrainingConfig.CHECKPOINT_EVERY, 0)
                .set(TrainingConfig.PRECISION, Precision.BF16).build();
        Map<String, float[]> straight;
        try (Trainer t = new Trainer(new ToyTask(), config)) {
            for (int i = 0; i < 2 * n; i++) {
                t.iterate();
            }
            straight = t.model().variableValues();
        }
        Checkpoints ckpt = new Checkpoints(dir.resolve("checkpoints"));
        try (Trainer t = new Trainer(new ToyTask(), config)) {
            for (int i = 0; i < n; i++) {
                t.iterate();
            }
            ckpt.save(t);
        }
        Map<String, float[]> resumed;
        try (Trainer t = new Trainer(new ToyTask(), config)) {
            assertEquals(n, ckpt.restore(t));
            for (int i = 0; i < n; i++) {
                t.iterate();
            }
            resumed = t.model().variableValues();
        }
        for (String k : straight.keySet()) {
            assertArrayEquals(straight.get(k), resumed.get(k), 0f, k);
        }
        Map<String, float[]> fp32;
        try (Trainer t = new Trainer(new ToyTask(), config.toBuilder().set(TrainingConfig.PRECISION, Precision.FP32)
                .build())) {
            for (int i = 0; i < 2 * n; i++) {
                t.iterate();
            }
            fp32 = t.model().variableValues();
        }
        assertFalse(straight.keySet().stream().allMatch(k -> Arrays.equals(straight.get(k), fp32.get(k))),
                "bf16 changed no weight: the rewrite is not in effect");
    }
}
