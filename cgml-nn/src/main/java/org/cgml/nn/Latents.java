package org.cgml.nn;

import java.util.SplittableRandom;
import org.cgml.api.Batches;
import org.cgml.nn.graph.Sphere;

/** Latent codes every method draws the same way: from the prior (uniform on the sphere, or normal) or fixed. */
public final class Latents {
    /** Stream of the training draws of z_0 (mixed with the run seed, then the iteration). */
    public static final long TRAINING_STREAM = 0x5A17L;

    private Latents() {
    }

    /** {@code rows} codes of dimension {@code n}: standard normal, projected per row onto the sphere if asked. */
    public static float[] draw(SplittableRandom rng, int rows, int n, boolean sphere) {
        float[] z = new float[rows * n];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) rng.nextGaussian();
        }
        if (sphere) {
            Sphere.project(z, n);
        }
        return z;
    }

    /** {@code rows} prior codes drawn from {@code (seed, counter)}. */
    public static float[] draw(long seed, long counter, int rows, int n, boolean sphere) {
        return draw(new SplittableRandom(Batches.mix(seed, counter)), rows, n, sphere);
    }

    /** The regression baseline's fixed code: the first basis vector for every row. */
    public static float[] fixed(int rows, int n) {
        float[] z = new float[rows * n];
        for (int i = 0; i < rows; i++) {
            z[i * n] = 1f;
        }
        return z;
    }
}
