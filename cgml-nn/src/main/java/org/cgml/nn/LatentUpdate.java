package org.cgml.nn;

/** How the sampler moves z from the prediction (r, rho) = Z(z_t, h) at each of its T steps. */
public enum LatentUpdate {
    /** Paper Eq. 4: z_{t+1} = proj(z_t + rho (r - z_t) / ||r - z_t||), rho clamped at 0. */
    MOMENTUM,
    /** No momentum: z_{t+1} = proj(r), which shows the phantom effect. */
    PLAIN
}
