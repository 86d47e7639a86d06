package org.cgml.eval;

/**
 * Element-wise errors of a prediction against a reference of the same length, in the data's own units: what arrays
 * that are not pictures (e.g. a toy task's points) are scored by, and PSNR with {@link Psnr#fromMse}.
 */
public final class ElementErrors {
    private ElementErrors() {
    }

    /** Mean squared error, mean of (a_i - b_i)^2. */
    public static double mse(double[] reference, double[] prediction) {
        check(reference, prediction);
        double sum = 0;
        for (int i = 0; i < reference.length; i++) {
            double d = reference[i] - prediction[i];
            sum += d * d;
        }
        return sum / reference.length;
    }

    /** Mean absolute error (L1 per element), mean of |a_i - b_i|. */
    public static double mae(double[] reference, double[] prediction) {
        check(reference, prediction);
        double sum = 0;
        for (int i = 0; i < reference.length; i++) {
            sum += Math.abs(reference[i] - prediction[i]);
        }
        return sum / reference.length;
    }

    private static void check(double[] a, double[] b) {
        if (a.length != b.length || a.length == 0) {
            throw new IllegalArgumentException("element-wise errors need two non-empty arrays of the same size (got "
                    + a.length + " and " + b.length + ")");
        }
    }
}
