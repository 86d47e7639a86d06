package org.cgml.api;

/** The network family the engine builds for H, G and the latent dynamics Z (docs/DESIGN.md section 2). */
public sealed interface Architecture {

    /** Width of the hidden layers of the latent-dynamics network Z. */
    int dynamicsWidth();

    /**
     * Multilayer perceptrons for vector tasks: H, G and Z each {@code layers} dense layers of {@code width}
     * units with LeakyReLU(0.2); h has {@code featureDim} units; G's output is linear.
     */
    record Mlp(int width, int layers, int featureDim, int dynamicsWidth) implements Architecture {
        public Mlp {
            if (width < 1 || layers < 1 || featureDim < 1 || dynamicsWidth < 1) {
                throw new IllegalArgumentException("MLP sizes must be positive");
            }
        }
    }

    /**
     * The generic U-Net: H halves the resolution with 4x4 stride-2 convolutions down to 4x4 (channels
     * min(c 2^i, 8c)), z is tiled over the 4x4 map, G goes back up with transposed convolutions and skips,
     * and ends in a 3x3 convolution with tanh. Z is an MLP on [flatten(h), z].
     */
    record UNet(int baseChannels, int dynamicsWidth) implements Architecture {
        public UNet {
            if (baseChannels < 1 || dynamicsWidth < 1) {
                throw new IllegalArgumentException("U-Net sizes must be positive");
            }
        }
    }
}
