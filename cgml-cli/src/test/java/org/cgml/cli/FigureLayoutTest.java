package org.cgml.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;
import org.cgml.api.Task;
import org.cgml.nn.evaluation.Grid;
import org.junit.jupiter.api.Test;

/** Sample grids and bench titles as a reader sees them. */
class FigureLayoutTest {
    private static final int K = 8;

    /** Width of a grid of the template task's 16 x 16 pictures (drawn 4x) with {@code columns} columns. */
    private static int width(int columns) {
        return columns * (16 * 4 + 2) + 2;
    }

    private static float[] random(int n, Random r) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextFloat() * 2 - 1;
        }
        return v;
    }

    @Test
    void aMethodWithOneOutputIsDrawnOnceNotAsKIdenticalModes() {
        Task task = org.cgml.nn.plugin.Registry.installed().task("template");
        int n = 3;
        int out = task.outputSize();
        Random r = new Random(1);
        float[] x = random(n * task.inputSize(), r);
        float[] y = random(n * out, r);
        float[] one = random(n * out, r);
        float[] same = new float[n * K * out];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < K; k++) {
                System.arraycopy(one, i * out, same, (i * K + k) * out, out);
            }
        }
        BufferedImage baseline = Grid.samples(task, x, y, 0, n, K, same, null);
        assertEquals(width(3), baseline.getWidth(), "input, truth and one output column");
        BufferedImage firstColumn = baseline.getSubimage(2 + 2 * 66, 16, 64, 64);
        BufferedImage expected = task.presentation().image(one, 0, task.outputShape()).orElseThrow();
        assertEquals(expected.getRGB(5, 7), firstColumn.getRGB(5 * 4 + 1, 7 * 4 + 1), "the output is the method's");

        float[] modes = random(n * K * out, r);
        assertEquals(width(2 + K), Grid.samples(task, x, y, 0, n, K, modes, null).getWidth(), "K modes that differ");
        float[] oneDiffers = same.clone();
        oneDiffers[(2 * K + 5) * out + 3] += 0.5f;                // input 2, mode 6 differs in one value
        assertEquals(width(2 + K), Grid.samples(task, x, y, 0, n, K, oneDiffers, null).getWidth());
    }

    @Test
    void benchCurvesAreTitledInWords() {
        assertEquals("toy, task defaults, seeds 1 and 2 (mean, min to max)",
                Bench.convergenceTitle("toy", "-", List.of(1L, 2L)));
        assertEquals("mnist-multimodal, p=0.3, seed 7", Bench.convergenceTitle("mnist-multimodal", "p=0.3", List.of(7L)));
        assertEquals("inpainting, hole=8, size=32, seeds 1, 2 and 3 (mean, min to max)",
                Bench.convergenceTitle("inpainting", "hole=8;size=32", List.of(1L, 2L, 3L)));
    }
}
