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

    /**
     * Three CG iterations do not converge, yet the weights reached are used: on two classes mirrored about 0 in 1-D the
     * boundary is 0 by symmetry, so a test set with three points on the wrong side of 0 scores exactly 5 of 8.
     */
    @Test
    void anUnconvergedFitStopsAtItsIterationLimitWithTheBoundaryItReached() {
        double[][] xtr = {{-3}, {-2}, {-1}, {1}, {2}, {3}};
        int[] ytr = {0, 0, 0, 1, 1, 1};
        double[][] xte = {{-2}, {-1}, {-0.5}, {0.5}, {1}, {2}, {2.5}, {3}};
        int[] yte = {0, 0, 1, 1, 1, 0, 0, 1};
        LinearProbe.Result few = new LinearProbe(0, 3).fitAndTest(xtr, ytr, xte, yte);
        assertEquals(5 / 8.0, few.accuracy(), 1e-12);
        assertArrayEquals(new int[] {2, 2}, few.confusion()[0], "class 0: two right, the points at 2 and 2.5 called 1");
        assertArrayEquals(new int[] {1, 3}, few.confusion()[1], "class 1: the point at -0.5 called 0");
    }

    /**
     * Features that say nothing (every row the same) leave the weights at zero and the balanced classes' biases equal:
     * every test row goes to the first class, which is chance on balanced classes, exactly 1/3.
     */
    @Test
    void constantFeaturesScoreChance() {
        int[] ytr = new int[30];
        int[] yte = new int[30];
        double[][] xtr = new double[30][4];
        double[][] xte = new double[30][4];
        for (int i = 0; i < 30; i++) {
            ytr[i] = i % 3;
            yte[i] = (i + 1) % 3;
            java.util.Arrays.fill(xtr[i], 0.0);
            java.util.Arrays.fill(xte[i], 0.0);
        }
        LinearProbe.Result r = new LinearProbe(1e-3, 50).fitAndTest(xtr, ytr, xte, yte);
        assertEquals(1 / 3.0, r.accuracy(), 1e-12);
        for (int k = 0; k < 3; k++) {
            assertArrayEquals(new int[] {10, 0, 0}, r.confusion()[k], "class " + k);
        }
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
