package org.cgml.eval;

/**
 * Distances between point sets stored flat (count x dim, row-major): Chamfer distance with squared Euclidean
 * distances, both directions and their mean, and mode coverage.
 */
public final class PointSets {
    private PointSets() {
    }

    /** Chamfer figures of two point sets. */
    public record Chamfer(double forward, double backward) {
        /** The symmetric Chamfer distance, the mean of both directions. */
        public double symmetric() {
            return 0.5 * (forward + backward);
        }
    }

    /**
     * forward = mean over a of the squared distance to the nearest b; backward the same from b to a.
     */
    public static Chamfer chamfer(float[] a, float[] b, int dim) {
        check(a, dim, "first");
        check(b, dim, "second");
        return new Chamfer(meanNearest(a, b, dim), meanNearest(b, a, dim));
    }

    /**
     * Mode coverage: the share of {@code modes} (reference points, one per mode) with at least one of
     * {@code samples} within Euclidean distance {@code radius}.
     */
    public static double coverage(float[] modes, float[] samples, int dim, double radius) {
        check(modes, dim, "modes");
        check(samples, dim, "samples");
        int covered = 0;
        int m = modes.length / dim;
        double r2 = radius * radius;
        for (int i = 0; i < m; i++) {
            if (nearest(modes, i, samples, dim) <= r2) {
                covered++;
            }
        }
        return (double) covered / m;
    }

    private static double meanNearest(float[] from, float[] to, int dim) {
        int n = from.length / dim;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += nearest(from, i, to, dim);
        }
        return sum / n;
    }

    private static double nearest(float[] from, int i, float[] to, int dim) {
        double best = Double.POSITIVE_INFINITY;
        int m = to.length / dim;
        for (int j = 0; j < m; j++) {
            double d = 0;
            for (int k = 0; k < dim; k++) {
                double t = (double) from[i * dim + k] - to[j * dim + k];
                d += t * t;
            }
            best = Math.min(best, d);
        }
        return best;
    }

    private static void check(float[] points, int dim, String what) {
        if (dim < 1 || points.length == 0 || points.length % dim != 0) {
            throw new IllegalArgumentException("the " + what + " point set needs a positive multiple of " + dim
                    + " values (got " + points.length + ")");
        }
    }
}
