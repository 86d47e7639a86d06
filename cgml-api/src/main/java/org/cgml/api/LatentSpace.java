package org.cgml.api;

/**
 * The latent space z lives in (paper section 3): R^n, or the unit sphere S^(n-1) with per-sample projection.
 *
 * @param dimension n, at least 2 on the sphere (a step never crosses S^0)
 * @param sphere    whether z is projected to the unit sphere after every step
 */
public record LatentSpace(int dimension, boolean sphere) {
    public LatentSpace {
        if (dimension < 1 || (sphere && dimension < 2)) {
            throw new IllegalArgumentException("latent dimension must be >= 2 on the sphere (got " + dimension + ")");
        }
    }

    /** The unit sphere S^(n-1). */
    public static LatentSpace sphere(int dimension) {
        return new LatentSpace(dimension, true);
    }
}
