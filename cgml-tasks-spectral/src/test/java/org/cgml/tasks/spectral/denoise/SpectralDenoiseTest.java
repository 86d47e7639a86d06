package org.cgml.tasks.spectral.denoise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.cgml.api.Dataset;
import org.cgml.api.Task;
import org.cgml.api.TaskData;
import org.cgml.api.TaskProvider;
import org.cgml.tasks.spectral.SpectralBasis;
import org.junit.jupiter.api.Test;

class SpectralDenoiseTest {

    private static Task task(Map<String, String> options) {
        return new SpectralDenoise().withOptions(options);
    }

    @Test
    void foundThroughItsPluginModule() {
        com.google.inject.Injector injector = com.google.inject.Guice.createInjector(org.cgml.api.Plugin.installed());
        Map<String, TaskProvider> tasks = injector.getInstance(com.google.inject.Key.get(
                new com.google.inject.TypeLiteral<Map<String, TaskProvider>>() { }));
        assertEquals(java.util.Set.of("spectral-denoise"), tasks.keySet());
        assertEquals("spectral-denoise", injector.getInstance(com.google.inject.Key.get(Task.class,
                com.google.inject.name.Names.named("spectral-denoise"))).name());
    }

    @Test
    void optionsAreCheckedWithClearMessages() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> task(Map.of("basis", "fourier")))
                .getMessage().contains("--basis must be one of sh, zernike"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> task(Map.of("degree", "20")))
                .getMessage().contains("power of two"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> task(Map.of("mask-min", "0.6", "mask-max", "0.5")))
                .getMessage().contains("mask-min"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> task(Map.of("noise", "-1")))
                .getMessage().contains("noise"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> task(Map.of("colour", "red")))
                .getMessage().contains("--colour"));
        Task t = task(Map.of("basis", "zernike", "degree", "31"));
        assertEquals(SpectralBasis.ZERNIKE_3D, ((SpectralDenoise) t).settings().basis());
        assertArrayEquals(new int[] {32, 32, 2}, t.inputShape());
        assertArrayEquals(new int[] {32, 32, 1}, t.outputShape());
    }

    @Test
    void maskedInputsHideASquareAndFinishKeepsKnownCells() {
        SpectralDenoise t = (SpectralDenoise) task(Map.of("mask-min", "0.25", "mask-max", "0.25"));
        int cells = 16 * 16;
        float[] map = new float[cells];
        for (int i = 0; i < cells; i++) {
            map[i] = (i % 7) / 10f + 0.05f;
        }
        float[] in = new float[2 * cells];
        t.corrupt(map, new SplittableRandom(3), in, 0);
        int hidden = 0;
        for (int i = 0; i < cells; i++) {
            if (in[2 * i + 1] == 0f) {
                hidden++;
                assertEquals(0f, in[2 * i]);
            } else {
                assertEquals(map[i], in[2 * i]);
            }
        }
        assertEquals(16, hidden, "a 4x4 square of a 16x16 map");
        float[] out = new float[cells];
        t.finish(in, 0, out, 0);
        for (int i = 0; i < cells; i++) {
            assertEquals(in[2 * i + 1] == 0f ? 0f : map[i], out[i]);
        }
    }

    @Test
    void noisyInputsKeepEveryCellAndAddNoiseOfTheAskedSize() {
        SpectralDenoise t = (SpectralDenoise) task(Map.of("corruption", "noise", "noise", "0.5"));
        int cells = 16 * 16;
        float[] map = new float[cells];
        java.util.Arrays.fill(map, 0.2f);
        float[] in = new float[2 * cells];
        t.corrupt(map, new SplittableRandom(5), in, 0);
        double var = 0;
        for (int i = 0; i < cells; i++) {
            assertEquals(1f, in[2 * i + 1]);
            var += (in[2 * i] - 0.2) * (in[2 * i] - 0.2);
        }
        double sd = Math.sqrt(var / cells);
        assertEquals(0.1, sd, 0.02, "noise sd = 0.5 x RMS 0.2");
    }

    @Test
    void syntheticDataSplitsAndRedrawsCorruptionsPerEpoch() {
        Task t = task(Map.of("data", "synthetic:20"));
        TaskData d = t.data(1);
        assertEquals(16, d.train().size());
        assertEquals(4, d.test().size());
        Dataset train = d.train();
        float[] x1 = new float[t.inputSize()];
        float[] x2 = new float[t.inputSize()];
        float[] y1 = new float[t.outputSize()];
        float[] y2 = new float[t.outputSize()];
        train.example(0, 11, x1, 0, y1, 0);
        train.example(0, 12, x2, 0, y2, 0);
        assertArrayEquals(y1, y2, "same clean target");
        assertNotEquals(java.util.Arrays.toString(x1), java.util.Arrays.toString(x2), "corruption redrawn");
        float[] t1 = new float[t.inputSize()];
        float[] t2 = new float[t.inputSize()];
        d.test().example(1, 5, t1, 0, y1, 0);
        d.test().example(1, 99, t2, 0, y2, 0);
        assertArrayEquals(t1, t2, "held-out corruptions are fixed");
        for (float v : y1) {
            assertTrue(v >= -1 && v <= 1, "maps lie in [-1, 1]: " + v);
        }
        assertTrue(t.presentation().image(x1, 0, t.inputShape()).isPresent());
    }

    @Test
    void missingDataFolderNamesTheFetchScript() {
        Task t = task(Map.of("data", "/nonexistent/shapes"));
        Exception e = assertThrows(RuntimeException.class, () -> t.data(1));
        assertTrue(String.valueOf(e.getCause()).contains("fetch-data.sh shapes"), String.valueOf(e.getCause()));
    }
}
