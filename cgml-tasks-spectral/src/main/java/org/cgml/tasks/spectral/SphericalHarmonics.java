package org.cgml.tasks.spectral;

/**
 * Real spherical harmonics Y_lm, orthonormal on the unit sphere (the integral of Y_lm^2 over the sphere is 1) and
 * without the Condon-Shortley phase: Y_l0 = N_l0 P_l(cos theta), Y_lm = sqrt(2) N_lm P_l^m(cos theta) cos(m phi) for
 * m > 0 and sqrt(2) N_l|m| P_l^|m|(cos theta) sin(|m| phi) for m < 0, with N_lm = sqrt((2l+1)/(4 pi) (l-m)!/(l+m)!)
 * and P_l^m >= 0 near the north pole (so Y_11 = sqrt(3 / 4 pi) x, Y_1-1 = sqrt(3 / 4 pi) y, Y_10 = sqrt(3 / 4 pi) z).
 * theta is the colatitude from +z, phi the longitude from +x towards +y. Coefficients are stored at
 * {@link #index(int, int)} = l^2 + l + m.
 */
public final class SphericalHarmonics {

    /** Position of Y_lm in a coefficient array: l^2 + l + m. */
    public static int index(int l, int m) {
        if (l < 0 || Math.abs(m) > l) {
            throw new IllegalArgumentException("no harmonic Y(" + l + ", " + m + ")");
        }
        return l * l + l + m;
    }

    /** Number of harmonics up to degree {@code degree}: (L + 1)^2. */
    public static int count(int degree) {
        return (degree + 1) * (degree + 1);
    }

    /** Y_lm(theta, phi) for one harmonic (see the class comment for the convention). */
    public static double value(int l, int m, double theta, double phi) {
        double[] all = new double[count(l)];
        values(l, theta, phi, all);
        return all[index(l, m)];
    }

    /** All Y_lm(theta, phi) for l = 0..degree into {@code out} at {@link #index(int, int)}. */
    public static void values(int degree, double theta, double phi, double[] out) {
        double[] p = new double[count(degree)];
        legendre(degree, Math.cos(theta), Math.sin(theta), p);
        for (int l = 0; l <= degree; l++) {
            out[index(l, 0)] = p[index(l, 0)];
        }
        double root2 = Math.sqrt(2);
        for (int m = 1; m <= degree; m++) {
            double c = root2 * Math.cos(m * phi);
            double s = root2 * Math.sin(m * phi);
            for (int l = m; l <= degree; l++) {
                double v = p[index(l, m)];
                out[index(l, m)] = v * c;
                out[index(l, -m)] = v * s;
            }
        }
    }

    /**
     * The normalised associated Legendre functions N_lm P_l^m(x), m >= 0, at {@link #index(int, int)} (x = cos theta,
     * s = sin theta >= 0), by the standard stable three-term recurrences in l.
     */
    static void legendre(int degree, double x, double s, double[] out) {
        double pmm = Math.sqrt(1 / (4 * Math.PI));
        for (int m = 0; m <= degree; m++) {
            if (m > 0) {
                pmm *= Math.sqrt((2.0 * m + 1) / (2.0 * m)) * s;
            }
            out[index(m, m)] = pmm;
            if (m == degree) {
                break;
            }
            double prev = pmm;
            double cur = Math.sqrt(2.0 * m + 3) * x * pmm;
            out[index(m + 1, m)] = cur;
            for (int l = m + 2; l <= degree; l++) {
                double a = Math.sqrt((4.0 * l * l - 1) / ((double) l * l - (double) m * m));
                double b = Math.sqrt(((l - 1.0) * (l - 1.0) - (double) m * m) / (4.0 * (l - 1.0) * (l - 1.0) - 1));
                double next = a * (x * cur - b * prev);
                prev = cur;
                cur = next;
                out[index(l, m)] = cur;
            }
        }
    }
}
