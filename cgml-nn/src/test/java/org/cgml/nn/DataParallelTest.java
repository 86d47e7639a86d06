package org.cgml.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cgml.api.CostFamily;
import org.cgml.api.Task;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.toy.ToyTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Data-parallel training ({@link TrainingConfig#DEVICES}): two CPU devices, the batch split across two towers and their
 * gradients averaged, train as one device does at the same global batch, within float tolerance (the sums run in
 * another order), every method; a two-device run resumes bit for bit; an extension that cannot be split is refused.
 */
class DataParallelTest {
    /**
     * Relative difference allowed between one and two devices, per iteration's cost: the gradient sums run in another
     * order, and Adam divides each step by the gradient's running scale, so a rounding in a near-zero gradient moves a
     * weight by up to a step; measured on the toy over 40 iterations, the difference stays near 1e-5 and does not grow.
     */
    static final double COST_TOLERANCE = 1e-4;
    private static final int ITERATIONS = 12;

    private static TrainingConfig config(Task task, String method, int devices, TrainingConfig.Lipschitz lipschitz) {
        TrainingConfig.Builder b = TrainingConfig.forTask(task);
        return b.set(TrainingConfig.ITERATIONS, (long) ITERATIONS).set(TrainingConfig.BATCH_SIZE, 8)
                .set(TrainingConfig.METHOD, method).set(TrainingConfig.THREADS, 1)
                .set(TrainingConfig.LIPSCHITZ, lipschitz).set(TrainingConfig.DEVICES, devices)
                .set(TrainingConfig.CHECKPOINT_EVERY, 0).build();
    }

    private record Trained(List<Float> costs, List<Map<String, Float>> figures, Map<String, float[]> weights) {
    }

    private static Trained train(Task task, TrainingConfig config) {
        try (Trainer t = new Trainer(task, task.data(1), config)) {
            List<Float> costs = new ArrayList<>();
            List<Map<String, Float>> figures = new ArrayList<>();
            for (int i = 0; i < ITERATIONS; i++) {
                org.cgml.api.TrainingListener.IterationInfo f = t.iterate();
                costs.add(f.cost());
                Map<String, Float> all = new java.util.TreeMap<>(f.extra());
                all.put("dynamics_loss", f.dynamicsLoss());
                all.put("lipschitz", f.lipschitz());
                figures.add(all);
            }
            return new Trained(costs, figures, t.model().variableValues());
        }
    }

    /**
     * One device against two: each iteration's cost within {@link #COST_TOLERANCE}, every weight within one Adam step
     * (the learning rate {@code lr}: a near-zero gradient whose sign the other summation order flips moves a weight by
     * up to that).
     */
    private static void assertSame(Trained one, Trained two, float lr) {
        for (int i = 0; i < ITERATIONS; i++) {
            double a = one.costs().get(i);
            double b = two.costs().get(i);
            assertTrue(Math.abs(a - b) <= COST_TOLERANCE * Math.max(1e-3, Math.abs(a)),
                    "iteration " + (i + 1) + ": cost " + a + " on one device, " + b + " on two");
        }
        for (int i = 0; i < ITERATIONS; i++) { // every figure of the iteration (a discriminator's loss among them)
            assertEquals(one.figures().get(i).keySet(), two.figures().get(i).keySet());
            for (String name : one.figures().get(i).keySet()) {
                double a = one.figures().get(i).get(name);
                double b = two.figures().get(i).get(name);
                assertTrue(Math.abs(a - b) <= COST_TOLERANCE * Math.max(1e-3, Math.abs(a)),
                        "iteration " + (i + 1) + ": " + name + " " + a + " on one device, " + b + " on two");
            }
        }
        assertEquals(one.weights().keySet(), two.weights().keySet(), "the same variables (no tower copies)");
        double largest = 0;
        for (String k : one.weights().keySet()) {
            assertArrayEquals(one.weights().get(k), two.weights().get(k), lr, k);
            float[] a = one.weights().get(k);
            float[] b = two.weights().get(k);
            for (int i = 0; i < a.length; i++) {
                largest = Math.max(largest, Math.abs(a[i] - b[i]));
            }
        }
        assertTrue(largest > 0 || one.costs().equals(two.costs()), "the towers ran");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cgml", "cimle", "baseline"})
    void toyOnTwoDevicesTrainsAsOnOne(String method) {
        Task toy = new ToyTask();
        TrainingConfig one = config(toy, method, 1, TrainingConfig.Lipschitz.PENALTY);
        assertSame(train(toy, one), train(toy, config(toy, method, 2, TrainingConfig.Lipschitz.PENALTY)),
                one.get(TrainingConfig.LEARNING_RATE));
    }

    /**
     * A 16 x 16 image task: cGML and cIMLE (H and G's fit split, with the Lipschitz penalty), and the methods with
     * pieces of their own (an adversary, an encoder, a second code), built once per tower.
     */
    @ParameterizedTest
    @CsvSource({"cgml,PENALTY", "cimle,PENALTY", "pix2pix,NONE", "context-encoder,NONE", "dsgan,NONE", "cvae,NONE",
            "bicyclegan,NONE"})
    void a16x16ImageOnTwoDevicesTrainsAsOnOne(String method, TrainingConfig.Lipschitz lipschitz) {
        Task image = SyntheticTask.images(16, 1, 2, 8, 4, CostFamily.l1());
        TrainingConfig one = config(image, method, 1, lipschitz);
        assertSame(train(image, one), train(image, config(image, method, 2, lipschitz)),
                one.get(TrainingConfig.LEARNING_RATE));
    }

    /** A two-device run resumes bit for bit: cGML (H and G's fit split) and DSGAN (built per tower). */
    @ParameterizedTest
    @CsvSource({"cgml,PENALTY", "dsgan,NONE"})
    void aTwoDeviceRunResumesBitForBit(String method, TrainingConfig.Lipschitz lipschitz, @TempDir Path dir) {
        Task image = SyntheticTask.images(16, 1, 2, 8, 4, CostFamily.l1());
        TrainingConfig config = config(image, method, 2, lipschitz);
        Trained straight = train(image, config);
        Checkpoints ckpt = new Checkpoints(dir.resolve("checkpoints"));
        try (Trainer t = new Trainer(image, image.data(1), config)) {
            for (int i = 0; i < ITERATIONS / 2; i++) {
                t.iterate();
            }
            ckpt.save(t);
        }
        try (Trainer t = new Trainer(image, image.data(1), config)) {
            assertEquals(ITERATIONS / 2, ckpt.restore(t));
            float cost = 0;
            for (int i = ITERATIONS / 2; i < ITERATIONS; i++) {
                cost = t.iterate().cost();
            }
            assertEquals(straight.costs().get(ITERATIONS - 1), cost, 0f);
            Map<String, float[]> resumed = t.model().variableValues();
            for (String k : straight.weights().keySet()) {
                assertArrayEquals(straight.weights().get(k), resumed.get(k), 0f, k);
            }
        }
    }

    /**
     * An extension not built per tower whose H and G objective is its own cannot be split, and says so; a batch that
     * does not split evenly is refused.
     */
    @Test
    void anUnsplittableExtensionAndAnUnevenBatchAreRefused() {
        Task image = SyntheticTask.images(16, 1, 2, 8, 4, CostFamily.l1());
        TrainingConfig two = config(image, "baseline", 2, TrainingConfig.Lipschitz.NONE);
        org.cgml.nn.graph.ModelGraph.Extension doubled = new org.cgml.nn.graph.ModelGraph.Extension() {
            @Override
            public org.cgml.nn.graph.Fit build(org.cgml.nn.graph.ModelGraph.Parts parts) {
                org.cgml.nn.graph.Fit.Fitted at = parts.fittedAt(parts.z());
                return new org.cgml.nn.graph.Fit(at, parts.tf().math.mul(parts.tf().constant(2f), at.meanCost()),
                        List.of());
            }
        };
        IllegalArgumentException own = assertThrows(IllegalArgumentException.class, () -> new org.cgml.nn.graph.ModelGraph(
                image, two, TrainingConfig.Lipschitz.NONE, true, doubled).close());
        assertTrue(own.getMessage().contains("devices = 1"), own.getMessage());
        TrainingConfig uneven = config(image, "cgml", 3, TrainingConfig.Lipschitz.NONE);
        IllegalArgumentException split = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(image, image.data(1), uneven).close());
        assertTrue(split.getMessage().contains("multiple of 3"), split.getMessage());
    }
}
