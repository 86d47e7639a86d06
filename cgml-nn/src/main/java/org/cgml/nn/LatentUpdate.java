package org.cgml.nn;

/** How the sampler moves z from the prediction (r, rho) = Z(z_t, h) at each of its T steps. */
public enum LatentUpdate {
    /** Paper Eq. 4: z_{t+1} = proj(z_t + rho (r - z_t) / ||r - z_t||). */
    MOMENTUM,
    /**
     * Our variant of Eq. 4 (not in the paper): the step length is max(rho, ||r - z_t||), so rho can only lengthen
     * the plain step (pushing z out of places where r ~ z but Z expects motion) and never stalls short of r.
     */
    MOMENTUM_AT_LEAST_R,
    /** No momentum: z_{t+1} = proj(r), which shows the phantom effect. */
    PLAIN
}
