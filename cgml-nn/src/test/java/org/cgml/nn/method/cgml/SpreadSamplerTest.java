package org.cgml.nn.method.cgml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.cgml.nn.LatentUpdate;
import org.cgml.nn.Sampler;
import org.junit.jupiter.api.Test;

/**
 * sampling_pool and sampling_support: K of pool x K samples kept by greedy selection in output space (farthest-point,
 * less the weighted isolation), the first drawn or the medoid first.
 */
class SpreadSamplerTest {
    /** Two inputs, six one-value samples each (pool 3, K 2), then (pool 2, K 3). */
    private static final float[] DRAWN = {0f, 0.1f, 5f, 0.2f, 1f, 0.3f, /* input 2 */ 2f, 2.5f, 1f, -4f, 2.1f, 3.5f};

    private static Sampler fixed(float[] outputs, int perInput) {
        return (inputs, count, modes, steps, update, seed) -> {
            if (modes != perInput) {
                throw new AssertionError("asked for " + modes + " samples per input, expected " + perInput);
            }
            return outputs.clone();
        };
    }

    @Test
    void keepsTheFirstThenTheFarthest() {
        Sampler spread = new SpreadSampler(fixed(DRAWN, 6), 3, 0, false, 1);
        float[] kept = spread.sample(new float[2], 2, 2, 20, LatentUpdate.MOMENTUM, 7);
        assertArrayEquals(new float[] {0f, 5f, 2f, -4f}, kept);
    }

    @Test
    void eachNextIsFarthestFromAllKept() {
        Sampler spread = new SpreadSampler(fixed(DRAWN, 6), 2, 0, false, 1);
        float[] kept = spread.sample(new float[2], 2, 3, 20, LatentUpdate.MOMENTUM, 7);
        // input 1: 0, then 5, then the one farthest from both (1 is 1 from 0; 0.3 is 0.3 away): 1
        // input 2: 2, then -4, then the farthest from {2, -4}: 3.5 (1.5 from 2) beats 1 (1 from 2) and 2.5 (0.5)
        assertArrayEquals(new float[] {0f, 5f, 1f, 2f, -4f, 3.5f}, kept);
    }

    @Test
    void centralPutsTheMedoidFirst() {
        float[] five = {0f, 0.1f, 5f, 0.2f, 1f, /* input 2 */ 2f, 2.5f, -4f, 1f, 3.5f}; // medoids 0.2 and 2
        assertArrayEquals(new float[] {0.2f, 2f}, new SpreadSampler(fixed(five, 5), 5, 0, true, 1)
                .sample(new float[2], 2, 1, 20, LatentUpdate.MOMENTUM, 7), "one sample: the pool's medoid");
        assertArrayEquals(new float[] {0.2f, 5f, 1f, 0f, 0.1f, 2f, -4f, 3.5f, 1f, 2.5f},
                new SpreadSampler(fixed(five, 5), 1, 0, true, 1).sample(new float[2], 2, 5, 20,
                        LatentUpdate.MOMENTUM, 7), "a pool of one: the K reordered, the medoid first");
    }

    @Test
    void supportPassesOverASampleNoOtherDrawComesNear() {
        float[] pool = {0f, 0.1f, 3f, 3.1f, 6f, 0.05f}; // 6 is alone; 3 and 3.1 are a mode two draws reached
        assertArrayEquals(new float[] {0f, 6f}, new SpreadSampler(fixed(pool, 6), 3, 0, false, 1)
                .sample(new float[1], 1, 2, 20, LatentUpdate.MOMENTUM, 7), "farthest-point keeps the lone draw");
        // support 1: 6 scores 6 - 2.9 = 3.1 and 3.1 scores 3.1 - 0.1 = 3.0: still the lone one
        assertArrayEquals(new float[] {0f, 6f}, new SpreadSampler(fixed(pool, 6), 3, 1, false, 1)
                .sample(new float[1], 1, 2, 20, LatentUpdate.MOMENTUM, 7));
        // support 2: 6 scores 6 - 5.8 = 0.2, 3.1 scores 3.1 - 0.2 = 2.9, 3 scores 2.8
        assertArrayEquals(new float[] {0f, 3.1f}, new SpreadSampler(fixed(pool, 6), 3, 2, false, 1)
                .sample(new float[1], 1, 2, 20, LatentUpdate.MOMENTUM, 7), "support 2 keeps the supported mode");
        // a pool of one keeps every draw once, whatever the support (a kept one scores -support x d_nn, above a
        // draw next to a kept one: it must not be kept twice)
        float[] six = {0f, 0.1f, 3f, 3.1f, 6f, 0.05f};
        float[] kept = new SpreadSampler(fixed(six, 6), 1, 2, true, 1).sample(new float[1], 1, 6, 20,
                LatentUpdate.MOMENTUM, 7);
        float[] sorted = kept.clone();
        java.util.Arrays.sort(sorted);
        assertArrayEquals(new float[] {0f, 0.05f, 0.1f, 3f, 3.1f, 6f}, sorted, java.util.Arrays.toString(kept));
        assertThrows(IllegalArgumentException.class, () -> new SpreadSampler(fixed(pool, 6), 3, -1, false, 1));
        assertThrows(IllegalArgumentException.class, () -> new SpreadSampler(fixed(pool, 6), 3, Double.NaN, false, 1));
    }

    @Test
    void aPoolOfOneDrawsAsBefore() {
        Sampler spread = new SpreadSampler(fixed(DRAWN, 6), 1, 0, false, 1);
        assertArrayEquals(DRAWN, spread.sample(new float[2], 2, 6, 20, LatentUpdate.MOMENTUM, 7));
        assertThrows(IllegalArgumentException.class, () -> new SpreadSampler(fixed(DRAWN, 6), 0, 0, false, 1));
    }
}
