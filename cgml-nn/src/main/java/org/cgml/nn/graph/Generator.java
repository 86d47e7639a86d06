package org.cgml.nn.graph;

import org.cgml.api.Architecture;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The encoder H and the generator G of paper Eq. 1, y = G(H(x), z), for one architecture. */
public interface Generator {

    /** H: computes h (and skips) from a batch x. */
    Encoding encode(Ops tf, Operand<TFloat32> x);

    /** G: the output batch for an encoding of x and latent codes z {@code [batch, n]}. */
    Operand<TFloat32> decode(Ops tf, Encoding encoding, Operand<TFloat32> x, Operand<TFloat32> z);

    /** What a sampled output looks like to users (e.g. clipped to the image range); the identity by default. */
    default Operand<TFloat32> bounded(Ops tf, Operand<TFloat32> y) {
        return y;
    }

    /** Number of floats in one flattened h (Z's input besides z). */
    long featureSize();

    /** Builds H and G for an architecture, their variables drawn from {@code h} and {@code g}. */
    static Generator create(Architecture arch, int[] inputShape, int[] outputShape, int latent, Weights h, Weights g) {
        if (arch instanceof Architecture.Mlp mlp) {
            return new MlpGenerator(mlp, inputShape, outputShape, latent, h, g);
        }
        return new UNetGenerator((Architecture.UNet) arch, inputShape, outputShape, latent, h, g);
    }
}
