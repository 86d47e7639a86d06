package org.cgml.tasks.spectral;

/**
 * Real spherical harmonics Y_lm, orthonormal on the unit sphere (the integral of Y_lm^2 over the sphere is 1) and
 * without the Condon-Shortley phase: Y_l0 = N_l0 P_l(cos theta), Y_lm = sqrt(2) N_lm P_l^m(cos theta) cos(m phi) for
 * m > 0 and sqrt(2) N_l|m| P_l^|m|(cos theta) sin(|m| phi) for m < 0, with N_lm = sqrt((2l+1)/(4 pi) (l-m)!/(l+m)!)
 * and P_l^m >= 0 near the north pole (so Y_11 = sqrt(3 / 4 pi) x, Y_1-1 = sqrt(3 / 4 pi) y, Y_10 = sqrt(3 / 4 pi) z).
 * theta is the colatitude from +z, phi the longitude from +x towards +y. Coefficients are stored at
 * {@link #index(int, int)} = l^2 + l + m.
 *
 * <p>The static methods evaluate harmonics. An instance for degree L (bandwidth B = L + 1) is the spherical-harmonic
 * transform on the Driscoll-Healy equiangular grid of 2B x 2B points (Driscoll and Healy 1994; Healy et al. 2003,
 * "FFTs for the 2-sphere"): colatitudes theta_j = pi (2j + 1) / (4B), longitudes phi_k = 2 pi k / (2B), grid arrays
 * row-major at [j * 2B + k]. With the weights w_j of {@link #weight(int)}, sum_j w_j g(theta_j) equals the integral
 * of g(theta) sin(theta) over [0, pi] for every polynomial g of degree &lt; 2B in cos(theta), so
 * {@link #analyse(double[])} c_lm = (2 pi / 2B) sum_j w_j sum_k f(theta_j, phi_k) Y_lm(theta_j, phi_k) is exact (to
 * round-off) for functions of degree &lt;= L, and {@link #synthesise(double[])} is its inverse on them. Both cost
 * O(B^3): per row a sum over phi for every order, then a sum over degree with a precomputed Legendre table.
 *
 * <p>Coefficients are arranged as a square (L+1) x (L+1) map, degree by order ({@link #toMap}): c_lm with m &gt;= 0
 * at (row l, column m), the lower triangle with its diagonal; c_lm with m &lt; 0 at (row |m| - 1, column l), the
 * strict upper triangle. For L = 3 (cell = l,m):
 * <pre>
 *            col 0    col 1    col 2    col 3
 *   row 0 |  0, 0  |  1,-1  |  2,-1  |  3,-1
 *   row 1 |  1, 0  |  1, 1  |  2,-2  |  3,-2
 *   row 2 |  2, 0  |  2, 1  |  2, 2  |  3,-3
 *   row 3 |  3, 0  |  3, 1  |  3, 2  |  3, 3
 * </pre>
 * Row l of the lower triangle holds degree l; column l of the upper triangle holds the negative orders of degree l.
 */
public final class SphericalHarmonics {
    private final int degree;
    private final int size;
    private final double[] theta;
    private final double[] phi;
    private final double[] weights;
    /** Per grid row j, N_lm P_l^m(cos theta_j) at index(l, m) for m >= 0 (the m < 0 slots are unused). */
    private final double[][] legendreRows;
    /** cos(m phi_k) and sin(m phi_k) at [m][k], m = 0..L. */
    private final double[][] cosines;
    private final double[][] sines;

    /**
     * The transform for degree {@code degree} = L on the 2B x 2B Driscoll-Healy grid, B = L + 1 (class comment);
     * the weights, Legendre table and trigonometric tables are computed once here.
     */
    public SphericalHarmonics(int degree) {
        if (degree < 0 || degree > 1000) {
            throw new IllegalArgumentException("spherical-harmonic degree must be in 0..1000, not " + degree);
        }
        this.degree = degree;
        int b = degree + 1;
        this.size = 2 * b;
        theta = new double[size];
        phi = new double[size];
        weights = new double[size];
        legendreRows = new double[size][];
        for (int j = 0; j < size; j++) {
            theta[j] = Math.PI * (2 * j + 1) / (4.0 * b);
            phi[j] = 2 * Math.PI * j / size;
            double sum = 0;
            for (int k = 0; k < b; k++) {
                sum += Math.sin((2 * k + 1) * theta[j]) / (2 * k + 1);
            }
            weights[j] = 2.0 / b * Math.sin(theta[j]) * sum;
            legendreRows[j] = new double[count(degree)];
            legendre(degree, Math.cos(theta[j]), Math.sin(theta[j]), legendreRows[j]);
        }
        cosines = new double[degree + 1][size];
        sines = new double[degree + 1][size];
        for (int m = 0; m <= degree; m++) {
            for (int k = 0; k < size; k++) {
                // m k reduced mod 2B keeps the angle small (and exact at the quarter turns)
                double a = 2 * Math.PI * (((long) m * k) % size) / size;
                cosines[m][k] = Math.cos(a);
                sines[m][k] = Math.sin(a);
            }
        }
    }

    /** The degree L of this transform (bandwidth B = L + 1). */
    public int degree() {
        return degree;
    }

    /** Grid points per side, 2B = 2 (L + 1): the grid has 2B rows of colatitude and 2B columns of longitude. */
    public int gridSize() {
        return size;
    }

    /** Colatitude of grid row j: theta_j = pi (2j + 1) / (4B). */
    public double theta(int j) {
        return theta[check(j)];
    }

    /** Longitude of grid column k: phi_k = 2 pi k / (2B). */
    public double phi(int k) {
        return phi[check(k)];
    }

    /**
     * Driscoll-Healy quadrature weight of row j: w_j = (2 / B) sin(theta_j) sum_{i=0}^{B-1} sin((2i+1) theta_j) /
     * (2i+1), so that sum_j w_j g(theta_j) = integral of g(theta) sin(theta) over [0, pi] for polynomials g of degree
     * &lt; 2B in cos(theta).
     */
    public double weight(int j) {
        return weights[check(j)];
    }

    /** Unit vector (x, y, z) = (sin theta_j cos phi_k, sin theta_j sin phi_k, cos theta_j) of grid point (j, k). */
    public double[] direction(int j, int k) {
        double s = Math.sin(theta[check(j)]);
        return new double[] {s * Math.cos(phi[check(k)]), s * Math.sin(phi[k]), Math.cos(theta[j])};
    }

    private int check(int i) {
        if (i < 0 || i >= size) {
            throw new IllegalArgumentException("grid index " + i + " outside 0.." + (size - 1));
        }
        return i;
    }

    /**
     * Forward transform (class comment): the (L+1)^2 coefficients c_lm = (2 pi / 2B) sum_j w_j sum_k f_jk
     * Y_lm(theta_j, phi_k) of the grid samples f_jk at [j * 2B + k], at {@link #index(int, int)}.
     */
    public double[] analyse(double[] grid) {
        if (grid.length != size * size) {
            throw new IllegalArgumentException("a degree-" + degree + " grid has " + size + " x " + size + " = "
                    + size * size + " values, not " + grid.length);
        }
        double[] out = new double[count(degree)];
        double[] a = new double[degree + 1];
        double[] b = new double[degree + 1];
        double root2 = Math.sqrt(2);
        for (int j = 0; j < size; j++) {
            int row = j * size;
            for (int m = 0; m <= degree; m++) {
                double[] c = cosines[m];
                double[] s = sines[m];
                double sa = 0;
                double sb = 0;
                for (int k = 0; k < size; k++) {
                    double f = grid[row + k];
                    sa += f * c[k];
                    sb += f * s[k];
                }
                a[m] = sa;
                b[m] = sb;
            }
            double factor = weights[j] * 2 * Math.PI / size;
            double[] p = legendreRows[j];
            for (int l = 0; l <= degree; l++) {
                int centre = l * l + l;
                out[centre] += factor * p[centre] * a[0];
                for (int m = 1; m <= l; m++) {
                    double v = factor * root2 * p[centre + m];
                    out[centre + m] += v * a[m];
                    out[centre - m] += v * b[m];
                }
            }
        }
        return out;
    }

    /**
     * Inverse transform (class comment): the grid f_jk = sum_lm c_lm Y_lm(theta_j, phi_k) at [j * 2B + k] of the
     * (L+1)^2 coefficients at {@link #index(int, int)}.
     */
    public double[] synthesise(double[] coefficients) {
        checkCoefficients(coefficients);
        double[] out = new double[size * size];
        double[] a = new double[degree + 1];
        double[] b = new double[degree + 1];
        double root2 = Math.sqrt(2);
        for (int j = 0; j < size; j++) {
            double[] p = legendreRows[j];
            for (int m = 0; m <= degree; m++) {
                double sa = 0;
                double sb = 0;
                for (int l = m; l <= degree; l++) {
                    int centre = l * l + l;
                    sa += p[centre + m] * coefficients[centre + m];
                    sb += p[centre + m] * coefficients[centre - m];
                }
                a[m] = m == 0 ? sa : root2 * sa;
                b[m] = root2 * sb;
            }
            int row = j * size;
            for (int k = 0; k < size; k++) {
                double f = a[0];
                for (int m = 1; m <= degree; m++) {
                    f += a[m] * cosines[m][k] + b[m] * sines[m][k];
                }
                out[row + k] = f;
            }
        }
        return out;
    }

    private void checkCoefficients(double[] coefficients) {
        if (coefficients.length != count(degree)) {
            throw new IllegalArgumentException("degree " + degree + " has (L+1)^2 = " + count(degree)
                    + " coefficients, not " + coefficients.length);
        }
    }

    /** Side of the square coefficient map (class comment): L + 1. */
    public int mapSize() {
        return degree + 1;
    }

    /** Row-major cell of c_lm in the (L+1) x (L+1) map (class comment): (l, m) for m &gt;= 0, (|m| - 1, l) else. */
    public int mapCell(int l, int m) {
        index(l, m);
        if (l > degree) {
            throw new IllegalArgumentException("degree " + l + " above the map's degree " + degree);
        }
        int n = degree + 1;
        return m >= 0 ? l * n + m : (-m - 1) * n + l;
    }

    /** Degree l of the coefficient held by map cell (row, col) (class comment): row if col &lt;= row, else col. */
    public int mapDegree(int row, int col) {
        checkCell(row, col);
        return col <= row ? row : col;
    }

    /** Order m of the coefficient held by map cell (row, col) (class comment): col if col &lt;= row, else -(row+1). */
    public int mapOrder(int row, int col) {
        checkCell(row, col);
        return col <= row ? col : -(row + 1);
    }

    private void checkCell(int row, int col) {
        if (row < 0 || row > degree || col < 0 || col > degree) {
            throw new IllegalArgumentException("map cell (" + row + ", " + col + ") outside the " + (degree + 1)
                    + " x " + (degree + 1) + " map");
        }
    }

    /**
     * The degree-by-order coefficient map (class comment), row-major (L+1) x (L+1) floats, each cell c_lm /
     * {@code scale}.
     */
    public float[] toMap(double[] coefficients, double scale) {
        checkCoefficients(coefficients);
        checkScale(scale);
        float[] map = new float[count(degree)];
        for (int l = 0; l <= degree; l++) {
            for (int m = -l; m <= l; m++) {
                map[mapCell(l, m)] = (float) (coefficients[index(l, m)] / scale);
            }
        }
        return map;
    }

    /**
     * Inverse of {@link #toMap}: the (L+1)^2 coefficients c_lm = {@code scale} * map cell, read from the map of
     * (L+1)^2 floats starting at {@code offset}.
     */
    public double[] fromMap(float[] map, int offset, double scale) {
        checkScale(scale);
        int cells = count(degree);
        if (offset < 0 || offset > map.length - cells) {
            throw new IllegalArgumentException("a degree-" + degree + " map has " + cells + " cells; " + map.length
                    + " floats from offset " + offset + " do not hold one");
        }
        double[] out = new double[cells];
        for (int l = 0; l <= degree; l++) {
            for (int m = -l; m <= l; m++) {
                out[index(l, m)] = scale * map[offset + mapCell(l, m)];
            }
        }
        return out;
    }

    private static void checkScale(double scale) {
        if (!(scale != 0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("map scale must be finite and non-zero, not " + scale);
        }
    }

    /**
     * Rotation-invariant energy per degree: sqrt(sum_m c_lm^2) for l = 0..{@code degree} (the coefficients may go
     * beyond that degree; the rest are ignored).
     */
    public static double[] degreeNorms(double[] coefficients, int degree) {
        if (degree < 0 || coefficients.length < count(degree)) {
            throw new IllegalArgumentException("degree " + degree + " needs (L+1)^2 = " + count(Math.max(degree, 0))
                    + " coefficients, got " + coefficients.length);
        }
        double[] out = new double[degree + 1];
        for (int l = 0; l <= degree; l++) {
            double sum = 0;
            for (int m = -l; m <= l; m++) {
                double c = coefficients[index(l, m)];
                sum += c * c;
            }
            out[l] = Math.sqrt(sum);
        }
        return out;
    }

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
