package org.cgml.eval;

/** Peak signal-to-noise ratio, 10 log10(R^2 / MSE), with the data range R always stated (docs/DESIGN.md section 5). */
public final class Psnr {
    private Psnr() {
    }

    /**
     * PSNR in dB of {@code prediction} against {@code reference} (same length) for data range {@code range};
     * infinite for identical inputs.
     */
    public static double of(Raster reference, Raster prediction, double range) {
        Raster.requireSameShape(reference, prediction);
        return masked(reference, prediction, range, null);
    }

    /** PSNR over the pixels where {@code mask} (height x width) is true, all channels; null means every pixel. */
    public static double masked(Raster reference, Raster prediction, double range, boolean[] mask) {
        Raster.requireSameShape(reference, prediction);
        checkRange(range);
        int ch = reference.channels();
        double sum = 0;
        long n = 0;
        double[] a = reference.pixels();
        double[] b = prediction.pixels();
        for (int p = 0; p < reference.height() * reference.width(); p++) {
            if (mask == null || mask[p]) {
                for (int c = 0; c < ch; c++) {
                    double d = a[p * ch + c] - b[p * ch + c];
                    sum += d * d;
                }
                n += ch;
            }
        }
        if (n == 0) {
            return Double.NaN;
        }
        return fromMse(sum / n, range);
    }

    private static void checkRange(double range) {
        if (!(range > 0)) {
            throw new IllegalArgumentException("PSNR needs a positive data range (got " + range + ")");
        }
    }

    /** PSNR in dB of a mean squared error {@code mse} for data range {@code range}; infinite for 0. */
    public static double fromMse(double mse, double range) {
        checkRange(range);
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(range * range / mse);
    }

    /** PSNR of flat arrays of the same length. */
    public static double of(float[] reference, float[] prediction, double range) {
        if (reference.length != prediction.length || reference.length == 0) {
            throw new IllegalArgumentException("PSNR needs two non-empty arrays of the same size (got "
                    + reference.length + " and " + prediction.length + ")");
        }
        checkRange(range);
        double sum = 0;
        for (int i = 0; i < reference.length; i++) {
            double d = (double) reference[i] - prediction[i];
            sum += d * d;
        }
        return fromMse(sum / reference.length, range);
    }
}
