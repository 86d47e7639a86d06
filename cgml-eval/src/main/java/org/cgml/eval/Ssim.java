package org.cgml.eval;

/**
 * Structural similarity (Wang et al. 2004) exactly as scikit-image's
 * {@code structural_similarity(gaussian_weights=True, sigma=1.5, use_sample_covariance=False, data_range=R)}:
 * local statistics from an 11 x 11 Gaussian window (sigma 1.5, truncated at 3.5 sigma, normalised, borders
 * reflected half-sample symmetrically as scipy's {@code mode='reflect'}), population covariances, K1 = 0.01,
 * K2 = 0.03, the SSIM map averaged over the area at least 5 pixels from the border, then over channels.
 * Computed in double precision.
 */
public final class Ssim {
    private static final double K1 = 0.01;
    private static final double K2 = 0.03;
    private static final double SIGMA = 1.5;
    private static final int RADIUS = (int) (3.5 * SIGMA + 0.5);
    private static final double[] KERNEL = kernel();

    private Ssim() {
    }

    private static double[] kernel() {
        double[] k = new double[2 * RADIUS + 1];
        double sum = 0;
        for (int i = -RADIUS; i <= RADIUS; i++) {
            k[i + RADIUS] = Math.exp(-0.5 * i * i / (SIGMA * SIGMA));
            sum += k[i + RADIUS];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        return k;
    }

    /** Mean SSIM of two images of the same shape for data range {@code range} (channels averaged). */
    public static double mean(Raster a, Raster b, double range) {
        return maskedMean(a, b, range, null);
    }

    /**
     * Mean SSIM over the pixels where {@code mask} is true (row-major height x width), within the area the
     * unmasked mean uses; with a null mask this is {@link #mean}. Returns NaN if no pixel qualifies.
     */
    public static double maskedMean(Raster a, Raster b, double range, boolean[] mask) {
        Raster.requireSameShape(a, b);
        if (!(range > 0)) {
            throw new IllegalArgumentException("SSIM needs a positive data range (got " + range + ")");
        }
        int h = a.height();
        int w = a.width();
        if (h < 2 * RADIUS + 1 || w < 2 * RADIUS + 1) {
            throw new IllegalArgumentException("SSIM needs images of at least 11x11 (got " + a.shape() + ")");
        }
        if (mask != null && mask.length != h * w) {
            throw new IllegalArgumentException("mask has " + mask.length + " pixels, image " + h * w);
        }
        double total = 0;
        for (int c = 0; c < a.channels(); c++) {
            total += channelMean(map(a, b, c, range), h, w, mask);
        }
        return total / a.channels();
    }

    /** The SSIM map of channel {@code c}, {@code height * width} values. */
    public static double[] map(Raster a, Raster b, int c, double range) {
        Raster.requireSameShape(a, b);
        int h = a.height();
        int w = a.width();
        int n = h * w;
        double[] x = new double[n];
        double[] y = new double[n];
        int ch = a.channels();
        for (int i = 0; i < n; i++) {
            x[i] = a.pixels()[i * ch + c];
            y[i] = b.pixels()[i * ch + c];
        }
        double[] xx = new double[n];
        double[] yy = new double[n];
        double[] xy = new double[n];
        for (int i = 0; i < n; i++) {
            xx[i] = x[i] * x[i];
            yy[i] = y[i] * y[i];
            xy[i] = x[i] * y[i];
        }
        double[] tmp = new double[n];
        double[] ux = blur(x, h, w, tmp);
        double[] uy = blur(y, h, w, tmp);
        double[] uxx = blur(xx, h, w, tmp);
        double[] uyy = blur(yy, h, w, tmp);
        double[] uxy = blur(xy, h, w, tmp);
        double c1 = (K1 * range) * (K1 * range);
        double c2 = (K2 * range) * (K2 * range);
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            double vx = uxx[i] - ux[i] * ux[i];
            double vy = uyy[i] - uy[i] * uy[i];
            double vxy = uxy[i] - ux[i] * uy[i];
            s[i] = ((2 * ux[i] * uy[i] + c1) * (2 * vxy + c2))
                    / ((ux[i] * ux[i] + uy[i] * uy[i] + c1) * (vx + vy + c2));
        }
        return s;
    }

    private static double channelMean(double[] s, int h, int w, boolean[] mask) {
        double sum = 0;
        long count = 0;
        for (int y = RADIUS; y < h - RADIUS; y++) {
            for (int x = RADIUS; x < w - RADIUS; x++) {
                int i = y * w + x;
                if (mask == null || mask[i]) {
                    sum += s[i];
                    count++;
                }
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    /** Separable Gaussian filter with half-sample symmetric borders; {@code tmp} is scratch space. */
    private static double[] blur(double[] v, int h, int w, double[] tmp) {
        double[] k = KERNEL;
        int r = RADIUS;
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                double acc = 0;
                if (x >= r && x < w - r) {
                    int base = row + x - r;
                    for (int t = 0; t < k.length; t++) {
                        acc += k[t] * v[base + t];
                    }
                } else {
                    for (int t = -r; t <= r; t++) {
                        acc += k[t + r] * v[row + reflect(x + t, w)];
                    }
                }
                tmp[row + x] = acc;
            }
        }
        double[] out = new double[h * w];
        for (int y = 0; y < h; y++) {
            int o = y * w;
            if (y >= r && y < h - r) {
                for (int t = 0; t < k.length; t++) {
                    double kt = k[t];
                    int src = (y - r + t) * w;
                    for (int x = 0; x < w; x++) {
                        out[o + x] += kt * tmp[src + x];
                    }
                }
            } else {
                for (int t = -r; t <= r; t++) {
                    double kt = k[t + r];
                    int src = reflect(y + t, h) * w;
                    for (int x = 0; x < w; x++) {
                        out[o + x] += kt * tmp[src + x];
                    }
                }
            }
        }
        return out;
    }

    /** scipy.ndimage 'reflect': d c b a | a b c d | d c b a. */
    static int reflect(int i, int n) {
        while (i < 0 || i >= n) {
            i = i < 0 ? -i - 1 : 2 * n - i - 1;
        }
        return i;
    }
}
