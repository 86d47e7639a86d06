package org.cgml.eval;

import org.apache.commons.math3.exception.MathIllegalArgumentException;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Frechet Inception Distance (Heusel et al. 2017) between two sets of features, as pytorch-fid computes it:
 * {@code |mu1 - mu2|^2 + tr S1 + tr S2 - 2 tr sqrt(S1 S2)} with the sample means and the unbiased (n - 1)
 * covariances. The trace of the square root is the sum of the singular values of {@code F1 F2^T} for any factors
 * {@code S_i = F_i^T F_i}: the centred features over sqrt(n - 1) when a set has no more rows than dimensions, else the
 * covariance's Cholesky factor, or its symmetric square root when it is singular (commons-math3's decompositions). The product S1 S2 is never formed,
 * so covariances of fewer images than dimensions (singular) need no help; should an eigendecomposition still fail,
 * both diagonals get pytorch-fid's offset {@link #EPS} and the distance is computed again, as pytorch-fid does when
 * scipy's sqrtm of the product is not finite.
 */
public final class Fid {
    /** pytorch-fid's offset added to both covariances' diagonals when the square root fails. */
    public static final double EPS = 1e-6;

    private Fid() {
    }

    /**
     * The mean of one feature set and a factor {@code F} of its covariance, {@code F^T F = covariance}.
     *
     * @param mean the mean feature
     * @param factor r rows of the features' dimension: the centred features over sqrt(n - 1) (the unbiased
     *        covariance of numpy.cov), or the covariance's Cholesky factor or symmetric square root
     * @param count how many feature vectors (0 when built from a mean and covariance alone)
     */
    public record Statistics(double[] mean, double[][] factor, int count) {
        /** The statistics of {@code features}, one row per image: at least two rows, all of one finite length. */
        public static Statistics of(double[][] features) {
            int n = features.length;
            if (n < 2) {
                throw new IllegalArgumentException("FID needs at least two feature vectors per set (got " + n + ")");
            }
            int d = features[0].length;
            double[] mean = new double[d];
            for (double[] f : features) {
                if (f.length != d) {
                    throw new IllegalArgumentException("feature vectors of lengths " + d + " and " + f.length);
                }
                for (int j = 0; j < d; j++) {
                    if (!Double.isFinite(f[j])) {
                        throw new IllegalArgumentException("a feature is not finite: " + f[j]);
                    }
                    mean[j] += f[j];
                }
            }
            for (int j = 0; j < d; j++) {
                mean[j] /= n;
            }
            double scale = 1 / Math.sqrt(n - 1.0);
            double[][] centred = new double[n][d];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    centred[i][j] = (features[i][j] - mean[j]) * scale;
                }
            }
            return new Statistics(mean, n <= d ? centred : covarianceFactor(gram(transpose(centred))), n);
        }

        /** Statistics from a mean and a symmetric covariance (as pytorch-fid saves {@code mu} and {@code sigma}). */
        public static Statistics of(double[] mean, double[][] covariance) {
            if (covariance.length != mean.length) {
                throw new IllegalArgumentException("covariance of size " + covariance.length + " for a mean of "
                        + mean.length);
            }
            return new Statistics(mean, covarianceFactor(covariance), 0);
        }

        /** The features' dimension. */
        public int dimension() {
            return mean.length;
        }

        /** The covariance {@code F^T F}. */
        public double[][] covariance() {
            return gram(transpose(factor));
        }

        /** The covariance's trace, the sum of the squares of the factor. */
        public double trace() {
            double t = 0;
            for (double[] row : factor) {
                for (double v : row) {
                    t += v * v;
                }
            }
            return t;
        }
    }

    /** FID between two feature sets, one row per image. */
    public static double of(double[][] a, double[][] b) {
        return distance(Statistics.of(a), Statistics.of(b));
    }

    /** FID between two sets' statistics. */
    public static double distance(Statistics a, Statistics b) {
        int d = a.dimension();
        if (b.dimension() != d) {
            throw new IllegalArgumentException("features of dimensions " + d + " and " + b.dimension());
        }
        double diff = 0;
        for (int j = 0; j < d; j++) {
            double m = a.mean()[j] - b.mean()[j];
            diff += m * m;
        }
        double root;
        try {
            root = traceSqrt(a.factor(), b.factor());
        } catch (MathIllegalStateException e) {
            root = Double.NaN;
        }
        if (!Double.isFinite(root)) { // pytorch-fid: eps on both diagonals, for the root only
            root = traceSqrt(symmetricSqrt(a.covariance(), EPS), symmetricSqrt(b.covariance(), EPS));
        }
        return diff + a.trace() + b.trace() - 2 * root;
    }

    /** tr sqrt(F1^T F1 F2^T F2): the sum of the singular values of F1 F2^T, from the smaller of its Gram matrices. */
    static double traceSqrt(double[][] f1, double[][] f2) {
        double[][] g = cross(f1, f2);
        double[][] gram = g.length <= g[0].length ? gram(g) : gram(transpose(g));
        double sum = 0;
        for (double v : new EigenDecomposition(symmetric(gram)).getRealEigenvalues()) {
            sum += Math.sqrt(Math.max(0, v));
        }
        return sum;
    }

    /**
     * A factor F with F^T F = s: the transposed Cholesky factor when s is positive definite (one fast
     * decomposition), else the symmetric square root.
     */
    static double[][] covarianceFactor(double[][] s) {
        double scale = 0;
        for (int i = 0; i < s.length; i++) {
            scale = Math.max(scale, Math.abs(s[i][i]));
        }
        try {
            return new CholeskyDecomposition(symmetric(s), 1e-9, 1e-12 * scale).getLT().getData();
        } catch (MathIllegalArgumentException e) { // not positive definite (or not symmetric)
            return symmetricSqrt(s, 0);
        }
    }

    /** The symmetric square root of {@code s + offset I} (negative rounding-error eigenvalues taken as 0). */
    static double[][] symmetricSqrt(double[][] s, double offset) {
        int d = s.length;
        double[][] m = new double[d][];
        for (int i = 0; i < d; i++) {
            if (s[i].length != d) {
                throw new IllegalArgumentException("covariance is not square");
            }
            m[i] = s[i].clone();
            m[i][i] += offset;
        }
        EigenDecomposition e = new EigenDecomposition(symmetric(m));
        double[] lambda = e.getRealEigenvalues();
        RealMatrix v = e.getV();
        double[][] vs = v.getData();
        for (int i = 0; i < d; i++) {
            for (int k = 0; k < d; k++) {
                vs[i][k] *= Math.sqrt(Math.sqrt(Math.max(0, lambda[k])));
            }
        }
        return gram(vs);
    }

    /** Rows a_i: the matrix of their dot products A A^T (rows in parallel; each entry is one fixed sum). */
    static double[][] gram(double[][] a) {
        int n = a.length;
        double[][] g = new double[n][n];
        java.util.stream.IntStream.range(0, n).parallel().forEach(i -> {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                double[] x = a[i];
                double[] y = a[j];
                for (int k = 0; k < x.length; k++) {
                    s += x[k] * y[k];
                }
                g[i][j] = s;
                g[j][i] = s;
            }
        });
        return g;
    }

    /** Rows a_i and b_j: the matrix of their dot products A B^T (rows in parallel; each entry is one fixed sum). */
    static double[][] cross(double[][] a, double[][] b) {
        double[][] g = new double[a.length][b.length];
        java.util.stream.IntStream.range(0, a.length).parallel().forEach(i -> {
            for (int j = 0; j < b.length; j++) {
                double s = 0;
                for (int k = 0; k < a[i].length; k++) {
                    s += a[i][k] * b[j][k];
                }
                g[i][j] = s;
            }
        });
        return g;
    }

    static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    /** (M + M^T) / 2, so commons-math3 takes its symmetric path whatever the rounding. */
    private static RealMatrix symmetric(double[][] m) {
        int n = m.length;
        double[][] s = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                s[i][j] = (m[i][j] + m[j][i]) / 2;
            }
        }
        return new Array2DRowRealMatrix(s, false);
    }
}
