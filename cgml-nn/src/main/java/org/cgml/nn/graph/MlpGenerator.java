package org.cgml.nn.graph;

import java.util.List;
import org.cgml.api.Architecture;
import org.cgml.api.Task;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** H and G as MLPs for vector tasks (the toy task, spectral coefficient vectors): G reads [h, z]. */
final class MlpGenerator implements Generator {
    private final Architecture.Mlp arch;
    private final int[] inputShape;
    private final int[] outputShape;
    private final Mlp encoder;
    private final Mlp decoder;

    MlpGenerator(Architecture.Mlp arch, int[] inputShape, int[] outputShape, int latent, Weights h, Weights g) {
        this.arch = arch;
        this.inputShape = inputShape.clone();
        this.outputShape = outputShape.clone();
        this.encoder = new Mlp(h, "mlp", Task.elements(inputShape), arch.width(), arch.layers(), arch.featureDim());
        this.decoder = new Mlp(g, "mlp", arch.featureDim() + latent, arch.width(), arch.layers(),
                Task.elements(outputShape));
    }

    @Override
    public Encoding encode(Ops tf, Operand<TFloat32> x) {
        Operand<TFloat32> flat = tf.reshape(x, tf.constant(new long[] {-1, Task.elements(inputShape)}));
        return new Encoding(Mlp.leaky(tf, encoder.apply(tf, flat)), List.of());
    }

    @Override
    public Operand<TFloat32> decode(Ops tf, Encoding encoding, Operand<TFloat32> x, Operand<TFloat32> z) {
        Operand<TFloat32> y = decoder.apply(tf, tf.concat(List.of(encoding.h(), z), tf.constant(1)));
        long[] shape = new long[outputShape.length + 1];
        shape[0] = -1;
        for (int i = 0; i < outputShape.length; i++) {
            shape[i + 1] = outputShape[i];
        }
        return tf.reshape(y, tf.constant(shape));
    }

    @Override
    public long featureSize() {
        return arch.featureDim();
    }
}
