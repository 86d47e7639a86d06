package org.cgml.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.cgml.api.CostFamily;
import org.cgml.api.Task;
import org.cgml.api.TrainingConfig;
import org.cgml.api.TrainingListener;
import org.cgml.nn.graph.Networks;
import org.cgml.nn.graph.Tensors;
import org.cgml.nn.method.AdversarialModel;
import org.cgml.nn.method.bicyclegan.BicycleGan;
import org.cgml.nn.method.contextencoder.ContextEncoder;
import org.cgml.nn.method.cvae.Cvae;
import org.cgml.nn.method.pix2pix.Pix2pix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The peers of cGML a bench compares: pix2pix, DSGAN, the Context Encoder, the cVAE and BicycleGAN, on cGML's H and G. */
class PeerMethodsTest {
    private static final Predicate<String> D = k -> k.startsWith("D_") || k.startsWith("adam_d_");
    private static final Predicate<String> HG = k -> k.startsWith("H_") || k.startsWith("G_") || k.startsWith("adam_hg_");
    private static final Predicate<String> BOTH_D = k -> D.test(k) || k.startsWith("D2_") || k.startsWith("adam_d2_");
    private static final Predicate<String> HGE = k -> HG.test(k) || k.startsWith("E_");

    static Stream<Arguments> adversarialOnEachArchitecture() {
        Task vectors = SyntheticTask.vectors(2, 3, 3, CostFamily.l1());
        Task images = SyntheticTask.images(16, 1, 2, 4, 3);
        return Stream.of(Arguments.of("pix2pix", vectors), Arguments.of("pix2pix", images),
                Arguments.of("context-encoder", vectors), Arguments.of("context-encoder", images),
                Arguments.of("dsgan", vectors), Arguments.of("dsgan", images));
    }

    private static TrainingConfig config(String method, int iterations) {
        return TrainingConfig.builder().set(TrainingConfig.ITERATIONS, (long) iterations)
                .set(TrainingConfig.BATCH_SIZE, 4).set(TrainingConfig.THREADS, 1).set(TrainingConfig.METHOD, method)
                .set(TrainingConfig.LEARNING_RATE, 1e-2f).set(TrainingConfig.CHECKPOINT_EVERY, 0).build();
    }

    private static float[] batch(Task task, long seed, boolean inputs) {
        int size = 4 * (inputs ? task.inputSize() : task.outputSize());
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) rng.nextDouble(-1, 1);
        }
        return v;
    }

    private static Set<String> changed(Map<String, float[]> before, Map<String, float[]> after) {
        assertEquals(before.keySet(), after.keySet());
        Set<String> out = new TreeSet<>();
        before.forEach((k, v) -> {
            if (!Arrays.equals(v, after.get(k))) {
                out.add(k);
            }
        });
        return out;
    }

    @ParameterizedTest
    @MethodSource("adversarialOnEachArchitecture")
    void theDiscriminatorStepChangesOnlyDAndTheGeneratorStepOnlyHAndG(String method, Task task) {
        TrainingConfig config = config(method, 5);
        AdversarialModel model = (AdversarialModel) Method.named(method, Method.installed()).build(task, config);
        try (model;
             TFloat32 x = Tensors.of(batch(task, 1, true), Tensors.batched(4, task.inputShape()));
             TFloat32 y = Tensors.of(batch(task, 2, false), Tensors.batched(4, task.outputShape()))) {
            float[] z = model.codes(0, 4);
            Map<String, float[]> before = model.variableValues();
            assertTrue(before.keySet().stream().anyMatch(D), "D has variables");
            model.discriminatorStep(x, y, z, 0);
            Map<String, float[]> afterD = model.variableValues();
            Set<String> byD = changed(before, afterD);
            assertTrue(byD.stream().anyMatch(k -> k.startsWith("D_") && !k.contains("-")), "a weight of D moved: " + byD);
            assertTrue(byD.stream().allMatch(D), "only D and its optimizer change: " + byD);

            model.generatorStep(x, y, z, 0);
            Set<String> byG = changed(afterD, model.variableValues());
            assertTrue(byG.stream().anyMatch(k -> k.startsWith("H_") && !k.contains("-")), "H moved: " + byG);
            assertTrue(byG.stream().anyMatch(k -> k.startsWith("G_") && !k.contains("-")), "G moved: " + byG);
            assertTrue(byG.stream().allMatch(HG), "only H, G and their optimizer change: " + byG);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pix2pix", "context-encoder", "cvae", "dsgan", "bicyclegan"})
    void trainsAndResumesBitForBit(String method, @TempDir Path dir) {
        for (Task task : List.<Task>of(SyntheticTask.vectors(2, 3, 3, CostFamily.l1()), SyntheticTask.images(16, 1, 1, 4, 3))) {
            TrainingConfig config = config(method, 6);
            Map<String, float[]> straight;
            try (Trainer t = new Trainer(task, task.data(1), config)) {
                t.fit(null, List.of());
                straight = t.model().variableValues();
            }
            Path ckptDir = dir.resolve(task.inputShape().length + "d");
            Checkpoints ckpt = new Checkpoints(ckptDir);
            try (Trainer t = new Trainer(task, task.data(1), config.toBuilder().set(TrainingConfig.ITERATIONS, 3L)
                    .build())) {
                t.fit(ckpt, List.of());
            }
            try (Trainer t = new Trainer(task, task.data(1), config)) {
                assertEquals(3, ckpt.restore(t));
                t.fit(null, List.of());
                Map<String, float[]> resumed = t.model().variableValues();
                assertEquals(straight.keySet(), resumed.keySet());
                straight.forEach((k, v) -> assertArrayEquals(v, resumed.get(k), method + " " + k));
            }
        }
    }

    static Stream<Task> bothArchitectures() {
        return Stream.of(SyntheticTask.vectors(2, 3, 3, CostFamily.l1()), SyntheticTask.images(16, 1, 2, 4, 3));
    }

    private static boolean weightMoved(Set<String> changed, String scope) {
        return changed.stream().anyMatch(k -> k.startsWith(scope + "_") && !k.contains("-"));
    }

    @ParameterizedTest
    @MethodSource("bothArchitectures")
    void bicycleGansDiscriminatorStepChangesOnlyItsTwoDsAndItsGeneratorStepOnlyHGAndE(Task task) {
        try (BicycleGan.Model model = new BicycleGan().build(task, config("bicyclegan", 5));
             TFloat32 x = Tensors.of(batch(task, 1, true), Tensors.batched(4, task.inputShape()));
             TFloat32 y = Tensors.of(batch(task, 2, false), Tensors.batched(4, task.outputShape()))) {
            float[] z = model.codes(0, 4);
            assertEquals(2 * 4 * task.latent().dimension(), z.length, "eps and a prior code per sample");
            Map<String, float[]> before = model.variableValues();
            float[] dLoss = model.discriminatorStep(x, y, z, 0);
            assertTrue(dLoss[0] > 0 && dLoss[1] > 0, Arrays.toString(dLoss));
            Map<String, float[]> afterD = model.variableValues();
            Set<String> byD = changed(before, afterD);
            assertTrue(weightMoved(byD, "D") && weightMoved(byD, "D2"), "both D's moved: " + byD);
            assertTrue(byD.stream().allMatch(BOTH_D), "only D1, D2 and their optimizers change: " + byD);

            Figures f = model.generatorStep(x, y, z, 0);
            Set<String> byG = changed(afterD, model.variableValues());
            for (String scope : List.of("H", "G", "E")) {
                assertTrue(weightMoved(byG, scope), scope + " moved: " + byG);
            }
            assertTrue(byG.stream().allMatch(HGE), "only H, G, E and their optimizer change: " + byG);
            for (String figure : List.of("generator_adversarial", "generator_adversarial_random", "kl", "latent_l1")) {
                assertTrue(f.extra().get(figure) > 0, figure + " in " + f.extra());
            }
        }
    }

    @Test
    void theLatentRegressionIsTheMeanAbsoluteDifferenceOnKnownTensors() {
        float[][] z = {{0.5f, -1f, 2f}, {0f, 0.25f, -0.75f}};
        float[][] mu = {{1f, -1f, -2f}, {0.5f, 0.25f, 0.25f}};
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            try (Result r = s.runner().fetch(BicycleGan.latentRegression(tf, tf.constant(z), tf.constant(mu))).run()) {
                // |0.5 - 1| + 0 + |2 + 2| + |0 - 0.5| + 0 + |-0.75 - 0.25| = 6, over 6 elements
                assertEquals(1f, ((TFloat32) r.get(0)).getFloat(), 1e-6f);
            }
        }
    }

    @Test
    void theLatentRegressionFitsGAndNotTheEncoder() {
        Task task = SyntheticTask.vectors(2, 3, 3, CostFamily.l1());
        Map<String, float[]> without;
        Map<String, float[]> with;
        TrainingConfig plain = config("bicyclegan", 5);
        try (TFloat32 x = Tensors.of(batch(task, 1, true), Tensors.batched(4, task.inputShape()));
             TFloat32 y = Tensors.of(batch(task, 2, false), Tensors.batched(4, task.outputShape()))) {
            try (BicycleGan.Model m = new BicycleGan().build(task, plain.toBuilder()
                    .set(BicycleGan.LAMBDA_LATENT, 0f).build())) {
                m.generatorStep(x, y, m.codes(0, 4), 0);
                without = m.variableValues();
            }
            try (BicycleGan.Model m = new BicycleGan().build(task, plain.toBuilder()
                    .set(BicycleGan.LAMBDA_LATENT, 50f).build())) {
                m.generatorStep(x, y, m.codes(0, 4), 0);
                with = m.variableValues();
            }
        }
        Set<String> differ = changed(without, with);
        assertTrue(differ.stream().anyMatch(k -> k.startsWith("G_") && k.endsWith("-m")),
                "the latent term's gradient reaches G: " + differ);
        assertTrue(differ.stream().anyMatch(k -> k.startsWith("H_") && k.endsWith("-m")),
                "and H, through G's input h: " + differ);
        assertTrue(differ.stream().noneMatch(k -> k.startsWith("E_")), "E's weights and moments are not moved by it: "
                + differ);
    }

    @Test
    void bicycleGanSamplesGAtNormalCodesWhateverThePrior() {
        Task task = SyntheticTask.vectors(2, 3, 3, CostFamily.l1());
        assertTrue(task.latent().sphere(), "a task whose own prior is the sphere");
        float[] x = Arrays.copyOf(batch(task, 3, true), task.inputSize());
        int k = 5;
        try (MethodModel m = new BicycleGan().build(task, config("bicyclegan", 1))) {
            float[] samples = m.sampler().sample(x, 1, k, 0, LatentUpdate.MOMENTUM, 7);
            float[] xs = new float[k * task.inputSize()];
            for (int i = 0; i < k; i++) {
                System.arraycopy(x, 0, xs, i * x.length, x.length);
            }
            float[] normal = Latents.draw(7, 0, k, task.latent().dimension(), false);
            assertArrayEquals(m.sampler().generate(xs, normal, k), samples, "G at N(0, I) codes");
            float[] onSphere = Latents.draw(7, 0, k, task.latent().dimension(), true);
            assertFalse(Arrays.equals(m.sampler().generate(xs, onSphere, k), samples), "not at the sphere's codes");
        }
    }

    @Test
    void theKlIsTheClosedFormOnKnownTensors() {
        float[][] mu = {{0.5f, -1f, 2f}, {0f, 0.25f, -0.75f}};
        float[][] logVar = {{0f, -1f, 0.5f}, {1.5f, -2f, 0f}};
        double expected = 0;
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                expected += 0.5 * (mu[i][j] * mu[i][j] + Math.exp(logVar[i][j]) - 1 - logVar[i][j]);
            }
        }
        expected /= 2;
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Operand<TFloat32> kl = Cvae.kl(tf, tf.constant(mu), tf.constant(logVar));
            try (Result r = s.runner().fetch(kl).run()) {
                assertEquals(expected, ((TFloat32) r.get(0)).getFloat(), 1e-5);
            }
            Operand<TFloat32> zero = Cvae.kl(tf, tf.constant(new float[][] {{0f, 0f}}), tf.constant(new float[][] {{0f, 0f}}));
            try (Result r = s.runner().fetch(zero).run()) {
                assertEquals(0f, ((TFloat32) r.get(0)).getFloat(), 0f, "KL of N(0, I) to itself");
            }
        }
    }

    @Test
    void theCvaeFitsItsEncoderWithHAndGAndReportsItsKl() {
        Task task = SyntheticTask.vectors(2, 3, 3, CostFamily.l1());
        try (Trainer t = new Trainer(task, task.data(1), config("cvae", 2))) {
            Map<String, float[]> before = t.model().variableValues();
            TrainingListener.IterationInfo info = t.iterate();
            Set<String> moved = changed(before, t.model().variableValues());
            assertTrue(moved.stream().anyMatch(k -> k.startsWith("E_") && !k.contains("-")), "E moved: " + moved);
            assertTrue(moved.stream().anyMatch(k -> k.startsWith("G_")), "G moved: " + moved);
            assertTrue(info.extra().get("kl") > 0, "a KL term is reported: " + info.extra());
            assertEquals(List.of("kl"), t.model().extraLosses());
        }
    }

    @Test
    void parametersCountTheDiscriminatorAndTheEncoder() {
        Task task = SyntheticTask.vectors(2, 3, 3, CostFamily.l1());
        long base;
        try (MethodModel m = Method.named("baseline", Method.installed()).build(task, config("baseline", 1))) {
            base = m.parameters();
        }
        // H: 2 -> 16 -> 16 -> 8, G: 8 + 3 -> 16 -> 16 -> 3 (weights and biases)
        assertEquals((2 * 16 + 16) + (16 * 16 + 16) + (16 * 8 + 8) + (11 * 16 + 16) + (16 * 16 + 16) + (16 * 3 + 3), base);
        long mlpD = (5 * 16 + 16) + (16 * 16 + 16) + (16 + 1); // D(x, y): 2 + 3 -> 16 -> 16 -> 1
        try (MethodModel m = new Pix2pix().build(task, config("pix2pix", 1))) {
            assertEquals(base + mlpD, m.parameters());
        }
        long globalD = (3 * 16 + 16) + (16 * 16 + 16) + (16 + 1); // D(y): 3 -> 16 -> 16 -> 1
        try (MethodModel m = new ContextEncoder().build(task, config("context-encoder", 1))) {
            assertEquals(base + globalD, m.parameters());
        }
        long encoder = (5 * 16 + 16) + (16 * 16 + 16) + (16 * 6 + 6); // E(x, y): 5 -> 16 -> 16 -> 2n
        try (MethodModel m = new Cvae().build(task, config("cvae", 1))) {
            assertEquals(base + encoder, m.parameters());
        }
        long encoderOfY = (3 * 16 + 16) + (16 * 16 + 16) + (16 * 6 + 6); // E(y): 3 -> 16 -> 16 -> 2n
        try (MethodModel m = new BicycleGan().build(task, config("bicyclegan", 1))) {
            assertEquals(base + 2 * mlpD + encoderOfY, m.parameters(), "H, G, D1, D2 and E");
            assertEquals(base, m.samplingParameters(), "sampling uses H and G alone");
        }
    }

    @Test
    void thePatchGanReceptiveFieldScalesWithTheImage() {
        assertEquals(70, Networks.receptiveField(3), "pix2pix's 70 x 70 PatchGAN");
        assertEquals(3, Networks.patchLayers(256));
        assertEquals(1, Networks.patchLayers(32));
        assertEquals(0, Networks.patchLayers(16));
        assertTrue(Networks.receptiveField(Networks.patchLayers(64)) <= 32);
    }

    @Test
    void samplingDrawsGaussianCodesForTheCvaeAndPriorCodesForPix2pix() {
        Task task = SyntheticTask.vectors(2, 3, 3, CostFamily.l1());
        float[] x = batch(task, 3, true);
        try (MethodModel cvae = new Cvae().build(task, config("cvae", 1));
             MethodModel p2p = new Pix2pix().build(task, config("pix2pix", 1));
             MethodModel ce = new ContextEncoder().build(task, config("context-encoder", 1))) {
            float[] a = cvae.sampler().sample(x, 4, 3, 0, LatentUpdate.MOMENTUM, 5);
            assertFalse(Arrays.equals(Arrays.copyOfRange(a, 0, 3), Arrays.copyOfRange(a, 3, 6)), "cVAE modes differ");
            float[] b = p2p.sampler().sample(x, 4, 3, 0, LatentUpdate.MOMENTUM, 5);
            assertFalse(Arrays.equals(Arrays.copyOfRange(b, 0, 3), Arrays.copyOfRange(b, 3, 6)), "pix2pix modes differ");
            float[] c = ce.sampler().sample(x, 4, 3, 0, LatentUpdate.MOMENTUM, 5);
            assertArrayEquals(Arrays.copyOfRange(c, 0, 3), Arrays.copyOfRange(c, 3, 6), "the Context Encoder has no code");
        }
    }

    @Test
    void badWeightsAreRefusedWithTheirRule() {
        TrainingConfig.Builder b = TrainingConfig.builder().declare(Method.settings(Method.installed()));
        assertEquals("kl_weight must be >= 0 (got -1.0)",
                assertThrows(IllegalArgumentException.class, () -> b.set("kl_weight", "-1")).getMessage());
        assertEquals("gan_lambda must be >= 0 (got -0.5)",
                assertThrows(IllegalArgumentException.class, () -> b.set("gan_lambda", "-0.5")).getMessage());
        assertEquals("imle_samples must be positive (got 0)",
                assertThrows(IllegalArgumentException.class, () -> b.set("imle_samples", "0")).getMessage());
        for (String key : List.of("bicycle_lambda", "bicycle_lambda_latent", "bicycle_lambda_kl")) {
            assertEquals(key + " must be >= 0 (got -1.0)",
                    assertThrows(IllegalArgumentException.class, () -> b.set(key, "-1")).getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> b.set(Cvae.KL_WEIGHT, -1f));
        Task task = SyntheticTask.vectors(2, 3, 3, CostFamily.l1());
        TrainingConfig tooMuch = config("context-encoder", 1).toBuilder().set(ContextEncoder.ADVERSARIAL_WEIGHT, 1.5f)
                .build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(task, task.data(1), tooMuch));
        assertTrue(e.getMessage().contains("adversarial_weight"), e.getMessage());
    }
}
