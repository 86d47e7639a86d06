package org.cgml.tasks.image.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.cgml.api.Dataset;
import org.cgml.api.Task;
import org.cgml.api.TrainingConfig;
import org.cgml.tasks.image.data.Idx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistMultimodalTest {

    /** Writes tiny MNIST-like IDX files: each "digit" a filled 20x20 square of grey level 200 + noise. */
    static void fakeMnist(Path dir, int count) throws Exception {
        byte[] data = new byte[count * 28 * 28];
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < count; i++) {
            for (int y = 4; y < 24; y++) {
                for (int x = 4; x < 24; x++) {
                    data[i * 784 + y * 28 + x] = (byte) (200 + rng.nextInt(50));
                }
            }
        }
        Idx.write(dir.resolve("train-images-idx3-ubyte.gz"), new int[] {count, 28, 28}, data);
        Idx.write(dir.resolve("t10k-images-idx3-ubyte"), new int[] {count, 28, 28}, data);
    }

    private static Task task(Path dir, String p, String variant) {
        return new MnistMultimodal().withOptions(Map.of("data", dir.toString(), "p", p, "variant", variant));
    }

    @Test
    void withPOneEveryTargetCarriesTheBoxAndInputsHideTheTop(@TempDir Path dir) throws Exception {
        fakeMnist(dir, 10);
        MnistMultimodal t = (MnistMultimodal) task(dir, "1", "box");
        Dataset train = t.data(1).train();
        float[] x = new float[32 * 32];
        float[] y = new float[32 * 32];
        int[] bb = t.boxBounds();
        for (int i = 0; i < train.size(); i++) {
            train.example(i, 100 + i, x, 0, y, 0);
            assertEquals(1f, y[(bb[0] + 1) * 32 + bb[2] + 1], "box pixel");
            assertEquals(-1f, y[2 * 32 + 2], "rest of the top half cleared");
            assertEquals(0f, x[0], "input's top rows are masked");
            assertTrue(y[20 * 32 + 16] > 0.4f, "the bottom half stays the digit");
        }
    }

    @Test
    void withPZeroTargetsAreTheDigitAndMasksChangeWithTheEpochSeed(@TempDir Path dir) throws Exception {
        fakeMnist(dir, 10);
        Dataset train = task(dir, "0", "digit").data(1).train();
        float[] x1 = new float[1024];
        float[] x2 = new float[1024];
        float[] y = new float[1024];
        int differing = 0;
        for (long s = 0; s < 20; s++) {
            train.example(0, s, x1, 0, y, 0);
            train.example(0, s + 1000, x2, 0, y, 0);
            if (!java.util.Arrays.equals(x1, x2)) {
                differing++;
            }
            assertTrue(y[10 * 32 + 16] > 0.4f, "target keeps the digit's top");
        }
        assertTrue(differing > 5, "mask heights are redrawn per epoch seed: " + differing);
    }

    @Test
    void optionsAreValidatedAndMissingDataIsExplained(@TempDir Path dir) {
        assertThrows(IllegalArgumentException.class, () -> new MnistMultimodal().withOptions(Map.of("p", "1.5")));
        assertThrows(IllegalArgumentException.class, () -> new MnistMultimodal().withOptions(Map.of("variant", "bar")));
        org.cgml.api.TrainingConfig c = org.cgml.api.TrainingConfig.forTask(new MnistMultimodal()).build();
        assertTrue(c.get(TrainingConfig.DISTANCE) == org.cgml.api.Distance.L2
                && c.get(TrainingConfig.DYNAMICS_TAIL) == 5
                && c.origin(org.cgml.api.TrainingConfig.DISTANCE) == org.cgml.api.TrainingConfig.Origin.TASK,
                "task defaults: L2, Z on the last 5 steps, marked as the task's: " + c);
        assertThrows(IllegalArgumentException.class, () -> new MnistMultimodal().withOptions(Map.of("size", "24")));
        assertThrows(IllegalArgumentException.class, () -> new MnistMultimodal().withOptions(Map.of("nope", "1")));
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> task(dir, "0.2", "box").data(1));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte") && e.getMessage().contains("fetch-data.sh"),
                e.getMessage());
    }

    /**
     * The mode shares on hand-built samples: each sample is the input's clean digit, the digit with the white box, or
     * halfway between (every box pixel halfway to white, u = 0.5). Four inputs of three samples: (box, clean, clean),
     * (box, box, box), (clean, between, clean), (between, between, box); the truths are clean but for input 0 (box),
     * the oracle shows box, box, clean, clean.
     */
    @Test
    void modeSharesCountHandBuiltSamples(@TempDir Path dir) throws Exception {
        fakeMnist(dir, 10);
        MnistMultimodal task = (MnistMultimodal) task(dir, "0.5", "box");
        long seed = 4;
        org.cgml.api.Evaluation.View view = task.evaluation().views(task, task.data(seed).test(), seed).get(0);
        Dataset clean = task(dir, "0", "box").data(seed).test();
        int n = 4;
        int k = 3;
        int cells = 32 * 32;
        float[] x = new float[n * cells];
        float[] cleanY = new float[n * cells];
        float[] ignored = new float[cells];
        for (int i = 0; i < n; i++) {
            view.test().example(i, seed + i, x, i * cells, ignored, 0);
            clean.example(i, seed + i, ignored, 0, cleanY, i * cells);
        }
        char[][] modes = {{'b', 'c', 'c'}, {'b', 'b', 'b'}, {'c', 'h', 'c'}, {'h', 'h', 'b'}};
        float[] outputs = new float[n * k * cells];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                shown(task, cleanY, i, modes[i][j], outputs, (i * k + j) * cells);
            }
        }
        float[] targets = new float[n * cells];
        float[] oracle = new float[n * cells];
        char[] truth = {'b', 'c', 'c', 'c'};
        char[] atOracle = {'b', 'b', 'c', 'c'};
        for (int i = 0; i < n; i++) {
            shown(task, cleanY, i, truth[i], targets, i * cells);
            shown(task, cleanY, i, atOracle[i], oracle, i * cells);
        }
        Map<String, Double> figures = new java.util.HashMap<>();
        Map<String, Double> references = new java.util.HashMap<>();
        task.evaluation().score(new org.cgml.api.Evaluation.Samples(view, seed, n, k, x, targets, outputs, oracle, null),
                new org.cgml.api.Evaluation.Figures() {
                    @Override
                    public void add(String metric, double value) {
                        figures.put(metric, value);
                    }

                    @Override
                    public void reference(String reference, String metric, double value) {
                        references.put(reference + "/" + metric, value);
                    }
                });
        assertEquals(5 / 12.0, figures.get("share_box"), 1e-12, figures.toString());
        assertEquals(4 / 12.0, figures.get("share_no_box"), 1e-12);
        assertEquals(3 / 12.0, figures.get("share_between"), 1e-12);
        assertEquals(1 / 4.0, figures.get("inputs_reaching_both_modes"), 1e-12, "input 0 alone shows box and clean");
        assertEquals(1.0, figures.get("oracle_box_given_box_target"), 1e-12);
        assertEquals(2 / 3.0, figures.get("oracle_clean_given_clean_target"), 1e-12);
        assertEquals(1 / 4.0, references.get("truth/share_box"), 1e-12);
        assertEquals(3 / 4.0, references.get("truth/share_no_box"), 1e-12);
        assertEquals(0.0, references.get("truth/share_between"), 1e-12);
    }

    /** Input i's clean digit ('c'), with the white box ('b'), or every box pixel halfway to white ('h'). */
    private static void shown(MnistMultimodal task, float[] cleanY, int i, char mode, float[] out, int off) {
        int cells = 32 * 32;
        System.arraycopy(cleanY, i * cells, out, off, cells);
        int[] bb = task.boxBounds();
        for (int y = bb[0]; y < bb[1]; y++) {
            for (int x = bb[2]; x < bb[3]; x++) {
                float v = out[off + y * 32 + x];
                out[off + y * 32 + x] = mode == 'b' ? 1f : mode == 'h' ? (v + 1) / 2 : v;
            }
        }
    }
}
