package org.cgml.tasks.image.data;

import org.cgml.api.Dataset;

/**
 * A split of photo crops (see {@link PhotoPatches}): training crops are drawn from the example seed, test crops are
 * fixed by index. The crop is written as the target (RGB in [-1, 1]); {@link #make} then turns it into the task's
 * (input, target) pair in place.
 */
public abstract class PhotoCrops implements Dataset {
    private final PhotoPatches patches;
    private final boolean train;
    private final int count;

    protected PhotoCrops(PhotoPatches patches, boolean train, int count) {
        this.patches = patches;
        this.train = train;
        this.count = count;
    }

    /** Whether this is the training split. */
    protected boolean training() {
        return train;
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public void example(int index, long seed, float[] input, int inOff, float[] target, int outOff) {
        if (train) {
            patches.trainPatch(seed, target, outOff);
        } else {
            patches.testPatch(index, target, outOff);
        }
        make(index, seed, input, inOff, target, outOff);
    }

    /** Builds the input (and rewrites the target if needed) from the RGB crop in {@code target}. */
    protected abstract void make(int index, long seed, float[] input, int inOff, float[] target, int outOff);
}
