package org.cgml.tasks.spectral;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegrator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegratorFactory;
import org.junit.jupiter.api.Test;

class Zernike3dTest {
    private static final GaussIntegratorFactory GAUSS = new GaussIntegratorFactory();
    private static final double SQRT_4PI = Math.sqrt(4 * Math.PI);

    /** The integral over [0, a] of R_n0(r) r^2 dr by Gauss-Legendre (exact: the integrand is a polynomial). */
    private static double radialMass(int n, double a) {
        return GAUSS.legendre(n + 4, 0, a).integrate(r -> Zernike3d.radial(n, 0, r) * r * r);
    }

    private static double relativeChange(double[] f, double[] ref) {
        double d = 0;
        double n = 0;
        for (int i = 0; i < f.length; i++) {
            d += (f[i] - ref[i]) * (f[i] - ref[i]);
            n += ref[i] * ref[i];
        }
        return Math.sqrt(d / n);
    }

    @Test
    void radialPolynomialsAreOrthonormalWithWeightRSquared() {
        GaussIntegrator rule = GAUSS.legendre(30, 0, 1);
        double worst = 0;
        for (int l = 0; l <= 20; l++) {
            for (int n = l; n <= 20; n += 2) {
                for (int n2 = l; n2 <= 20; n2 += 2) {
                    int a = n;
                    int b = n2;
                    int deg = l;
                    double integral = rule.integrate(r -> Zernike3d.radial(a, deg, r) * Zernike3d.radial(b, deg, r)
                            * r * r);
                    worst = Math.max(worst, Math.abs(integral - (n == n2 ? 1 : 0)));
                }
            }
        }
        assertTrue(worst < 1e-10, "largest deviation from delta: " + worst);
    }

    @Test
    void radialPolynomialsMatchTheirClosedFormsAndArePositiveOutsideTheirZeros() {
        for (double r : new double[] {0, 0.3, 0.71, 1}) {
            assertEquals(Math.sqrt(3), Zernike3d.radial(0, 0, r), 1e-14);
            assertEquals(Math.sqrt(5) * r, Zernike3d.radial(1, 1, r), 1e-14);
            assertEquals(Math.sqrt(7) * (5 * r * r - 3) / 2, Zernike3d.radial(2, 0, r), 1e-13);
            assertEquals(3 * r * (7 * r * r - 5) / 2, Zernike3d.radial(3, 1, r), 1e-13);
        }
        for (int n = 0; n <= 24; n++) {
            for (int l = n % 2; l <= n; l += 2) {
                // P_k^(0, beta)(1) = 1, so R_nl(1) = sqrt(2n + 3); all zeros lie in (0, 1) and the leading
                // coefficient is positive, so R_nl > 0 beyond the sphere.
                assertEquals(Math.sqrt(2 * n + 3), Zernike3d.radial(n, l, 1), 1e-11 * Math.sqrt(2 * n + 3),
                        "R(" + n + ", " + l + ")(1)");
                assertTrue(Zernike3d.radial(n, l, 1.2) > 0, "R(" + n + ", " + l + ")(1.2)");
            }
        }
    }

    @Test
    void zernikeFunctionsAreOrthonormalOnTheBall() {
        int order = 10;
        Zernike3d z = new Zernike3d(order, 2);
        // Exact product rule: Gauss-Legendre in r (weight r^2) and cos(theta), trapezoid in phi.
        GaussIntegrator radial = GAUSS.legendre(order + 2, 0, 1);
        GaussIntegrator polar = GAUSS.legendre(order + 2, -1, 1);
        int azimuths = 2 * order + 2;
        int points = radial.getNumberOfPoints() * polar.getNumberOfPoints() * azimuths;
        double[][] a = new double[z.momentCount()][points];
        int q = 0;
        for (int i = 0; i < radial.getNumberOfPoints(); i++) {
            double r = radial.getPoint(i);
            for (int j = 0; j < polar.getNumberOfPoints(); j++) {
                double theta = Math.acos(polar.getPoint(j));
                for (int k = 0; k < azimuths; k++) {
                    double phi = 2 * Math.PI * k / azimuths;
                    double w = Math.sqrt(radial.getWeight(i) * r * r * polar.getWeight(j) * 2 * Math.PI / azimuths);
                    for (int n = 0; n <= order; n++) {
                        for (int l = n % 2; l <= n; l += 2) {
                            for (int m = -l; m <= l; m++) {
                                a[z.momentIndex(n, l, m)][q] = w * Zernike3d.value(n, l, m, r, theta, phi);
                            }
                        }
                    }
                    q++;
                }
            }
        }
        double worst = 0;
        for (int f = 0; f < a.length; f++) {
            for (int g = f; g < a.length; g++) {
                double s = 0;
                for (int p = 0; p < points; p++) {
                    s += a[f][p] * a[g][p];
                }
                worst = Math.max(worst, Math.abs(s - (f == g ? 1 : 0)));
            }
        }
        assertTrue(worst < 1e-8, "largest deviation of the Gram matrix from the identity: " + worst);
    }

    @Test
    void momentsOfOneVoxelAreTheFunctionsAtItsCentre() {
        int g = 8;
        Zernike3d z = new Zernike3d(6, g);
        double h = 2.0 / g;
        int ix = 5;
        int iy = 2;
        int iz = 6;
        double[] voxels = new double[g * g * g];
        voxels[(iz * g + iy) * g + ix] = 0.7;
        double x = -1 + (ix + 0.5) * h;
        double y = -1 + (iy + 0.5) * h;
        double c = -1 + (iz + 0.5) * h;
        double r = Math.sqrt(x * x + y * y + c * c);
        double theta = Math.acos(c / r);
        double phi = Math.atan2(y, x);
        double[] omega = z.moments(voxels);
        for (int n = 0; n <= 6; n++) {
            for (int l = n % 2; l <= n; l += 2) {
                for (int m = -l; m <= l; m++) {
                    assertEquals(0.7 * h * h * h * Zernike3d.value(n, l, m, r, theta, phi),
                            omega[z.momentIndex(n, l, m)], 1e-13, "(" + n + ", " + l + ", " + m + ")");
                }
            }
        }
        double[] corner = new double[g * g * g];
        corner[0] = 1; // centre (-7/8, -7/8, -7/8) lies outside the unit ball
        for (double v : z.moments(corner)) {
            assertEquals(0, v);
        }
    }

    @Test
    void indicesEnumerateMomentsAndNormsInTheirDocumentedOrder() {
        int order = 9;
        Zernike3d z = new Zernike3d(order, 4);
        assertEquals((order + 1) * (order + 2) * (order + 3) / 6, z.momentCount());
        int k = 0;
        int p = 0;
        for (int n = 0; n <= order; n++) {
            for (int l = n % 2; l <= n; l += 2) {
                assertEquals(p++, z.normIndex(n, l));
                for (int m = -l; m <= l; m++) {
                    assertEquals(k++, z.momentIndex(n, l, m));
                }
            }
        }
        assertEquals(z.momentCount(), k);
        assertEquals(z.normCount(), p);
        assertTrue(z.valid(4, 2));
        assertFalse(z.valid(4, 3));
        assertFalse(z.valid(3, 4));
        assertFalse(z.valid(10, 0));
        assertEquals(72, new Zernike3d(15, 4).normCount());
    }

    @Test
    void normsAreTheEuclideanNormsOfEachOrderAndDegreeAndMapsRoundTrip() {
        int order = 5;
        Zernike3d z = new Zernike3d(order, 4);
        double[] moments = new double[z.momentCount()];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < moments.length; i++) {
            moments[i] = random.nextDouble() - 0.5;
        }
        double[] norms = z.norms(moments);
        double s = 0;
        for (int m = -3; m <= 3; m++) {
            s += moments[z.momentIndex(5, 3, m)] * moments[z.momentIndex(5, 3, m)];
        }
        assertEquals(Math.sqrt(s), norms[z.normIndex(5, 3)], 1e-15);

        float[] map = z.toMap(norms, 2);
        assertEquals(36, map.length);
        int zeros = 0;
        for (int n = 0; n <= order; n++) {
            for (int l = 0; l <= order; l++) {
                if (z.valid(n, l)) {
                    assertEquals(norms[z.normIndex(n, l)] / 2, map[n * 6 + l], 1e-7);
                } else {
                    assertEquals(0f, map[n * 6 + l]);
                    zeros++;
                }
            }
        }
        assertEquals(36 - z.normCount(), zeros);
        float[] shifted = new float[map.length + 3];
        System.arraycopy(map, 0, shifted, 3, map.length);
        assertArrayEquals(norms, z.fromMap(shifted, 3, 2), 1e-6);
    }

    @Test
    void solidBallsHaveOnlyRadialMomentsWithTheirAnalyticValues() {
        int order = 10;
        Zernike3d z = new Zernike3d(order, 64);
        // Radius 1: the cell-centre indicator matches the cell-centre domain exactly (no sub-sampling); radius 0.6:
        // 3^3 sub-samples smooth the staircase. Measured largest errors: 1.04e-2 (l = 10, from the cubic staircase)
        // and 1.2e-3.
        double[][] cases = {{1.0, 1, 1.5e-2}, {0.6, 3, 2.5e-3}};
        for (double[] c : cases) {
            double a = c[0];
            double[] omega = z.moments(z.solid(p -> p[0] * p[0] + p[1] * p[1] + p[2] * p[2] <= a * a, (int) c[1]));
            for (int n = 0; n <= order; n++) {
                for (int l = n % 2; l <= n; l += 2) {
                    for (int m = -l; m <= l; m++) {
                        double expected = l == 0 ? SQRT_4PI * radialMass(n, a) : 0;
                        assertEquals(expected, omega[z.momentIndex(n, l, m)], c[2],
                                "ball " + a + " (" + n + ", " + l + ", " + m + ")");
                    }
                }
            }
            if (a == 1) {
                assertEquals(Math.sqrt(4 * Math.PI / 3), SQRT_4PI * radialMass(0, 1), 1e-14);
                assertEquals(Math.sqrt(4 * Math.PI / 3), omega[0], 2e-3);
                for (int n = 2; n <= order; n += 2) {
                    assertEquals(0, radialMass(n, 1), 1e-14, "orthogonality to R_00 for n = " + n);
                }
            } else {
                for (int n = 0; n <= 4; n += 2) {
                    double expected = SQRT_4PI * radialMass(n, a);
                    assertEquals(expected, omega[z.momentIndex(n, 0, 0)], 1e-2 * Math.abs(expected), "n = " + n);
                }
            }
        }
    }

    @Test
    void solidEllipsoidHasItsAnalyticSecondDegreeMoments() {
        double a = 0.9;
        double b = 0.6;
        double c = 0.4;
        Zernike3d z = new Zernike3d(4, 64);
        double[] omega = z.moments(z.solid(
                p -> p[0] * p[0] / (a * a) + p[1] * p[1] / (b * b) + p[2] * p[2] / (c * c) <= 1, 3));
        // Over the ellipsoid, the integral of x^2 is (4 pi abc / 15) a^2; R_22 Y_2m = sqrt(7) r^2 Y_2m with
        // r^2 Y_20 = sqrt(5 / 16 pi) (2z^2 - x^2 - y^2) and r^2 Y_22 = sqrt(15 / 16 pi) (x^2 - y^2).
        double second = 4 * Math.PI * a * b * c / 15;
        double y20 = Math.sqrt(7) * Math.sqrt(5 / (16 * Math.PI)) * second * (2 * c * c - a * a - b * b);
        double y22 = Math.sqrt(7) * Math.sqrt(15 / (16 * Math.PI)) * second * (a * a - b * b);
        assertEquals(Math.sqrt(4 * Math.PI / 3) * a * b * c, omega[z.momentIndex(0, 0, 0)], 2e-3);
        assertEquals(y20, omega[z.momentIndex(2, 2, 0)], 2e-3);
        assertEquals(y22, omega[z.momentIndex(2, 2, 2)], 2e-3);
        for (int m : new int[] {-2, -1, 1}) {
            assertEquals(0, omega[z.momentIndex(2, 2, m)], 1e-9, "m = " + m);
        }
        double f22 = z.norms(omega)[z.normIndex(2, 2)];
        assertTrue(f22 > 0.2 * z.norms(omega)[0], "F_22 = " + f22 + " is not small");
    }

    @Test
    void voxeliseSplatsTrilinearlyAndDepositsEveryPointInTheBall() {
        int g = 16;
        Zernike3d z = new Zernike3d(6, g);
        double h = 2.0 / g;
        double dv = h * h * h;
        // A point on a cell centre fills that cell; one halfway between two centres along x splits evenly.
        double c = -1 + 9.5 * h;
        double[] one = z.voxelise(new double[] {c, c, c});
        assertEquals(1 / dv, one[(9 * g + 9) * g + 9], 1e-9);
        double[] two = z.voxelise(new double[] {c + h / 2, c, c});
        assertEquals(0.5 / dv, two[(9 * g + 9) * g + 9], 1e-9);
        assertEquals(0.5 / dv, two[(9 * g + 9) * g + 10], 1e-9);

        double[] points = SurfaceSampler.sample(Shapes.family(5, 2), 20000, 9);
        double[] f = z.voxelise(points);
        double mass = 0;
        for (int iz = 0; iz < g; iz++) {
            for (int iy = 0; iy < g; iy++) {
                for (int ix = 0; ix < g; ix++) {
                    double v = f[(iz * g + iy) * g + ix];
                    double x = -1 + (ix + 0.5) * h;
                    double y = -1 + (iy + 0.5) * h;
                    double w = -1 + (iz + 0.5) * h;
                    assertTrue(v == 0 || x * x + y * y + w * w <= 1, "mass outside the ball");
                    mass += v * dv;
                }
            }
        }
        assertEquals(1, mass, 1e-12);
        double[] omega = z.moments(f);
        assertEquals(Math.sqrt(3 / (4 * Math.PI)), omega[0], 1e-12);
        double[] norms = z.norms(omega);
        for (int n = 0; n <= 6; n++) {
            for (int l = n % 2; l <= n; l += 2) {
                double max = 0;
                for (int i = 0; i <= 1000; i++) {
                    max = Math.max(max, Math.abs(Zernike3d.radial(n, l, i / 1000.0)));
                }
                double bound = Math.sqrt((2 * l + 1) / (4 * Math.PI)) * max;
                assertTrue(norms[z.normIndex(n, l)] <= bound * (1 + 1e-9), "F(" + n + ", " + l + ")");
            }
        }
    }

    @Test
    void pointCloudMomentsApproachSurfaceAveragesOfTheZernikeFunctions() {
        // Points of a Fibonacci lattice on the sphere of radius rho: the average of Z_nlm over it is
        // R_n0(rho) / sqrt(4 pi) for l = 0 and 0 otherwise.
        int count = 100000;
        double rho = 0.5;
        double[] points = new double[3 * count];
        double golden = Math.PI * (3 - Math.sqrt(5));
        for (int i = 0; i < count; i++) {
            double zc = 1 - (2 * i + 1.0) / count;
            double s = Math.sqrt(1 - zc * zc);
            points[3 * i] = rho * s * Math.cos(golden * i);
            points[3 * i + 1] = rho * s * Math.sin(golden * i);
            points[3 * i + 2] = rho * zc;
        }
        int order = 10;
        double[] worst = new double[2];
        double[] other = new double[2];
        int[] grids = {32, 64};
        for (int k = 0; k < 2; k++) {
            Zernike3d z = new Zernike3d(order, grids[k]);
            double[] norms = z.norms(z.moments(z.voxelise(points)));
            for (int n = 0; n <= order; n++) {
                for (int l = n % 2; l <= n; l += 2) {
                    double f = norms[z.normIndex(n, l)];
                    if (l == 0) {
                        worst[k] = Math.max(worst[k], Math.abs(f - Math.abs(Zernike3d.radial(n, 0, rho)) / SQRT_4PI));
                    } else {
                        other[k] = Math.max(other[k], f);
                    }
                }
            }
        }
        // Trilinear interpolation of Z from the cell centres is second order: measured 0.026 at G = 32, 0.0066 at 64.
        assertTrue(worst[1] < 0.01, "largest l = 0 error at G = 64: " + worst[1]);
        assertTrue(worst[0] / worst[1] > 3, "errors " + worst[0] + " and " + worst[1] + " do not fall like h^2");
        assertTrue(other[0] < 1e-3 && other[1] < 1e-3, "l > 0 invariants " + other[0] + ", " + other[1]);
    }

    @Test
    void normsOfRotatedSurfaceCloudsChangeByLessThanOnePercent() {
        Zernike3d z = new Zernike3d();
        SplittableRandom random = new SplittableRandom(42);
        double worst = 0;
        StringBuilder report = new StringBuilder();
        for (int i = 0; i < Shapes.FAMILIES.size(); i++) {
            Mesh mesh = Shapes.family(7, i);
            // The same seed on a rotated mesh gives the rotated points: only the voxelisation changes.
            double[] reference = z.descriptor(SurfaceSampler.sample(mesh, 200000, 1));
            for (int r = 0; r < 2; r++) {
                Mesh rotated = mesh.transformed(Shapes.randomRotation(random));
                double change = relativeChange(z.descriptor(SurfaceSampler.sample(rotated, 200000, 1)), reference);
                report.append(String.format(" %s: %.3f%%", mesh.name(), 100 * change));
                worst = Math.max(worst, change);
            }
        }
        assertTrue(worst < 0.01, "relative change of the norms under rotation:" + report);
    }

    @Test
    void momentsOfOrder16OnA32GridOfASolidBall() {
        Zernike3d z = new Zernike3d(16, 32);
        double[] ball = z.solid(p -> p[0] * p[0] + p[1] * p[1] + p[2] * p[2] <= 1, 1);
        z.moments(ball);
        double[] omega = z.moments(ball);
        assertEquals(Math.sqrt(4 * Math.PI / 3), omega[0], 2e-2);
    }

    @Test
    void wrongArgumentsAreRejectedWithClearMessages() {
        assertThrows(IllegalArgumentException.class, () -> new Zernike3d(-1, 8));
        assertThrows(IllegalArgumentException.class, () -> new Zernike3d(4, 1));
        Zernike3d z = new Zernike3d(4, 8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> z.moments(new double[7]));
        assertTrue(e.getMessage().contains("512"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> z.norms(new double[3]));
        assertThrows(IllegalArgumentException.class, () -> z.toMap(new double[4], 1));
        assertThrows(IllegalArgumentException.class, () -> z.toMap(new double[z.normCount()], 0));
        assertThrows(IllegalArgumentException.class, () -> z.fromMap(new float[25], 1, 1));
        assertThrows(IllegalArgumentException.class, () -> z.voxelise(new double[4]));
        assertThrows(IllegalArgumentException.class, () -> z.voxelise(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> z.voxelise(new double[] {0.9, 0.9, 0}));
        assertThrows(IllegalArgumentException.class, () -> z.voxelise(new double[] {Double.NaN, 0, 0}));
        assertThrows(IllegalArgumentException.class, () -> z.voxelise(new double[] {0, 0, 0}, 1.5));
        assertThrows(IllegalArgumentException.class, () -> z.solid(p -> true, 0));
        assertThrows(IllegalArgumentException.class, () -> z.momentIndex(3, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> z.momentIndex(2, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> z.normIndex(5, 1));
        assertThrows(IllegalArgumentException.class, () -> Zernike3d.radial(3, 0, 0.5));
    }
}
