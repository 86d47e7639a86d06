package org.cgml.tasks.spectral;

import java.util.function.Predicate;

/**
 * 3D Zernike moments of a voxelised shape and their rotation-invariant norms (Novotni and Klein 2003, "3D Zernike
 * descriptors for content based shape retrieval"), up to order N, on a G x G x G voxel grid covering [-1, 1]^3.
 *
 * <p><b>Basis.</b> The functions are real and orthonormal on the unit ball: Z_nlm(r, theta, phi) = R_nl(r)
 * Y_lm(theta, phi) for n = 0..N, l = 0..n with n - l even and m = -l..l, where Y_lm are the real orthonormal
 * harmonics of {@link SphericalHarmonics} and R_nl(r) = sqrt(2n + 3) r^l P_k^(0, l + 1/2)(2r^2 - 1), k = (n - l) / 2,
 * with P_k^(alpha, beta) the Jacobi polynomial. The derivation: with t = r^2 the integral of R_nl R_n'l r^2 dr over
 * [0, 1] becomes (1/2) times the integral of t^(l + 1/2) p(t) p'(t) dt, so the polynomial parts are the shifted Jacobi
 * polynomials of weight t^(l + 1/2) (alpha = 0, beta = l + 1/2), whose squared norm on [0, 1] is 1 / (2k + beta + 1);
 * hence the factor sqrt(2(2k + l + 3/2)) = sqrt(2n + 3). P_k^(0, beta)(2t - 1) has a positive leading coefficient
 * (Gamma(beta + 2k + 1) / (k! Gamma(beta + k + 1))), which fixes the sign, and R_nl(1) = sqrt(2n + 3) since
 * P_k^(0, beta)(1) = 1. Evaluation uses the three-term Jacobi recurrence (stable, no cancelling power sums). For
 * example R_00 = sqrt(3), R_11 = sqrt(5) r, R_20 = sqrt(7) (5r^2 - 3) / 2.
 *
 * <p><b>Relation to Novotni and Klein.</b> Their complex Z_nl^m = R_nl Y_l^m are normalised by (3 / (4 pi)) times
 * the integral over the ball of Z_nl^m conj(Z_n'l'^m') = delta, and their moments are Omega_nl^m = (3 / (4 pi))
 * times the integral of f conj(Z_nl^m). Within one (n, l) their functions and the real ones here span the same space
 * (r^l times the polynomial in r^2 of degree k orthogonal to those of lower k, times the harmonics of degree l), so
 * their Z are sqrt(4 pi / 3) times a unitary recombination of the Z_nlm here, and for the same f their invariants
 * are F_nl(Novotni-Klein) = (3 / (4 pi)) sqrt(4 pi / 3) F_nl = sqrt(3 / (4 pi)) F_nl(here). The recombination is
 * unitary because the real and complex harmonics of one degree l are related by a unitary change of basis
 * (Y_l^(+-m) = (Y_lm +- i Y_l-m) / sqrt(2) up to unit phases, which also absorb the Condon-Shortley sign), and a
 * unitary map preserves the Euclidean norm of the 2l + 1 moments of one (n, l). The norms are rotation invariant
 * because a rotation acts on each (n, l) block of real moments by an orthogonal (real Wigner) matrix.
 *
 * <p><b>Discretisation.</b> Cell (ix, iy, iz) has its centre at (-1 + (i + 0.5) 2/G) on each axis and is stored at
 * [(iz G + iy) G + ix] (x fastest). A moment is the sum over cells whose centre lies in the closed unit ball of
 * f(cell) Z_nlm(centre) dV with dV = (2/G)^3, a midpoint rule for the integral of f Z_nlm over the ball.
 * {@link #voxelise} turns a surface point cloud into a unit-mass measure (sum of f dV = 1, not sum of f^2 dV = 1):
 * the L2 norm of a trilinearly splatted thin shell depends on how the surface sits between cell centres (a face
 * through centres concentrates, one between them spreads), which alone moved F_000 by 0.5 to 0.9 % under rotation
 * at G = 32, and it grows like sqrt(G), so L2-normalised moments would shrink with the resolution. With unit mass
 * Omega_nlm is the mean over the points of Z_nlm interpolated trilinearly from the cell centres, which converges
 * (second order in 1/G) to the mean of Z_nlm over the surface.
 *
 * <p><b>Orders.</b> Moments are stored for n = 0..N, then ascending l = n mod 2, n mod 2 + 2, .., n, then m = -l..l
 * ({@link #momentIndex}); there are (N + 1)(N + 2)(N + 3) / 6. Norms are stored for n = 0..N and ascending l of the
 * same parity ({@link #normIndex}). As a map ({@link #toMap}) the norms fill an (N + 1) x (N + 1) square with row n
 * and column l; cells with l > n or n - l odd have no invariant and are structurally zero: (N + 1)^2 -
 * {@link #normCount()} cells, more than half of the map (184 of 256 for N = 15).
 *
 * <p><b>Defaults.</b> {@link #DEFAULT_ORDER} = 15 (a 16 x 16 map), {@link #DEFAULT_RESOLUTION} = 32 and
 * {@link #FIT_RADIUS} = 0.9 for {@link #descriptor}. Measured on the four {@link Shapes#family} shapes and a
 * (0.9, 0.6, 0.4) ellipsoid, 200 000 points, four random rotations, the same sampling seed (so the points are exactly
 * rotated): the largest relative change ||F(rotated) - F|| / ||F|| is 0.38 % (N = 15), 0.16 % (N = 8) and 1.07 %
 * (N = 20) at G = 32; 0.12 % at G = 48 and 0.08 % at G = 64 (N = 15). Clouds touching the unit sphere (radius 1,
 * no fit) reach 3.0 % at G = 32, 3.0 % at 48 and 1.6 % at 64 (N = 15): the high orders are unresolved there. Fresh
 * samples of 200 000 points differ by about 1 % (0.5 % with 10^6 points) for the same pose, more than the rotation
 * error. One cloud takes about 10 to 20 ms (voxelise, moments and norms).
 */
public final class Zernike3d {
    /** Default maximum order N (a 16 x 16 norm map). */
    public static final int DEFAULT_ORDER = 15;
    /** Default voxel grid resolution G (cells per axis). */
    public static final int DEFAULT_RESOLUTION = 32;
    /**
     * Radius of the ball {@link #descriptor} fits a unit-ball point cloud into: R_nl of order ~15 oscillate within
     * ~0.01 of the unit sphere, finer than a 32^3 grid resolves, so shapes touching it lose rotation invariance.
     */
    public static final double FIT_RADIUS = 0.9;

    private final int order;
    private final int resolution;
    private final int momentCount;
    private final int normCount;
    /** normOffset[n * (N + 1) + l]: index of F_nl, -1 where (n, l) has no invariant. */
    private final int[] normOffset;

    /** Moments up to order {@code order} (N >= 0) on a {@code resolution}^3 grid (G >= 2) covering [-1, 1]^3. */
    public Zernike3d(int order, int resolution) {
        if (order < 0) {
            throw new IllegalArgumentException("Zernike order must be >= 0, not " + order);
        }
        if (resolution < 2) {
            throw new IllegalArgumentException("voxel resolution must be >= 2, not " + resolution);
        }
        if ((long) resolution * resolution * resolution > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("voxel resolution " + resolution + " is too large for one array");
        }
        this.order = order;
        this.resolution = resolution;
        this.momentCount = (order + 1) * (order + 2) * (order + 3) / 6;
        this.normOffset = new int[(order + 1) * (order + 1)];
        java.util.Arrays.fill(normOffset, -1);
        int k = 0;
        for (int n = 0; n <= order; n++) {
            for (int l = n % 2; l <= n; l += 2) {
                normOffset[n * (order + 1) + l] = k++;
            }
        }
        this.normCount = k;
    }

    /** The defaults {@link #DEFAULT_ORDER} and {@link #DEFAULT_RESOLUTION} (Novotni and Klein 2003 descriptors). */
    public Zernike3d() {
        this(DEFAULT_ORDER, DEFAULT_RESOLUTION);
    }

    /** Maximum order N. */
    public int order() {
        return order;
    }

    /** Grid resolution G (cells per axis). */
    public int resolution() {
        return resolution;
    }

    /** Whether (n, l) has Zernike functions: 0 <= l <= n <= N and n - l even (Novotni and Klein 2003). */
    public boolean valid(int n, int l) {
        return n >= 0 && n <= order && l >= 0 && l <= n && (n - l) % 2 == 0;
    }

    /** Number of moments Omega_nlm up to order N: (N + 1)(N + 2)(N + 3) / 6. */
    public int momentCount() {
        return momentCount;
    }

    /** Position of Omega_nlm: n(n + 1)(n + 2) / 6 + l(l - 1) / 2 + l + m (n, then ascending l, then m = -l..l). */
    public int momentIndex(int n, int l, int m) {
        if (!valid(n, l) || Math.abs(m) > l) {
            throw new IllegalArgumentException("no 3D Zernike moment (n, l, m) = (" + n + ", " + l + ", " + m
                    + ") up to order " + order);
        }
        return offset(n, l) + m;
    }

    /** Index of Omega_nl0: the moments before order n, those of lower l in order n (l(l - 1) / 2 of them), plus l. */
    private static int offset(int n, int l) {
        return n * (n + 1) * (n + 2) / 6 + l * (l - 1) / 2 + l;
    }

    /** Number of invariants F_nl up to order N (valid (n, l) pairs). */
    public int normCount() {
        return normCount;
    }

    /** Position of F_nl: by n, then ascending l of the parity of n. */
    public int normIndex(int n, int l) {
        if (!valid(n, l)) {
            throw new IllegalArgumentException("no 3D Zernike invariant (n, l) = (" + n + ", " + l + ") up to order "
                    + order + " (needs 0 <= l <= n and n - l even)");
        }
        return normOffset[n * (order + 1) + l];
    }

    /**
     * The orthonormal radial polynomial R_nl(r) = sqrt(2n + 3) r^l P_k^(0, l + 1/2)(2r^2 - 1), k = (n - l) / 2
     * (Novotni and Klein 2003 up to a constant factor; see the class comment).
     */
    public static double radial(int n, int l, double r) {
        if (l < 0 || l > n || (n - l) % 2 != 0) {
            throw new IllegalArgumentException("no radial polynomial R(" + n + ", " + l
                    + ") (needs 0 <= l <= n and n - l even)");
        }
        double[] out = new double[n + 1];
        radials(n, l, r, Math.pow(r, l), out);
        return out[n];
    }

    /** The real 3D Zernike function Z_nlm(r, theta, phi) = R_nl(r) Y_lm(theta, phi), orthonormal on the unit ball. */
    public static double value(int n, int l, int m, double r, double theta, double phi) {
        return radial(n, l, r) * SphericalHarmonics.value(l, m, theta, phi);
    }

    /**
     * R_nl(r) for n = l, l + 2, .., top into {@code out[n]}, by the Jacobi recurrence (alpha = 0, beta = l + 1/2,
     * x = 2r^2 - 1); {@code rl} is r^l.
     */
    private static void radials(int top, int l, double r, double rl, double[] out) {
        double beta = l + 0.5;
        double x = 2 * r * r - 1;
        double prev = 1;
        out[l] = Math.sqrt(2.0 * l + 3) * rl;
        if (l + 2 > top) {
            return;
        }
        double cur = 1 + (beta + 2) * (x - 1) / 2;
        out[l + 2] = Math.sqrt(2.0 * l + 7) * rl * cur;
        for (int k = 2; 2 * k + l <= top; k++) {
            double s = 2 * k + beta;
            double next = ((s - 1) * (s * (s - 2) * x - beta * beta) * cur
                    - 2 * (k - 1) * (k + beta - 1) * s * prev) / (2 * k * (k + beta) * (s - 2));
            prev = cur;
            cur = next;
            int n = l + 2 * k;
            out[n] = Math.sqrt(2.0 * n + 3) * rl * cur;
        }
    }

    /**
     * Surface occupancy of a point cloud (x, y, z per point, inside the unit ball) as a surface measure: each point
     * is splatted trilinearly onto the (up to) 8 cell centres around it, and the weights of centres outside the unit
     * ball (or the grid) are redistributed proportionally onto its centres inside the ball, so that every point
     * deposits its whole weight inside the integration domain of {@link #moments}; the grid is then scaled so that
     * the sum of f dV is 1. The moments are then averages over the points of Z_nlm interpolated from the cell
     * centres (Omega_000 = sqrt(3 / (4 pi)) for every cloud), and F_nl <= sqrt((2l + 1) / (4 pi)) max |R_nl| on
     * [0, 1] since sum over m of Y_lm^2 = (2l + 1) / (4 pi). A point none of whose 8 centres lies in the ball (only
     * possible within a cell of the unit sphere, and rare) is left out.
     */
    public double[] voxelise(double[] points) {
        return voxelise(points, 1);
    }

    /**
     * {@link #voxelise(double[])} of the points multiplied by {@code radius} (0 < radius <= 1): a cloud in the unit
     * ball is fitted into the ball of that radius, away from the unit sphere where the high-order R_nl oscillate
     * faster than the grid resolves (see {@link #FIT_RADIUS}).
     */
    public double[] voxelise(double[] points, double radius) {
        if (!(radius > 0 && radius <= 1)) {
            throw new IllegalArgumentException("fit radius must be in (0, 1], not " + radius);
        }
        if (points.length % 3 != 0) {
            throw new IllegalArgumentException("point array length must be a multiple of 3, not " + points.length);
        }
        if (points.length == 0) {
            throw new IllegalArgumentException("no points to voxelise");
        }
        int g = resolution;
        double[] f = new double[g * g * g];
        double half = g / 2.0;
        double[] w = new double[8];
        int[] cell = new int[8];
        long kept = 0;
        for (int p = 0; p < points.length; p += 3) {
            double x = points[p];
            double y = points[p + 1];
            double z = points[p + 2];
            double r2 = x * x + y * y + z * z;
            if (!(r2 <= 1 + 1e-9)) {
                throw new IllegalArgumentException("point " + p / 3 + " (" + x + ", " + y + ", " + z
                        + ") is not finite or lies outside the unit ball (normalise the mesh first)");
            }
            x *= radius;
            y *= radius;
            z *= radius;
            double ux = (x + 1) * half - 0.5;
            double uy = (y + 1) * half - 0.5;
            double uz = (z + 1) * half - 0.5;
            int ix = (int) Math.floor(ux);
            int iy = (int) Math.floor(uy);
            int iz = (int) Math.floor(uz);
            double fx = ux - ix;
            double fy = uy - iy;
            double fz = uz - iz;
            double total = 0;
            for (int q = 0; q < 8; q++) {
                int cx = ix + (q & 1);
                int cy = iy + ((q >> 1) & 1);
                int cz = iz + (q >> 2);
                if (cx < 0 || cy < 0 || cz < 0 || cx >= g || cy >= g || cz >= g || !inBall(cx, cy, cz)) {
                    cell[q] = -1;
                    continue;
                }
                cell[q] = (cz * g + cy) * g + cx;
                w[q] = ((q & 1) == 0 ? 1 - fx : fx) * (((q >> 1) & 1) == 0 ? 1 - fy : fy)
                        * ((q >> 2) == 0 ? 1 - fz : fz);
                total += w[q];
            }
            if (!(total > 0)) {
                continue;
            }
            for (int q = 0; q < 8; q++) {
                if (cell[q] >= 0) {
                    f[cell[q]] += w[q] / total;
                }
            }
            kept++;
        }
        if (kept == 0) {
            throw new IllegalArgumentException("no point has a cell centre of the unit ball next to it");
        }
        double scale = 1 / (kept * cellVolume());
        for (int i = 0; i < f.length; i++) {
            f[i] *= scale;
        }
        return f;
    }

    /** Whether the centre of cell (ix, iy, iz) lies in the closed unit ball (the domain of {@link #moments}). */
    private boolean inBall(int ix, int iy, int iz) {
        double h = 2.0 / resolution;
        double x = -1 + (ix + 0.5) * h;
        double y = -1 + (iy + 0.5) * h;
        double z = -1 + (iz + 0.5) * h;
        return x * x + y * y + z * z <= 1;
    }

    /**
     * The indicator of a solid (f = 1 where {@code inside} holds) as the fraction of samples^3 regular sub-points of
     * each cell that are inside; not rescaled, so moments approximate the integrals of Z_nlm over the solid. The
     * array passed to {@code inside} holds (x, y, z) and is reused between calls.
     */
    public double[] solid(Predicate<double[]> inside, int samples) {
        if (samples < 1) {
            throw new IllegalArgumentException("sub-samples per cell axis must be >= 1, not " + samples);
        }
        int g = resolution;
        double h = 2.0 / g;
        double[] f = new double[g * g * g];
        double[] p = new double[3];
        double per = 1.0 / ((double) samples * samples * samples);
        for (int iz = 0; iz < g; iz++) {
            for (int iy = 0; iy < g; iy++) {
                for (int ix = 0; ix < g; ix++) {
                    int hits = 0;
                    for (int sz = 0; sz < samples; sz++) {
                        for (int sy = 0; sy < samples; sy++) {
                            for (int sx = 0; sx < samples; sx++) {
                                p[0] = -1 + (ix + (sx + 0.5) / samples) * h;
                                p[1] = -1 + (iy + (sy + 0.5) / samples) * h;
                                p[2] = -1 + (iz + (sz + 0.5) / samples) * h;
                                if (inside.test(p)) {
                                    hits++;
                                }
                            }
                        }
                    }
                    f[(iz * g + iy) * g + ix] = hits * per;
                }
            }
        }
        return f;
    }

    /**
     * The moments Omega_nlm = sum over cells with centre in the unit ball of f Z_nlm(centre) dV (Novotni and Klein
     * 2003, in the real orthonormal basis), at {@link #momentIndex}; zero cells are skipped.
     */
    public double[] moments(double[] voxels) {
        int g = resolution;
        if (voxels.length != g * g * g) {
            throw new IllegalArgumentException("a " + g + "^3 voxel grid has " + g * g * g + " cells, not "
                    + voxels.length);
        }
        int top = order;
        double[] out = new double[momentCount];
        double[] y = new double[SphericalHarmonics.count(top)];
        double[] rad = new double[top + 1];
        int[] base = new int[(top + 1) * (top + 1)];
        for (int n = 0; n <= top; n++) {
            for (int l = n % 2; l <= n; l += 2) {
                base[n * (top + 1) + l] = offset(n, l);
            }
        }
        double h = 2.0 / g;
        double dv = cellVolume();
        for (int iz = 0; iz < g; iz++) {
            double z = -1 + (iz + 0.5) * h;
            for (int iy = 0; iy < g; iy++) {
                double cy = -1 + (iy + 0.5) * h;
                for (int ix = 0; ix < g; ix++) {
                    double v = voxels[(iz * g + iy) * g + ix];
                    if (v == 0) {
                        continue;
                    }
                    double cx = -1 + (ix + 0.5) * h;
                    double rho2 = cx * cx + cy * cy;
                    double r2 = rho2 + z * z;
                    if (r2 > 1) {
                        continue;
                    }
                    double r = Math.sqrt(r2);
                    SphericalHarmonics.values(top, Math.atan2(Math.sqrt(rho2), z), Math.atan2(cy, cx), y);
                    double w = v * dv;
                    double rl = 1;
                    for (int l = 0; l <= top; l++) {
                        radials(top, l, r, rl, rad);
                        int yl = l * l + l;
                        for (int n = l; n <= top; n += 2) {
                            double c = w * rad[n];
                            int b = base[n * (top + 1) + l];
                            for (int m = -l; m <= l; m++) {
                                out[b + m] += c * y[yl + m];
                            }
                        }
                        rl *= r;
                    }
                }
            }
        }
        return out;
    }

    /** Rotation invariants F_nl = sqrt(sum over m of Omega_nlm^2) (Novotni and Klein 2003) at {@link #normIndex}. */
    public double[] norms(double[] moments) {
        if (moments.length != momentCount) {
            throw new IllegalArgumentException("order " + order + " has " + momentCount + " moments, not "
                    + moments.length);
        }
        double[] out = new double[normCount];
        int k = 0;
        for (int n = 0; n <= order; n++) {
            for (int l = n % 2; l <= n; l += 2) {
                int b = offset(n, l);
                double s = 0;
                for (int m = -l; m <= l; m++) {
                    s += moments[b + m] * moments[b + m];
                }
                out[k++] = Math.sqrt(s);
            }
        }
        return out;
    }

    /**
     * Rotation-invariant 3D Zernike descriptor of a surface point cloud in the unit ball (Novotni and Klein 2003):
     * {@link #norms} of the {@link #moments} of {@link #voxelise(double[], double)} at {@link #FIT_RADIUS}.
     */
    public double[] descriptor(double[] points) {
        return norms(moments(voxelise(points, FIT_RADIUS)));
    }

    /**
     * The invariants as an (N + 1) x (N + 1) row-major map, row n and column l, holding F_nl / scale; cells with
     * l > n or n - l odd are structurally 0 (no invariant there).
     */
    public float[] toMap(double[] norms, double scale) {
        if (norms.length != normCount) {
            throw new IllegalArgumentException("order " + order + " has " + normCount + " invariants, not "
                    + norms.length);
        }
        checkScale(scale);
        int side = order + 1;
        float[] map = new float[side * side];
        for (int n = 0; n <= order; n++) {
            for (int l = n % 2; l <= n; l += 2) {
                map[n * side + l] = (float) (norms[normOffset[n * side + l]] / scale);
            }
        }
        return map;
    }

    /** The inverse of {@link #toMap} on valid cells: F_nl = scale times cell (n, l) of the map at {@code offset}. */
    public double[] fromMap(float[] map, int offset, double scale) {
        int side = order + 1;
        if (offset < 0 || offset > map.length - side * side) {
            throw new IllegalArgumentException("a " + side + " x " + side + " map at offset " + offset
                    + " does not fit in " + map.length + " values");
        }
        checkScale(scale);
        double[] norms = new double[normCount];
        for (int n = 0; n <= order; n++) {
            for (int l = n % 2; l <= n; l += 2) {
                norms[normOffset[n * side + l]] = scale * map[offset + n * side + l];
            }
        }
        return norms;
    }

    private static void checkScale(double scale) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("map scale must be positive and finite, not " + scale);
        }
    }

    private double cellVolume() {
        double h = 2.0 / resolution;
        return h * h * h;
    }
}
