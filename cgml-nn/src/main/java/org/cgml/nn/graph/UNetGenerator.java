package org.cgml.nn.graph;

import java.util.ArrayList;
import java.util.List;
import org.cgml.api.Architecture;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.Conv2dBackpropInput;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The generic U-Net of docs/DESIGN.md section 2 for S x S inputs (S a power of two, S >= 16): H is a stack of
 * 4x4 stride-2 convolutions + LeakyReLU(0.2) with min(c 2^i, 8c) channels down to 4x4; z is tiled over the
 * 4x4 map and concatenated to h; G is a stack of 4x4 stride-2 transposed convolutions + ReLU, each followed
 * by the encoder activation of the same resolution (the input itself at full resolution), then a 3x3
 * convolution. docs/DESIGN.md ends it with tanh; here the output is linear in training and clipped to [-1, 1] when
 * sampled ({@link #bounded}): with tanh, L1 pushed MNIST's background to the asymptote -1 and took every pixel with
 * it (99.4 % of outputs at -1 after 300 iterations; sketch2image's cGML and L1 both all black, PSNR 9.58).
 */
final class UNetGenerator implements Generator {
    private static final List<Long> STRIDE2 = List.of(1L, 2L, 2L, 1L);
    private static final List<Long> STRIDE1 = List.of(1L, 1L, 1L, 1L);

    private final int size;
    private final int levels;
    private final int[] channels;
    private final int inChannels;
    private final int outChannels;
    private final List<Operand<TFloat32>[]> down = new ArrayList<>();
    private final List<Operand<TFloat32>[]> up = new ArrayList<>();
    private final Operand<TFloat32>[] last;

    @SuppressWarnings("unchecked")
    UNetGenerator(Architecture.UNet arch, int[] inputShape, int[] outputShape, int latent, Weights h, Weights g) {
        if (inputShape.length != 3 || outputShape.length != 3 || inputShape[0] != inputShape[1]
                || outputShape[0] != inputShape[0] || outputShape[1] != inputShape[1]) {
            throw new IllegalArgumentException("the U-Net needs S x S x C inputs and outputs of the same S");
        }
        this.size = inputShape[0];
        if (size < 16 || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("the U-Net needs a power-of-two image size >= 16 (got " + size + ")");
        }
        this.levels = Integer.numberOfTrailingZeros(size / 4);
        this.inChannels = inputShape[2];
        this.outChannels = outputShape[2];
        int c = arch.baseChannels();
        channels = new int[levels];
        for (int i = 0; i < levels; i++) {
            channels[i] = Math.min(c << i, 8 * c);
        }
        int cin = inChannels;
        for (int i = 0; i < levels; i++) {
            down.add(new Operand[] {h.weight("down" + i + "_w", 4, 4, cin, channels[i]),
                h.bias("down" + i + "_b", channels[i])});
            cin = channels[i];
        }
        // up j goes from resolution S / 2^(j+1) to S / 2^j; deepest first
        int current = channels[levels - 1] + latent;
        for (int j = levels - 1; j >= 0; j--) {
            int out = j == 0 ? c : channels[j - 1];
            up.add(new Operand[] {g.weight("up" + j + "_w", 4, 4, out, current), g.bias("up" + j + "_b", out)});
            current = out + (j == 0 ? inChannels : channels[j - 1]);
        }
        last = new Operand[] {g.weight("out_w", 3, 3, current, outChannels), g.bias("out_b", outChannels)};
    }

    @Override
    public Encoding encode(Ops tf, Operand<TFloat32> x) {
        List<Operand<TFloat32>> acts = new ArrayList<>();
        Operand<TFloat32> a = x;
        for (Operand<TFloat32>[] layer : down) {
            a = Mlp.leaky(tf, tf.nn.biasAdd(tf.nn.conv2d(a, layer[0], STRIDE2, "SAME"), layer[1]));
            acts.add(a);
        }
        Operand<TFloat32> bottom = acts.remove(acts.size() - 1);
        return new Encoding(bottom, acts);
    }

    @Override
    public Operand<TFloat32> decode(Ops tf, Encoding encoding, Operand<TFloat32> x, Operand<TFloat32> z) {
        long n = z.shape().get(1);
        Operand<TFloat32> tiled = tf.math.mul(tf.reshape(z, tf.constant(new long[] {-1, 1, 1, n})),
                tf.fill(tf.constant(new long[] {1, 4, 4, 1}), tf.constant(1f)));
        Operand<TFloat32> a = tf.concat(List.of(encoding.h(), tiled), tf.constant(3));
        Operand<TInt32> batch = tf.slice(tf.shape(x), tf.constant(new int[] {0}), tf.constant(new int[] {1}));
        int k = 0;
        for (int j = levels - 1; j >= 0; j--, k++) {
            Operand<TFloat32>[] layer = up.get(k);
            int res = size >> j;
            int out = j == 0 ? channels[0] : channels[j - 1];
            Operand<TInt32> shape = tf.concat(List.of(batch, tf.constant(new int[] {res, res, out})), tf.constant(0));
            a = tf.nn.relu(tf.nn.biasAdd(tf.nn.conv2dBackpropInput(shape, layer[0], a, STRIDE2, "SAME",
                    Conv2dBackpropInput.useCudnnOnGpu(true)), layer[1]));
            Operand<TFloat32> skip = j == 0 ? x : encoding.skips().get(j - 1);
            a = tf.concat(List.of(a, skip), tf.constant(3));
        }
        return tf.nn.biasAdd(tf.nn.conv2d(a, last[0], STRIDE1, "SAME"), last[1]);
    }

    @Override
    public Operand<TFloat32> bounded(Ops tf, Operand<TFloat32> y) {
        return tf.clipByValue(y, tf.constant(-1f), tf.constant(1f));
    }

    @Override
    public long featureSize() {
        return 16L * channels[levels - 1];
    }
}
