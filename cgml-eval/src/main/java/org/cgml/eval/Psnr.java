package org.cgml.eval;

/** Peak signal-to-noise ratio, 10 log10(R^2 / MSE), with the data range R always stated (DESIGN section 5). */
public final class Psnr {
    private Psnr() {
    }

    /**
     * PSNR in dB of {@code prediction} against {@code reference} (same length) for data range {@code range};
     * infinite for identical inputs.
     */
    public static double of(float[] reference, float[] prediction, double range) {
        if (reference.length != prediction.length || reference.length == 0) {
            throw new IllegalArgumentException("PSNR needs two non-empty arrays of the same size (got "
                    + reference.length + " and " + prediction.length + ")");
        }
        if (!(range > 0)) {
            throw new IllegalArgumentException("PSNR needs a positive data range (got " + range + ")");
        }
        double sum = 0;
        for (int i = 0; i < reference.length; i++) {
            double d = (double) reference[i] - prediction[i];
            sum += d * d;
        }
        double mse = sum / reference.length;
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(range * range / mse);
    }
}
