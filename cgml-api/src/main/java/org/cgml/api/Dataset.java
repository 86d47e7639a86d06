package org.cgml.api;

/**
 * An indexed split of (x, y) pairs stored flat in row-major order. {@link #example} may draw random
 * corruptions (masks, alternate modes) from {@code seed}: the engine passes a seed derived from the
 * run seed, the epoch and the index, so corruptions are redrawn every epoch yet reproducible.
 */
public interface Dataset {

    /** Number of examples. */
    int size();

    /**
     * Writes example {@code index} into {@code input} at {@code inputOffset} and {@code target} at
     * {@code targetOffset}, {@code prod(inputShape)} and {@code prod(outputShape)} floats respectively.
     */
    void example(int index, long seed, float[] input, int inputOffset, float[] target, int targetOffset);
}
