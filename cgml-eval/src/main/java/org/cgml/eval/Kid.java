package org.cgml.eval;

import java.util.Random;

/**
 * Kernel Inception Distance (Binkowski et al. 2018) as torch-fidelity computes it: the unbiased estimator of the
 * squared MMD with the polynomial kernel {@code k(x, y) = (x.y / d + 1)^3} (d the features' dimension), averaged over
 * random subsets: each of {@code subsets} draws {@code subsetSize} rows of each set without replacement; the figure is
 * the mean over the subsets, reported with their standard deviation (population, as numpy.std). torch-fidelity's
 * defaults are 100 subsets of 1000 ({@link #SUBSETS}, {@link #SUBSET_SIZE}); with fewer images the subsets hold as
 * many as the smaller set.
 */
public final class Kid {
    /** torch-fidelity's default number of subsets. */
    public static final int SUBSETS = 100;
    /** torch-fidelity's default subset size. */
    public static final int SUBSET_SIZE = 1000;

    private Kid() {
    }

    /** KID: the mean of the subsets' unbiased MMD^2, their standard deviation, and the subsets used. */
    public record Result(double mean, double std, int subsetSize, int subsets) {
    }

    /** KID with torch-fidelity's defaults: {@link #SUBSETS} subsets of min({@link #SUBSET_SIZE}, |a|, |b|) rows. */
    public static Result of(double[][] a, double[][] b, long seed) {
        return of(a, b, Math.min(SUBSET_SIZE, Math.min(a.length, b.length)), SUBSETS, seed);
    }

    /** KID over {@code subsets} random subsets of {@code subsetSize} rows of each set, drawn with {@code seed}. */
    public static Result of(double[][] a, double[][] b, int subsetSize, int subsets, long seed) {
        if (subsetSize < 2 || subsetSize > a.length || subsetSize > b.length) {
            throw new IllegalArgumentException("KID needs subsets of at least 2 and at most the smaller set's "
                    + Math.min(a.length, b.length) + " feature vectors (got " + subsetSize + ")");
        }
        if (subsets < 1) {
            throw new IllegalArgumentException("KID needs at least one subset (got " + subsets + ")");
        }
        Random random = new Random(seed);
        int[][] ia = new int[subsets][];
        int[][] ib = new int[subsets][];
        for (int s = 0; s < subsets; s++) {
            ia[s] = choose(random, a.length, subsetSize);
            ib[s] = choose(random, b.length, subsetSize);
        }
        return over(a, b, ia, ib);
    }

    /** KID over given subsets: row indices of {@code a} and of {@code b} per subset. */
    static Result over(double[][] a, double[][] b, int[][] ia, int[][] ib) {
        double[] mmd = new double[ia.length];
        for (int s = 0; s < ia.length; s++) {
            mmd[s] = mmd2(pick(a, ia[s]), pick(b, ib[s]));
        }
        double mean = 0;
        for (double v : mmd) {
            mean += v / mmd.length;
        }
        double var = 0;
        for (double v : mmd) {
            var += (v - mean) * (v - mean) / mmd.length;
        }
        return new Result(mean, Math.sqrt(var), ia[0].length, ia.length);
    }

    /**
     * The unbiased estimator of MMD^2 between two sets (m and n rows) with the polynomial kernel: the kernel's mean
     * over the pairs of distinct rows within each set, less twice its mean over all cross pairs.
     */
    public static double mmd2(double[][] x, double[][] y) {
        int m = x.length;
        int n = y.length;
        if (m < 2 || n < 2) {
            throw new IllegalArgumentException("MMD needs at least two feature vectors per set");
        }
        int d = x[0].length;
        for (double[][] set : new double[][][] {x, y}) {
            for (double[] row : set) {
                if (row.length != d) {
                    throw new IllegalArgumentException("feature vectors of lengths " + d + " and " + row.length);
                }
                for (double v : row) {
                    if (!Double.isFinite(v)) {
                        throw new IllegalArgumentException("a feature is not finite: " + v);
                    }
                }
            }
        }
        return (offDiagonalSum(Fid.gram(x), d) / ((double) m * (m - 1))
                + offDiagonalSum(Fid.gram(y), d) / ((double) n * (n - 1))
                - 2 * sum(Fid.cross(x, y), d) / ((double) m * n));
    }

    private static double kernel(double dot, int d) {
        double k = dot / d + 1;
        return k * k * k;
    }

    private static double offDiagonalSum(double[][] dots, int d) {
        double s = 0;
        for (int i = 0; i < dots.length; i++) {
            for (int j = 0; j < dots.length; j++) {
                if (i != j) {
                    s += kernel(dots[i][j], d);
                }
            }
        }
        return s;
    }

    private static double sum(double[][] dots, int d) {
        double s = 0;
        for (double[] row : dots) {
            for (double v : row) {
                s += kernel(v, d);
            }
        }
        return s;
    }

    private static double[][] pick(double[][] rows, int[] index) {
        double[][] p = new double[index.length][];
        for (int i = 0; i < index.length; i++) {
            p[i] = rows[index[i]];
        }
        return p;
    }

    /** {@code k} distinct indices of {@code 0..n-1}, a partial Fisher-Yates shuffle. */
    private static int[] choose(Random random, int n, int k) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return java.util.Arrays.copyOf(all, k);
    }
}
