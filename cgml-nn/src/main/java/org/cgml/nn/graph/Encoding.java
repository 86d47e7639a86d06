package org.cgml.nn.graph;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * What H computes from x once per batch: the bottleneck h and, for the U-Net, the skip activations G reads.
 * During the inner latent steps these tensors are fed back instead of recomputed (paper section 3, cost).
 */
public record Encoding(Operand<TFloat32> h, List<Operand<TFloat32>> skips) {

    /** h followed by the skips: the tensors fetched once and fed at every inner step. */
    public List<Operand<TFloat32>> tensors() {
        List<Operand<TFloat32>> all = new ArrayList<>();
        all.add(h);
        all.addAll(skips);
        return all;
    }

    /** The same skips with another bottleneck (for the Lipschitz perturbation of h). */
    public Encoding withH(Operand<TFloat32> other) {
        return new Encoding(other, skips);
    }
}
