package org.cgml.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LinearProbeTest {
    /** Three Gaussian blobs in 5-D; two informative dimensions. */
    private static double[][] blobs(int n, long seed, int[] labels) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] x = new double[n][5];
        double[][] centres = {{0, 0}, {3, 0}, {0, 3}};
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
            for (int j = 0; j < 5; j++) {
                x[i][j] = rng.nextGaussian() + (j < 2 ? centres[labels[i]][j] : 0);
            }
        }
        return x;
    }

    @Test
    void anUnconvergedFitStopsAtItsIterationLimitWithAResult() {
        int[] ytr = new int[300];
        int[] yte = new int[150];
        double[][] xtr = blobs(300, 1, ytr);
        double[][] xte = blobs(150, 2, yte);
        LinearProbe.Result few = new LinearProbe(0, 3).fitAndTest(xtr, ytr, xte, yte);
        assertTrue(few.accuracy() >= 0 && few.accuracy() <= 1);
        assertEquals(150, java.util.Arrays.stream(few.confusion()).flatMapToInt(java.util.Arrays::stream).sum());
    }

    @Test
    void separatesBlobsAndIsDeterministic() {
        int[] ytr = new int[300];
        int[] yte = new int[150];
        double[][] xtr = blobs(300, 1, ytr);
        double[][] xte = blobs(150, 2, yte);
        LinearProbe.Result a = new LinearProbe(1e-3, 200).fitAndTest(xtr, ytr, xte, yte);
        LinearProbe.Result b = new LinearProbe(1e-3, 200).fitAndTest(xtr, ytr, xte, yte);
        assertTrue(a.accuracy() > 0.85, "accuracy " + a.accuracy());
        assertEquals(a.accuracy(), b.accuracy());
        for (int k = 0; k < 3; k++) {
            assertArrayEquals(a.confusion()[k], b.confusion()[k]);
        }
        int total = 0;
        for (int[] row : a.confusion()) {
            for (int v : row) {
                total += v;
            }
        }
        assertEquals(150, total);
    }

    @Test
    void randomLabelsGiveChanceAccuracy() {
        int[] ytr = new int[300];
        int[] yte = new int[300];
        double[][] xtr = blobs(300, 3, ytr);
        double[][] xte = blobs(300, 4, yte);
        SplittableRandom rng = new SplittableRandom(9);
        for (int i = 0; i < ytr.length; i++) {
            ytr[i] = rng.nextInt(3);
            yte[i] = rng.nextInt(3);
        }
        double acc = new LinearProbe(1e-2, 200).fitAndTest(xtr, ytr, xte, yte).accuracy();
        assertTrue(acc < 0.45, "no signal, accuracy " + acc);
    }
}
