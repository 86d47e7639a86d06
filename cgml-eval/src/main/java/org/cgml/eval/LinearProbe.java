package org.cgml.eval;

import java.util.Arrays;
import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.analysis.MultivariateVectorFunction;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleValueChecker;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunctionGradient;
import org.apache.commons.math3.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer;

/**
 * Linear probe (paper Table 4): multinomial logistic regression with an L2 penalty on frozen features, fitted by
 * full-batch nonlinear conjugate gradient (commons-math3) from zero weights on standardised features, so the
 * result is deterministic; reports test accuracy and the confusion matrix.
 */
public final class LinearProbe {
    private final double l2;
    private final int maxIterations;

    /**
     * A probe with L2 weight {@code l2} (on the mean loss) and at most {@code maxIterations} CG iterations (the
     * weights reached by then are used when the fit has not converged).
     */
    public LinearProbe(double l2, int maxIterations) {
        if (!(l2 >= 0) || maxIterations < 1) {
            throw new IllegalArgumentException("need l2 >= 0 and maxIterations >= 1");
        }
        this.l2 = l2;
        this.maxIterations = maxIterations;
    }

    /** Test accuracy and confusion matrix (rows: true class, columns: predicted). */
    public record Result(double accuracy, int[][] confusion, int classes) {
    }

    /**
     * Fits on {@code train} features (rows) and labels 0..C-1, evaluates on {@code test}.
     */
    public Result fitAndTest(double[][] train, int[] trainLabels, double[][] test, int[] testLabels) {
        if (train.length == 0 || train.length != trainLabels.length || test.length != testLabels.length) {
            throw new IllegalArgumentException("features and labels must be non-empty and of equal counts");
        }
        int d = train[0].length;
        int c = 0;
        for (int y : trainLabels) {
            if (y < 0) {
                throw new IllegalArgumentException("labels must be 0..C-1 (got " + y + ")");
            }
            c = Math.max(c, y + 1);
        }
        for (int y : testLabels) {
            c = Math.max(c, y + 1);
        }
        int classes = c;
        double[] mean = new double[d];
        double[] scale = new double[d];
        for (double[] row : train) {
            if (row.length != d) {
                throw new IllegalArgumentException("every feature row needs " + d + " values");
            }
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / train.length;
            }
        }
        for (double[] row : train) {
            for (int j = 0; j < d; j++) {
                scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / train.length;
            }
        }
        for (int j = 0; j < d; j++) {
            scale[j] = scale[j] > 1e-12 ? 1 / Math.sqrt(scale[j]) : 1;
        }
        double[][] x = standardise(train, mean, scale);
        int dim = (d + 1) * classes;
        MultivariateFunction loss = w -> lossAndGradient(w, x, trainLabels, classes, null);
        MultivariateVectorFunction gradient = w -> {
            double[] g = new double[dim];
            lossAndGradient(w, x, trainLabels, classes, g);
            return g;
        };
        NonLinearConjugateGradientOptimizer opt = new NonLinearConjugateGradientOptimizer(
                NonLinearConjugateGradientOptimizer.Formula.POLAK_RIBIERE,
                new SimpleValueChecker(1e-10, 1e-12, maxIterations));
        // the checker stops at maxIterations with the current weights (MaxIter alone would throw instead)
        PointValuePair best = opt.optimize(new MaxEval(Integer.MAX_VALUE), new MaxIter(Integer.MAX_VALUE),
                new ObjectiveFunction(loss), new ObjectiveFunctionGradient(gradient), GoalType.MINIMIZE,
                new InitialGuess(new double[dim]));
        double[] w = best.getPoint();
        double[][] xt = standardise(test, mean, scale);
        int[][] confusion = new int[classes][classes];
        int correct = 0;
        for (int i = 0; i < xt.length; i++) {
            int p = argmax(scores(w, xt[i], classes));
            confusion[testLabels[i]][p]++;
            if (p == testLabels[i]) {
                correct++;
            }
        }
        return new Result(xt.length == 0 ? Double.NaN : (double) correct / xt.length, confusion, classes);
    }

    private static double[][] standardise(double[][] rows, double[] mean, double[] scale) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = new double[mean.length];
            for (int j = 0; j < mean.length; j++) {
                out[i][j] = (rows[i][j] - mean[j]) * scale[j];
            }
        }
        return out;
    }

    /** Weights laid out class-major: for class k, d feature weights then the bias. */
    private static double[] scores(double[] w, double[] x, int classes) {
        int d = x.length;
        double[] s = new double[classes];
        for (int k = 0; k < classes; k++) {
            int off = k * (d + 1);
            double v = w[off + d];
            for (int j = 0; j < d; j++) {
                v += w[off + j] * x[j];
            }
            s[k] = v;
        }
        return s;
    }

    private double lossAndGradient(double[] w, double[][] x, int[] y, int classes, double[] grad) {
        int n = x.length;
        int d = x[0].length;
        if (grad != null) {
            Arrays.fill(grad, 0);
        }
        double loss = 0;
        for (int i = 0; i < n; i++) {
            double[] s = scores(w, x[i], classes);
            double max = Arrays.stream(s).max().orElse(0);
            double z = 0;
            for (int k = 0; k < classes; k++) {
                s[k] = Math.exp(s[k] - max);
                z += s[k];
            }
            loss -= Math.log(s[y[i]] / z) / n;
            if (grad != null) {
                for (int k = 0; k < classes; k++) {
                    double g = (s[k] / z - (k == y[i] ? 1 : 0)) / n;
                    int off = k * (d + 1);
                    for (int j = 0; j < d; j++) {
                        grad[off + j] += g * x[i][j];
                    }
                    grad[off + d] += g;
                }
            }
        }
        for (int k = 0; k < classes; k++) {
            for (int j = 0; j < d; j++) {
                double v = w[k * (d + 1) + j];
                loss += 0.5 * l2 * v * v;
                if (grad != null) {
                    grad[k * (d + 1) + j] += l2 * v;
                }
            }
        }
        return loss;
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * {@code count} rows of {@code width} features each (stored flat, channels last over {@code positions} spatial
     * positions) averaged over the positions: width / positions values per row (global average pooling, as probes of
     * convolutional encoders read them; it keeps the fit to seconds).
     */
    public static double[][] pooled(float[] flat, int count, int width, int positions) {
        if (positions < 1 || width % positions != 0 || flat.length < (long) count * width) {
            throw new IllegalArgumentException("need " + count + " rows of " + width + " features over " + positions
                    + " positions");
        }
        int channels = width / positions;
        double[][] out = new double[count][channels];
        for (int i = 0; i < count; i++) {
            for (int p = 0; p < positions; p++) {
                for (int c = 0; c < channels; c++) {
                    out[i][c] += flat[i * width + p * channels + c] / (double) positions;
                }
            }
        }
        return out;
    }
}
