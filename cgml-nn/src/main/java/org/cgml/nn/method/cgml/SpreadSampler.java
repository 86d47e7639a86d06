package org.cgml.nn.method.cgml;

import org.cgml.nn.LatentUpdate;
import org.cgml.nn.Sampler;

/**
 * K samples kept apart: for each input, {@code pool} x K samples are drawn, and K of them kept by greedy selection in
 * output space (distances are mean absolute differences): a first, then each time the one of highest d_kept - support
 * x d_nn, d_kept its distance to the nearest of those kept and d_nn its distance to its own nearest neighbour in the
 * pool. With support 0 this is farthest-point selection; above 0 a sample no other draw comes near (a phantom between
 * modes, a draw off the data) is passed over for one on a mode that other draws reach too. The first is the first
 * drawn, or with {@code central} the pool's medoid (the sample of least summed distance to the others: the pool's
 * most typical output, what one sample alone should be).
 */
final class SpreadSampler implements Sampler {
    private final Sampler drawn;
    private final int pool;
    private final double support;
    private final boolean central;
    private final int outSize;

    SpreadSampler(Sampler drawn, int pool, double support, boolean central, int outSize) {
        if (pool < 1) {
            throw new IllegalArgumentException("a pool holds at least K samples (pool >= 1, got " + pool + ")");
        }
        if (!(support >= 0) || Double.isInfinite(support)) {
            throw new IllegalArgumentException("support weighs isolation: finite and >= 0 (got " + support + ")");
        }
        this.support = support;
        this.drawn = drawn;
        this.pool = pool;
        this.central = central;
        this.outSize = outSize;
    }

    @Override
    public float[] sample(float[] inputs, int count, int modes, int steps, LatentUpdate update, long seed) {
        if (pool == 1 && (modes == 1 || !central)) {
            return drawn.sample(inputs, count, modes, steps, update, seed);
        }
        int many = modes * pool;
        float[] all = drawn.sample(inputs, count, many, steps, update, seed);
        float[] out = new float[count * modes * outSize];
        for (int i = 0; i < count; i++) {
            int[] kept = farthest(all, i * many, many, modes);
            for (int k = 0; k < modes; k++) {
                System.arraycopy(all, (i * many + kept[k]) * outSize, out, (i * modes + k) * outSize, outSize);
            }
        }
        return out;
    }

    /**
     * Of the {@code many} outputs from row {@code first}, {@code k} by greedy selection from the first drawn or the
     * medoid: each next the one of highest distance to those kept less {@code support} x its isolation.
     */
    private int[] farthest(float[] all, int first, int many, int k) {
        double[][] d = distances(all, first, many);
        int[] kept = new int[k];
        kept[0] = central ? medoid(d) : 0;
        double[] penalty = isolation(d);
        for (int c = 0; c < many; c++) {
            penalty[c] *= support;
        }
        double[] nearest = new double[many];
        java.util.Arrays.fill(nearest, Double.POSITIVE_INFINITY);
        boolean[] taken = new boolean[many];
        for (int j = 1; j < k; j++) {
            int last = kept[j - 1];
            taken[last] = true;
            int best = -1;
            for (int c = 0; c < many; c++) {
                nearest[c] = Math.min(nearest[c], d[c][last]);
                if (!taken[c] && (best < 0 || nearest[c] - penalty[c] > nearest[best] - penalty[best])) {
                    best = c;
                }
            }
            kept[j] = best;
        }
        return kept;
    }

    /** The distances between every two of the {@code many} outputs from row {@code first}, computed once each. */
    private double[][] distances(float[] all, int first, int many) {
        double[][] d = new double[many][many];
        for (int a = 0; a < many; a++) {
            for (int b = a + 1; b < many; b++) {
                d[a][b] = distance(all, first + a, first + b);
                d[b][a] = d[a][b];
            }
        }
        return d;
    }

    /** Each output's distance to its nearest other output (0 for all when support is 0). */
    private double[] isolation(double[][] d) {
        double[] nn = new double[d.length];
        if (support == 0) {
            return nn;
        }
        java.util.Arrays.fill(nn, Double.POSITIVE_INFINITY);
        for (int a = 0; a < d.length; a++) {
            for (int b = 0; b < d.length; b++) {
                if (b != a) {
                    nn[a] = Math.min(nn[a], d[a][b]);
                }
            }
        }
        return nn;
    }

    /** The output of least summed distance to the others (the first such on ties). */
    private static int medoid(double[][] d) {
        double[] sum = new double[d.length];
        for (int a = 0; a < d.length; a++) {
            for (int b = a + 1; b < d.length; b++) {
                sum[a] += d[a][b];
                sum[b] += d[a][b];
            }
        }
        int best = 0;
        for (int a = 1; a < d.length; a++) {
            if (sum[a] < sum[best]) {
                best = a;
            }
        }
        return best;
    }

    private double distance(float[] all, int a, int b) {
        double sum = 0;
        for (int e = 0; e < outSize; e++) {
            sum += Math.abs(all[a * outSize + e] - all[b * outSize + e]);
        }
        return sum / outSize;
    }

    @Override
    public boolean movesCodes() {
        return drawn.movesCodes();
    }

    @Override
    public float[] generate(float[] inputs, float[] codes, int count) {
        return drawn.generate(inputs, codes, count);
    }

    @Override
    public int featureSize() {
        return drawn.featureSize();
    }

    @Override
    public float[] features(float[] inputs, int count) {
        return drawn.features(inputs, count);
    }
}
