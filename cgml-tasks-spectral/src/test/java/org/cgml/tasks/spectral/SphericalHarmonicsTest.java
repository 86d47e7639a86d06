package org.cgml.tasks.spectral;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;

class SphericalHarmonicsTest {

    /** Cartesian formulas of the real orthonormal harmonics for l <= 2 (no Condon-Shortley phase), at index(l, m). */
    private static double cartesian(int index, double x, double y, double z) {
        double c1 = Math.sqrt(3 / (4 * Math.PI));
        double c2 = 0.5 * Math.sqrt(15 / Math.PI);
        return switch (index) {
            case 0 -> 1 / (2 * Math.sqrt(Math.PI));
            case 1 -> c1 * y;
            case 2 -> c1 * z;
            case 3 -> c1 * x;
            case 4 -> c2 * x * y;
            case 5 -> c2 * y * z;
            case 6 -> 0.25 * Math.sqrt(5 / Math.PI) * (3 * z * z - 1);
            case 7 -> c2 * x * z;
            case 8 -> 0.25 * Math.sqrt(15 / Math.PI) * (x * x - y * y);
            default -> throw new IllegalArgumentException("no formula for index " + index);
        };
    }

    private static double cartesian(int index, double theta, double phi) {
        return cartesian(index, Math.sin(theta) * Math.cos(phi), Math.sin(theta) * Math.sin(phi), Math.cos(theta));
    }

    /** f(theta_j, phi_k) on the grid of {@code sh}. */
    private static double[] sample(SphericalHarmonics sh, DoubleBinaryOperator f) {
        int n = sh.gridSize();
        double[] grid = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < n; k++) {
                grid[j * n + k] = f.applyAsDouble(sh.theta(j), sh.phi(k));
            }
        }
        return grid;
    }

    /** sum c_lm Y_lm on the grid of {@code sh}, evaluated point by point with the static {@code values}. */
    private static double[] direct(SphericalHarmonics sh, double[] coefficients, int degree) {
        double[] y = new double[SphericalHarmonics.count(degree)];
        return sample(sh, (theta, phi) -> {
            SphericalHarmonics.values(degree, theta, phi, y);
            double f = 0;
            for (int i = 0; i < y.length; i++) {
                f += coefficients[i] * y[i];
            }
            return f;
        });
    }

    private static double[] random(int degree, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] c = new double[SphericalHarmonics.count(degree)];
        for (int i = 0; i < c.length; i++) {
            c[i] = 2 * r.nextDouble() - 1;
        }
        return c;
    }

    private static double maxAbsDifference(double[] a, double[] b) {
        assertEquals(a.length, b.length);
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    private static double maxAbs(double[] a) {
        return maxAbsDifference(a, new double[a.length]);
    }

    /** Legendre polynomial P_k(x) by Bonnet's recurrence (independent of the code under test). */
    private static double legendrePolynomial(int k, double x) {
        double previous = 1;
        double current = x;
        if (k == 0) {
            return 1;
        }
        for (int i = 1; i < k; i++) {
            double next = ((2 * i + 1) * x * current - i * previous) / (i + 1);
            previous = current;
            current = next;
        }
        return current;
    }

    @Test
    void valuesMatchTheCartesianFormulasUpToDegreeTwo() {
        SplittableRandom r = new SplittableRandom(1);
        for (int trial = 0; trial < 200; trial++) {
            double theta = Math.acos(2 * r.nextDouble() - 1);
            double phi = 2 * Math.PI * r.nextDouble();
            double[] all = new double[9];
            SphericalHarmonics.values(2, theta, phi, all);
            for (int l = 0; l <= 2; l++) {
                for (int m = -l; m <= l; m++) {
                    int i = SphericalHarmonics.index(l, m);
                    double expected = cartesian(i, theta, phi);
                    assertEquals(expected, SphericalHarmonics.value(l, m, theta, phi), 1e-13, "Y(" + l + ", " + m + ")");
                    assertEquals(expected, all[i], 1e-13, "values Y(" + l + ", " + m + ")");
                }
            }
        }
    }

    @Test
    void gridIsTheDriscollHealyGrid() {
        SphericalHarmonics sh = new SphericalHarmonics(7);
        assertEquals(7, sh.degree());
        assertEquals(16, sh.gridSize());
        assertEquals(Math.PI / 32, sh.theta(0), 1e-15);
        assertEquals(Math.PI * 31 / 32, sh.theta(15), 1e-15);
        assertEquals(2 * Math.PI * 3 / 16, sh.phi(3), 1e-15);
        double[] d = sh.direction(5, 3);
        assertEquals(Math.sin(sh.theta(5)) * Math.cos(sh.phi(3)), d[0], 1e-15);
        assertEquals(Math.sin(sh.theta(5)) * Math.sin(sh.phi(3)), d[1], 1e-15);
        assertEquals(Math.cos(sh.theta(5)), d[2], 1e-15);
        assertThrows(IllegalArgumentException.class, () -> sh.theta(16));
        assertThrows(IllegalArgumentException.class, () -> new SphericalHarmonics(-1));
    }

    @Test
    void weightsIntegrateLegendrePolynomialsBelowDegreeTwoBExactly() {
        for (int degree : new int[] {0, 1, 4, 16, 31, 63}) {
            SphericalHarmonics sh = new SphericalHarmonics(degree);
            int n = sh.gridSize();
            for (int k = 0; k < n; k++) {
                double sum = 0;
                for (int j = 0; j < n; j++) {
                    sum += sh.weight(j) * legendrePolynomial(k, Math.cos(sh.theta(j)));
                }
                assertEquals(k == 0 ? 2 : 0, sum, 1e-12, "L = " + degree + ", integral of P_" + k);
            }
            double beyond = 0;
            for (int j = 0; j < n; j++) {
                beyond += sh.weight(j) * legendrePolynomial(n, Math.cos(sh.theta(j)));
            }
            assertTrue(Math.abs(beyond) > 1e-8, "P_2B is not integrated exactly: " + beyond);
        }
    }

    @Test
    void harmonicsAreOrthonormalUnderTheQuadrature() {
        int degree = 10;
        SphericalHarmonics sh = new SphericalHarmonics(degree);
        int n = sh.gridSize();
        int count = SphericalHarmonics.count(degree);
        double[][] gram = new double[count][count];
        double[] y = new double[count];
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < n; k++) {
                SphericalHarmonics.values(degree, sh.theta(j), sh.phi(k), y);
                double w = sh.weight(j) * 2 * Math.PI / n;
                for (int a = 0; a < count; a++) {
                    for (int b = 0; b < count; b++) {
                        gram[a][b] += w * y[a] * y[b];
                    }
                }
            }
        }
        for (int a = 0; a < count; a++) {
            for (int b = 0; b < count; b++) {
                assertEquals(a == b ? 1 : 0, gram[a][b], 1e-10, "Gram (" + a + ", " + b + ")");
            }
        }
    }

    @Test
    void analysisOfTheCartesianFormulasReturnsTheirCoefficients() {
        double[] weights = {0.7, -0.2, 1.3, 0.05, -0.9, 0.4, 2.0, -1.1, 0.6};
        for (int degree : new int[] {2, 5}) {
            SphericalHarmonics sh = new SphericalHarmonics(degree);
            double[] grid = sample(sh, (theta, phi) -> {
                double f = 0;
                for (int i = 0; i < weights.length; i++) {
                    f += weights[i] * cartesian(i, theta, phi);
                }
                return f;
            });
            double[] c = sh.analyse(grid);
            double[] expected = new double[c.length];
            System.arraycopy(weights, 0, expected, 0, weights.length);
            assertTrue(maxAbsDifference(expected, c) < 1e-6, "L = " + degree + ": " + maxAbsDifference(expected, c));
        }
    }

    @Test
    void analysisOfARandomBandLimitedSumReturnsItsCoefficients() {
        int degree = 16;
        double[] c = random(degree, 7);
        SphericalHarmonics sh = new SphericalHarmonics(degree);
        double error = maxAbsDifference(c, sh.analyse(direct(sh, c, degree)));
        System.out.printf("analysis of a random degree-16 sum: max coefficient error %.2e%n", error);
        assertTrue(error < 1e-6, "max error " + error);
        // a finer transform finds nothing above degree 16
        SphericalHarmonics finer = new SphericalHarmonics(21);
        double[] wide = finer.analyse(direct(finer, c, degree));
        double[] padded = new double[wide.length];
        System.arraycopy(c, 0, padded, 0, c.length);
        assertTrue(maxAbsDifference(padded, wide) < 1e-6, "finer transform: " + maxAbsDifference(padded, wide));
    }

    @Test
    void synthesisMatchesDirectEvaluationAndInvertsAnalysis() {
        for (int degree : new int[] {0, 3, 16, 31}) {
            double[] c = random(degree, degree);
            SphericalHarmonics sh = new SphericalHarmonics(degree);
            double[] f = direct(sh, c, degree);
            double scale = maxAbs(f);
            double[] synthesised = sh.synthesise(c);
            assertTrue(maxAbsDifference(f, synthesised) < 1e-12 * scale, "synthesis, L = " + degree);
            double[] round = sh.synthesise(sh.analyse(f));
            double relative = maxAbsDifference(f, round) / scale;
            assertTrue(relative < 1e-9, "L = " + degree + ": relative error " + relative);
        }
    }

    @Test
    void functionsAboveTheBandLimitAreNotAnalysedExactly() {
        int degree = 8;
        SphericalHarmonics sh = new SphericalHarmonics(degree);
        double[] c = random(degree, 3);
        double[] low = direct(sh, c, degree);
        // Y_{L+1,m} products with Y_lm stay below 2B and are still orthogonal; Y_{L+3,m} and e^z are not
        double[] high = sample(sh, (theta, phi) -> SphericalHarmonics.value(degree + 3, 2, theta, phi));
        double[] sum = low.clone();
        for (int i = 0; i < sum.length; i++) {
            sum[i] += high[i];
        }
        double aliased = maxAbsDifference(c, sh.analyse(sum));
        assertTrue(aliased > 1e-3, "degree L + 3 aliases into the coefficients: " + aliased);
        double[] exp = sample(sh, (theta, phi) -> Math.exp(2 * Math.cos(theta)));
        double relative = maxAbsDifference(exp, sh.synthesise(sh.analyse(exp))) / maxAbs(exp);
        assertTrue(relative > 1e-9, "e^(2z) is not reproduced by degree " + degree + ": " + relative);
    }

    @Test
    void degreeNormsAreRotationInvariantForBandLimitedFunctions() {
        int degree = 6;
        double[] c = random(degree, 11);
        SphericalHarmonics sh = new SphericalHarmonics(degree);
        double[] rotation = Shapes.randomRotation(new SplittableRandom(5));
        double[] y = new double[c.length];
        // f_R(x) = f(R^T x)
        double[] rotated = sample(sh, (theta, phi) -> {
            double x = Math.sin(theta) * Math.cos(phi);
            double yy = Math.sin(theta) * Math.sin(phi);
            double z = Math.cos(theta);
            double rx = rotation[0] * x + rotation[3] * yy + rotation[6] * z;
            double ry = rotation[1] * x + rotation[4] * yy + rotation[7] * z;
            double rz = rotation[2] * x + rotation[5] * yy + rotation[8] * z;
            SphericalHarmonics.values(degree, Math.acos(Math.max(-1, Math.min(1, rz))), Math.atan2(ry, rx), y);
            double f = 0;
            for (int i = 0; i < y.length; i++) {
                f += c[i] * y[i];
            }
            return f;
        });
        double[] rc = sh.analyse(rotated);
        assertTrue(maxAbsDifference(c, rc) > 1e-2, "the rotation changes the coefficients");
        assertArrayEquals(SphericalHarmonics.degreeNorms(c, degree), SphericalHarmonics.degreeNorms(rc, degree),
                1e-10);
        double[] norms = SphericalHarmonics.degreeNorms(c, 1);
        assertEquals(2, norms.length);
        assertEquals(Math.abs(c[0]), norms[0], 0);
        assertEquals(Math.sqrt(c[1] * c[1] + c[2] * c[2] + c[3] * c[3]), norms[1], 1e-15);
    }

    @Test
    void mapPackingUsesEveryCellOnceAndRoundTrips() {
        for (int degree : new int[] {0, 1, 3, 16}) {
            SphericalHarmonics sh = new SphericalHarmonics(degree);
            int n = degree + 1;
            assertEquals(n, sh.mapSize());
            int[] used = new int[n * n];
            for (int l = 0; l <= degree; l++) {
                for (int m = -l; m <= l; m++) {
                    int cell = sh.mapCell(l, m);
                    used[cell]++;
                    int row = cell / n;
                    int col = cell % n;
                    assertEquals(m >= 0, col <= row, "non-negative orders in the lower triangle");
                    assertEquals(l, sh.mapDegree(row, col));
                    assertEquals(m, sh.mapOrder(row, col));
                }
            }
            for (int cell = 0; cell < n * n; cell++) {
                assertEquals(1, used[cell], "cell " + cell + " of L = " + degree);
            }
            double[] c = random(degree, 2);
            float[] map = sh.toMap(c, 0.25);
            float[] shifted = new float[map.length + 5];
            System.arraycopy(map, 0, shifted, 5, map.length);
            double[] back = sh.fromMap(shifted, 5, 0.25);
            for (int row = 0; row < n; row++) {
                for (int col = 0; col < n; col++) {
                    int i = SphericalHarmonics.index(sh.mapDegree(row, col), sh.mapOrder(row, col));
                    assertEquals((float) (c[i] / 0.25), map[row * n + col], 0, "map holds c / scale");
                    assertEquals(c[i], back[i], 1e-7 * Math.abs(c[i]), "coefficient " + i);
                }
            }
        }
        // the L = 3 picture of the class comment
        SphericalHarmonics sh = new SphericalHarmonics(3);
        int[][] expected = {{0, 0, 1, -1, 2, -1, 3, -1}, {1, 0, 1, 1, 2, -2, 3, -2}, {2, 0, 2, 1, 2, 2, 3, -3},
            {3, 0, 3, 1, 3, 2, 3, 3}};
        for (int row = 0; row < 4; row++) {
            for (int col = 0; col < 4; col++) {
                assertEquals(expected[row][2 * col], sh.mapDegree(row, col), "degree at " + row + ", " + col);
                assertEquals(expected[row][2 * col + 1], sh.mapOrder(row, col), "order at " + row + ", " + col);
            }
        }
    }

    @Test
    void wrongSizesAreRejected() {
        SphericalHarmonics sh = new SphericalHarmonics(4);
        assertThrows(IllegalArgumentException.class, () -> sh.analyse(new double[99]));
        assertThrows(IllegalArgumentException.class, () -> sh.synthesise(new double[24]));
        assertThrows(IllegalArgumentException.class, () -> sh.toMap(new double[24], 1));
        assertThrows(IllegalArgumentException.class, () -> sh.toMap(new double[25], 0));
        assertThrows(IllegalArgumentException.class, () -> sh.fromMap(new float[30], 6, 1));
        assertThrows(IllegalArgumentException.class, () -> sh.mapDegree(5, 0));
        assertThrows(IllegalArgumentException.class, () -> sh.mapCell(5, 0));
        assertThrows(IllegalArgumentException.class, () -> SphericalHarmonics.degreeNorms(new double[8], 2));
    }

    @Test
    @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "cgml.bench", matches = "true")
    void transformTiming() {
        SphericalHarmonics sh = new SphericalHarmonics(31);
        double[] f = sh.synthesise(random(31, 1));
        double[] c = null;
        for (int warm = 0; warm < 20; warm++) {
            c = sh.analyse(f);
            sh.synthesise(c);
        }
        int reps = 50;
        long start = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            c = sh.analyse(f);
        }
        double analyse = (System.nanoTime() - start) / 1e6 / reps;
        start = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            sh.synthesise(c);
        }
        double synthesise = (System.nanoTime() - start) / 1e6 / reps;
        System.out.printf("L = 31 (64 x 64 grid): analyse %.3f ms, synthesise %.3f ms%n", analyse, synthesise);
        assertTrue(c.length == 32 * 32);
    }
}
