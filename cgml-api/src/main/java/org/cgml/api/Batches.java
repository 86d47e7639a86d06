package org.cgml.api;

import java.util.SplittableRandom;

/**
 * Seeded batching over a {@link Dataset}: each epoch is a permutation drawn from (seed, epoch), so the
 * data position is fully described by {@link #position()} and a run resumes exactly from it.
 */
public final class Batches {

    private final Dataset data;
    private final int inputSize;
    private final int targetSize;
    private final long seed;
    private int[] order;
    private long epoch;
    private int cursor;

    public Batches(Dataset data, int inputSize, int targetSize, long seed) {
        this.data = data;
        this.inputSize = inputSize;
        this.targetSize = targetSize;
        this.seed = seed;
        seek(0, 0);
    }

    /** The current data position (epoch, index within the epoch's permutation). */
    public Position position() {
        return new Position(epoch, cursor);
    }

    /** Moves to a recorded position. */
    public void seek(long epoch, int cursor) {
        if (cursor < 0 || cursor > data.size()) {
            throw new IllegalArgumentException("data position " + cursor + " outside [0, " + data.size() + "]");
        }
        this.epoch = epoch;
        this.order = permutation(data.size(), mix(seed, epoch));
        this.cursor = cursor;
    }

    /** Fills {@code x} and {@code y} with the next {@code batch} examples, wrapping into the next epoch. */
    public void next(int batch, float[] x, float[] y) {
        for (int b = 0; b < batch; b++) {
            if (cursor == order.length) {
                seek(epoch + 1, 0);
            }
            int index = order[cursor++];
            data.example(index, mix(mix(seed, epoch), index), x, b * inputSize, y, b * targetSize);
        }
    }

    /** Fisher-Yates permutation of 0..n-1 drawn from {@code seed}. */
    public static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Derives an independent stream seed from a seed and a counter (SplitMix64 finaliser). */
    public static long mix(long seed, long counter) {
        long z = seed + 0x9E3779B97F4A7C15L * (counter + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Where the batcher stands: epoch and index in that epoch's permutation. */
    public record Position(long epoch, int cursor) {
    }
}
