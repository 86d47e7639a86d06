package org.cgml.eval;

/**
 * Diversity of the K samples drawn for one input: their mean pairwise distance. The L1 form (mean absolute
 * difference per value) is used where LPIPS weights are absent; reports say which one was used.
 */
public final class Diversity {
    private Diversity() {
    }

    /** Which distance a diversity figure used. */
    public enum Kind {
        LPIPS, L1
    }

    /** A diversity figure and the distance it used. */
    public record Result(double value, Kind kind) {
    }

    /**
     * Mean pairwise distance of K images drawn for one input: LPIPS when {@code lpips} is given, else the mean
     * absolute difference of values scaled by {@code range} (so both read on a [0, 1]-like scale).
     */
    public static Result meanPairwise(java.util.List<Raster> samples, double range, Lpips lpips) {
        int k = samples.size();
        if (k == 0) {
            throw new IllegalArgumentException("diversity needs at least one sample");
        }
        if (lpips == null) {
            float[][] flat = new float[k][];
            for (int i = 0; i < k; i++) {
                double[] p = samples.get(i).pixels();
                flat[i] = new float[p.length];
                for (int j = 0; j < p.length; j++) {
                    flat[i][j] = (float) (p[j] / range);
                }
            }
            return new Result(meanPairwiseL1(flat), Kind.L1);
        }
        double sum = 0;
        int pairs = 0;
        for (int i = 0; i < k; i++) {
            for (int j = i + 1; j < k; j++) {
                sum += lpips.distance(samples.get(i), samples.get(j), range);
                pairs++;
            }
        }
        return new Result(pairs == 0 ? 0 : sum / pairs, Kind.LPIPS);
    }

    /** Mean over the K(K-1)/2 pairs of the mean absolute difference between two samples; 0 for K = 1. */
    public static double meanPairwiseL1(float[][] samples) {
        int k = samples.length;
        if (k == 0) {
            throw new IllegalArgumentException("diversity needs at least one sample");
        }
        int n = samples[0].length;
        double sum = 0;
        int pairs = 0;
        for (int i = 0; i < k; i++) {
            if (samples[i].length != n) {
                throw new IllegalArgumentException("sample " + i + " has " + samples[i].length + " values, not " + n);
            }
            for (int j = i + 1; j < k; j++) {
                double d = 0;
                for (int v = 0; v < n; v++) {
                    d += Math.abs((double) samples[i][v] - samples[j][v]);
                }
                sum += d / n;
                pairs++;
            }
        }
        return pairs == 0 ? 0 : sum / pairs;
    }
}
