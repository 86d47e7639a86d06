package org.cgml.nn.method.cgml;

import org.cgml.nn.LatentUpdate;
import org.cgml.nn.Sampler;

/**
 * K samples kept apart: for each input, {@code pool} x K samples are drawn, and K of them kept by farthest-point
 * selection in output space (a first, then each time the one farthest, in mean absolute difference, from those
 * kept). The first is the first drawn, or with {@code central} the pool's medoid (the sample of least summed distance
 * to the others: the pool's most typical output, what one sample alone should be).
 */
final class SpreadSampler implements Sampler {
    private final Sampler drawn;
    private final int pool;
    private final boolean central;
    private final int outSize;

    SpreadSampler(Sampler drawn, int pool, boolean central, int outSize) {
        if (pool < 1) {
            throw new IllegalArgumentException("a pool holds at least K samples (pool >= 1, got " + pool + ")");
        }
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
     * Of the {@code many} outputs from row {@code first}, {@code k} by greedy farthest-point selection from the first
     * drawn or the medoid.
     */
    private int[] farthest(float[] all, int first, int many, int k) {
        int[] kept = new int[k];
        kept[0] = central ? medoid(all, first, many) : 0;
        double[] nearest = new double[many];
        java.util.Arrays.fill(nearest, Double.POSITIVE_INFINITY);
        for (int j = 1; j < k; j++) {
            int last = kept[j - 1];
            int best = -1;
            for (int c = 0; c < many; c++) {
                nearest[c] = Math.min(nearest[c], distance(all, first + c, first + last));
                if (best < 0 || nearest[c] > nearest[best]) {
                    best = c;
                }
            }
            kept[j] = best;
        }
        return kept;
    }

    /** The output of least summed distance to the other {@code many - 1} (the first such on ties). */
    private int medoid(float[] all, int first, int many) {
        double[] sum = new double[many];
        for (int a = 0; a < many; a++) {
            for (int b = a + 1; b < many; b++) {
                double d = distance(all, first + a, first + b);
                sum[a] += d;
                sum[b] += d;
            }
        }
        int best = 0;
        for (int a = 1; a < many; a++) {
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
