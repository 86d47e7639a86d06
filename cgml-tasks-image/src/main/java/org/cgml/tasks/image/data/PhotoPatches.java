package org.cgml.tasks.image.data;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.cgml.api.Batches;

/**
 * Random S x S crops of photographs, split by photograph: a seeded fifth of the photos (at least one) is held out
 * for testing, so no photo gives crops to both splits. Training crops are drawn afresh from each example seed
 * (a new crop every epoch); test crops are fixed by their index.
 */
public final class PhotoPatches {
    private final Photos photos;
    private final int size;
    private final int[] train;
    private final int[] test;

    public PhotoPatches(Photos photos, int size, long seed) {
        this.photos = photos;
        this.size = size;
        int[] order = Batches.permutation(photos.count(), seed);
        int held = heldOutCount(photos.count());
        this.test = heldOut(photos.count(), seed);
        this.train = Arrays.copyOfRange(order, held, order.length);
        Arrays.sort(train);
    }

    private static int heldOutCount(int n) {
        return Math.max(1, n / 5);
    }

    /** The indices (sorted) of the photographs held out for testing among {@code n} under {@code seed}. */
    public static int[] heldOut(int n, long seed) {
        int[] test = Arrays.copyOfRange(Batches.permutation(n, seed), 0, heldOutCount(n));
        Arrays.sort(test);
        return test;
    }

    /** Indices of the photographs used for training. */
    public int[] trainPhotos() {
        return train.clone();
    }

    /** Indices of the held-out photographs. */
    public int[] testPhotos() {
        return test.clone();
    }

    /** A training crop drawn from {@code seed}, RGB in [-1, 1], into {@code out} at {@code off}. */
    public void trainPatch(long seed, float[] out, int off) {
        crop(train, new SplittableRandom(seed), out, off);
    }

    /** Test crop number {@code index} (the same every time), into {@code out} at {@code off}. */
    public void testPatch(int index, float[] out, int off) {
        crop(test, new SplittableRandom(Batches.mix(0x7E57L, index)), out, off);
    }

    private void crop(int[] from, SplittableRandom rng, float[] out, int off) {
        int p = from[rng.nextInt(from.length)];
        int x = rng.nextInt(photos.width(p) - size + 1);
        int y = rng.nextInt(photos.height(p) - size + 1);
        photos.patch(p, x, y, size, out, off);
    }
}
