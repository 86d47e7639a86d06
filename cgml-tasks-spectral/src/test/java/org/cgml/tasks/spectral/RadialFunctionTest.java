package org.cgml.tasks.spectral;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

class RadialFunctionTest {

    private static Mesh translated(Mesh mesh, double x, double y, double z) {
        double[] v = mesh.vertices();
        for (int i = 0; i < v.length; i += 3) {
            v[i] += x;
            v[i + 1] += y;
            v[i + 2] += z;
        }
        return new Mesh(mesh.name(), v, mesh.triangles());
    }

    private static Mesh scaled(Mesh mesh, double s) {
        return mesh.transformed(new double[] {s, 0, 0, 0, s, 0, 0, 0, s});
    }

    /** Random triangles in the unit ball, small and large, some passing near or through the origin. */
    private static Mesh soup(int triangles, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[9 * triangles];
        int[] t = new int[3 * triangles];
        for (int i = 0; i < triangles; i++) {
            double[] centre = {2 * r.nextDouble() - 1, 2 * r.nextDouble() - 1, 2 * r.nextDouble() - 1};
            double size = i % 3 == 0 ? 1 : 0.05;
            for (int c = 0; c < 3; c++) {
                for (int axis = 0; axis < 3; axis++) {
                    v[9 * i + 3 * c + axis] = Math.max(-1, Math.min(1, centre[axis] * (i % 5 == 0 ? 0.01 : 0.6)
                            + size * (r.nextDouble() - 0.5)));
                }
                t[3 * i + c] = 3 * i + c;
            }
        }
        v[0] = 0;
        v[1] = 0;
        v[2] = 0;
        return new Mesh("soup", v, t);
    }

    @Test
    void unitSphereIsAtDistanceOneEverywhere() {
        SphericalHarmonics grid = new SphericalHarmonics(15);
        double[] r = RadialFunction.of(Shapes.sphere(4), grid);
        for (int i = 0; i < r.length; i++) {
            assertTrue(r[i] > 0.99 && r[i] <= 1 + 1e-9, "ray " + i + ": " + r[i]);
        }
    }

    @Test
    void boxGivesTheAnalyticDistanceToItsSurface() {
        double[][] boxes = {{0.9, 0.6, 0.35}, {0.5, 0.5, 0.5}, {0.2, 0.8, 0.4}};
        for (double[] half : boxes) {
            for (int degree : new int[] {7, 16}) {
                SphericalHarmonics grid = new SphericalHarmonics(degree);
                double[] r = RadialFunction.of(Shapes.box(half[0], half[1], half[2], 1), grid);
                int n = grid.gridSize();
                for (int j = 0; j < n; j++) {
                    for (int k = 0; k < n; k++) {
                        double[] d = grid.direction(j, k);
                        double expected = Double.POSITIVE_INFINITY;
                        for (int axis = 0; axis < 3; axis++) {
                            expected = Math.min(expected, half[axis] / Math.abs(d[axis]));
                        }
                        assertEquals(expected, r[j * n + k], 1e-9, "box " + half[0] + " x " + half[1] + " x "
                                + half[2] + ", ray (" + j + ", " + k + ")");
                    }
                }
            }
        }
    }

    @Test
    void raysThatMissTheMeshGiveZero() {
        // a sphere of radius 0.2 centred at (0.5, 0, 0): seen within asin(0.4) of +x, far hit on the sphere
        double radius = 0.2;
        double centre = 0.5;
        Mesh ball = translated(scaled(Shapes.sphere(4), radius), centre, 0, 0);
        SphericalHarmonics grid = new SphericalHarmonics(31);
        double[] r = RadialFunction.of(ball, grid);
        int n = grid.gridSize();
        double edge = Math.asin(radius / centre);
        int hits = 0;
        int misses = 0;
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < n; k++) {
                double[] d = grid.direction(j, k);
                double angle = Math.acos(d[0]);
                double value = r[j * n + k];
                if (angle > edge + 0.02) {
                    assertEquals(0, value, 0, "ray (" + j + ", " + k + ") misses");
                    misses++;
                } else if (angle < edge - 0.05) {
                    double b = centre * d[0];
                    double far = b + Math.sqrt(b * b - centre * centre + radius * radius);
                    assertEquals(far, value, 2e-3, "far side of the ball along ray (" + j + ", " + k + ")");
                    hits++;
                }
            }
        }
        assertTrue(hits > 50 && misses > 3000, hits + " hits, " + misses + " misses");
        // an open mesh: one triangle in the plane z = 0.5 is seen only from the upper hemisphere
        Mesh roof = new Mesh("roof", new double[] {-3, -3, 0.5, 3, -3, 0.5, 0, 4, 0.5}, new int[] {0, 1, 2});
        double[] roofR = RadialFunction.of(roof, new SphericalHarmonics(15));
        SphericalHarmonics g = new SphericalHarmonics(15);
        for (int j = 0; j < g.gridSize(); j++) {
            double cos = Math.cos(g.theta(j));
            for (int k = 0; k < g.gridSize(); k++) {
                double value = roofR[j * g.gridSize() + k];
                if (cos < 0) {
                    assertEquals(0, value, 0, "lower hemisphere misses the roof");
                } else if (cos > 0.3) {
                    assertEquals(0.5 / cos, value, 1e-12, "roof along ray (" + j + ", " + k + ")");
                }
            }
        }
    }

    @Test
    void theFarthestHitCounts() {
        Mesh nested = scaled(Shapes.sphere(3), 0.5).merged(Shapes.sphere(3));
        Mesh reversed = Shapes.sphere(3).merged(scaled(Shapes.sphere(3), 0.5));
        SphericalHarmonics grid = new SphericalHarmonics(12);
        double[] r = RadialFunction.of(nested, grid);
        for (double value : r) {
            assertTrue(value > 0.99 && value <= 1 + 1e-9, "outer sphere: " + value);
        }
        assertArrayEquals(r, RadialFunction.of(reversed, grid), 0, "independent of triangle order");
        double[] inner = RadialFunction.of(scaled(Shapes.sphere(3), 0.5), grid);
        for (double value : inner) {
            assertTrue(value > 0.49 && value <= 0.5 + 1e-9, "inner sphere alone: " + value);
        }
    }

    @Test
    void acceleratedCastingAgreesExactlyWithBruteForce() {
        Mesh[] meshes = {Shapes.family(3, 0), Shapes.family(3, 1), Shapes.family(3, 2), Shapes.family(3, 7),
            Shapes.torus(0.7, 0.25, 24), Shapes.torus(0.6, 0.35, 17).transformed(
                    Shapes.randomRotation(new SplittableRandom(9))),
            Shapes.box(0.5, 0.5, 0.5, 3), translated(Shapes.sphere(2), 0.3, -0.2, 0.1), soup(400, 12)};
        for (int degree : new int[] {8, 21}) {
            SphericalHarmonics grid = new SphericalHarmonics(degree);
            for (Mesh mesh : meshes) {
                double[] brute = RadialFunction.bruteForce(mesh, grid);
                double[] fast = RadialFunction.of(mesh, grid, false);
                assertArrayEquals(brute, fast, 0, mesh.name() + " at L = " + degree);
                assertArrayEquals(fast, RadialFunction.of(mesh, grid, true), 0, mesh.name() + " in parallel");
            }
        }
    }

    @Test
    void degreeNormsOfAnEllipsoidBarelyChangeUnderRotation() {
        int degree = 8;
        SphericalHarmonics sh = new SphericalHarmonics(degree);
        Mesh ellipsoid = Shapes.ellipsoid(1, 0.7, 0.5);
        double[] reference = SphericalHarmonics.degreeNorms(sh.analyse(RadialFunction.of(ellipsoid, sh)), degree);
        double total = 0;
        for (double v : reference) {
            total += v * v;
        }
        total = Math.sqrt(total);
        SplittableRandom random = new SplittableRandom(4);
        double worst = 0;
        double worstCoefficientChange = 0;
        double[] c0 = sh.analyse(RadialFunction.of(ellipsoid, sh));
        for (int trial = 0; trial < 10; trial++) {
            Mesh rotated = ellipsoid.transformed(Shapes.randomRotation(random));
            double[] c = sh.analyse(RadialFunction.of(rotated, sh));
            double[] norms = SphericalHarmonics.degreeNorms(c, degree);
            double change = 0;
            double coefficientChange = 0;
            for (int l = 0; l <= degree; l++) {
                change += (norms[l] - reference[l]) * (norms[l] - reference[l]);
            }
            for (int i = 0; i < c.length; i++) {
                coefficientChange += (c[i] - c0[i]) * (c[i] - c0[i]);
            }
            worst = Math.max(worst, Math.sqrt(change) / total);
            worstCoefficientChange = Math.max(worstCoefficientChange, Math.sqrt(coefficientChange) / total);
        }
        System.out.printf("ellipsoid 1 x 0.7 x 0.5, L = %d: degree norms change by at most %.3f %% of their norm "
                + "under 10 random rotations (the coefficients by %.1f %%)%n", degree, 100 * worst,
                100 * worstCoefficientChange);
        assertTrue(worstCoefficientChange > 0.05, "the rotations do change the coefficients");
        assertTrue(worst < 0.005, "degree norms changed by " + worst);
    }

    @Test
    void ellipsoidSpectrumDecays() {
        int degree = 16;
        SphericalHarmonics sh = new SphericalHarmonics(degree);
        double[] norms = SphericalHarmonics.degreeNorms(sh.analyse(RadialFunction.of(Shapes.ellipsoid(1, 0.7, 0.5),
                sh)), degree);
        StringBuilder line = new StringBuilder("ellipsoid 1 x 0.7 x 0.5 degree norms (L = 16):");
        for (double v : norms) {
            line.append(String.format(" %.2e", v));
        }
        System.out.println(line);
        // an ellipsoid centred at the origin is even: r(-x) = r(x), so its odd degrees vanish (up to mesh asymmetry)
        for (int l = 1; l <= degree; l += 2) {
            assertTrue(norms[l] < 1e-3 * norms[0], "odd degree " + l + ": " + norms[l]);
        }
        for (int l = 2; l + 2 <= degree; l += 2) {
            assertTrue(norms[l + 2] < norms[l], "even degrees decay: " + l);
        }
    }

    @Test
    void castingABigMeshInParallelEqualsTheSerialCast() {
        Mesh big = Shapes.sphere(6);
        SphericalHarmonics sh = new SphericalHarmonics(31);
        double[] r = null;
        double serial = Double.POSITIVE_INFINITY;
        double parallel = Double.POSITIVE_INFINITY;
        for (int rep = 0; rep < 3; rep++) {
            long start = System.nanoTime();
            r = RadialFunction.of(big, sh, false);
            serial = Math.min(serial, (System.nanoTime() - start) / 1e6);
            start = System.nanoTime();
            org.junit.jupiter.api.Assertions.assertArrayEquals(r, RadialFunction.of(big, sh, true));
            parallel = Math.min(parallel, (System.nanoTime() - start) / 1e6);
        }
        System.out.printf("RadialFunction %d triangles, L = 31: best of 3 %.0f ms on one thread, %.0f ms in parallel%n",
                big.triangleCount(), serial, parallel);
        for (double value : r) {
            assertTrue(value > 0.999 && value <= 1 + 1e-9, "sphere " + value);
        }
    }

    @Test
    @EnabledIfSystemProperty(named = "cgml.bench", matches = "true")
    void castingAHugeMesh() {
        Mesh huge = Shapes.sphere(7);
        for (int degree : new int[] {31, 63}) {
            SphericalHarmonics sh = new SphericalHarmonics(degree);
            double serial = Double.POSITIVE_INFINITY;
            double parallel = Double.POSITIVE_INFINITY;
            for (int rep = 0; rep < 8; rep++) {
                long start = System.nanoTime();
                RadialFunction.of(huge, sh, false);
                serial = Math.min(serial, (System.nanoTime() - start) / 1e6);
                start = System.nanoTime();
                RadialFunction.of(huge, sh, true);
                parallel = Math.min(parallel, (System.nanoTime() - start) / 1e6);
            }
            System.out.printf("RadialFunction %d triangles, L = %d: best of 8 %.0f ms on one thread, %.0f ms in "
                    + "parallel (%d processors)%n", huge.triangleCount(), degree, serial, parallel,
                    Runtime.getRuntime().availableProcessors());
        }
    }
}
