package org.cgml.tasks.image.data;

import java.util.ArrayDeque;

/**
 * Canny edge detection (Canny 1986) on a grey image in [0, 1]: Gaussian smoothing (sigma), Sobel gradients,
 * non-maximum suppression along the gradient direction (quantised to 0/45/90/135 degrees), then hysteresis between
 * a low and a high threshold given as fractions of the largest gradient magnitude (8-connected).
 * No library on the module path offers it (OpenCV and BoofCV are not modules here), so it is ours, with tests.
 */
public final class Canny {
    private final double sigma;
    private final double low;
    private final double high;

    public Canny(double sigma, double low, double high) {
        if (!(sigma >= 0) || !(low > 0) || !(high >= low) || high > 1) {
            throw new IllegalArgumentException("Canny needs sigma >= 0 and 0 < low <= high <= 1 (got sigma " + sigma
                    + ", low " + low + ", high " + high + ")");
        }
        this.sigma = sigma;
        this.low = low;
        this.high = high;
    }

    /** Edge map of an h x w grey image (row-major): true on edges. */
    public boolean[] edges(double[] grey, int h, int w) {
        double[] s = sigma > 0 ? blur(grey, h, w) : grey.clone();
        double[] mag = new double[h * w];
        int[] dir = new int[h * w];
        double max = 0;
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                double gx = s[(y - 1) * w + x + 1] + 2 * s[y * w + x + 1] + s[(y + 1) * w + x + 1]
                        - s[(y - 1) * w + x - 1] - 2 * s[y * w + x - 1] - s[(y + 1) * w + x - 1];
                double gy = s[(y + 1) * w + x - 1] + 2 * s[(y + 1) * w + x] + s[(y + 1) * w + x + 1]
                        - s[(y - 1) * w + x - 1] - 2 * s[(y - 1) * w + x] - s[(y - 1) * w + x + 1];
                double m = Math.hypot(gx, gy);
                mag[y * w + x] = m;
                max = Math.max(max, m);
                double angle = Math.toDegrees(Math.atan2(gy, gx));
                if (angle < 0) {
                    angle += 180;
                }
                dir[y * w + x] = angle < 22.5 || angle >= 157.5 ? 0 : angle < 67.5 ? 1 : angle < 112.5 ? 2 : 3;
            }
        }
        boolean[] out = new boolean[h * w];
        if (max == 0) {
            return out;
        }
        int[][] step = {{0, 1}, {1, 1}, {1, 0}, {1, -1}};
        double[] thin = new double[h * w];
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                int i = y * w + x;
                int dy = step[dir[i]][0];
                int dx = step[dir[i]][1];
                double a = mag[(y + dy) * w + x + dx];
                double b = mag[(y - dy) * w + x - dx];
                if (mag[i] > a && mag[i] >= b) {           // ties go to one side: one-pixel edges
                    thin[i] = mag[i] / max;
                }
            }
        }
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int i = 0; i < thin.length; i++) {
            if (thin[i] >= high) {
                out[i] = true;
                queue.add(i);
            }
        }
        while (!queue.isEmpty()) {
            int i = queue.poll();
            int y = i / w;
            int x = i % w;
            for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    int yy = y + dy;
                    int xx = x + dx;
                    if (yy >= 0 && yy < h && xx >= 0 && xx < w) {
                        int j = yy * w + xx;
                        if (!out[j] && thin[j] >= low) {
                            out[j] = true;
                            queue.add(j);
                        }
                    }
                }
            }
        }
        return out;
    }

    private double[] blur(double[] v, int h, int w) {
        int r = Math.max(1, (int) Math.ceil(3 * sigma));
        double[] k = new double[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = Math.exp(-0.5 * i * i / (sigma * sigma));
            sum += k[i + r];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        double[] tmp = new double[h * w];
        double[] out = new double[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double acc = 0;
                for (int t = -r; t <= r; t++) {
                    acc += k[t + r] * v[y * w + Math.min(w - 1, Math.max(0, x + t))];
                }
                tmp[y * w + x] = acc;
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double acc = 0;
                for (int t = -r; t <= r; t++) {
                    acc += k[t + r] * tmp[Math.min(h - 1, Math.max(0, y + t)) * w + x];
                }
                out[y * w + x] = acc;
            }
        }
        return out;
    }
}
