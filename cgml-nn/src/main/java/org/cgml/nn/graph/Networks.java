package org.cgml.nn.graph;

import java.util.ArrayList;
import java.util.List;
import org.cgml.api.Architecture;
import org.cgml.api.Task;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The networks a peer method adds beside H and G, for the task's architecture: a PatchGAN discriminator (Isola et
 * al. 2017), a global network to a few outputs (Pathak et al.'s discriminator, a cVAE's encoder), each an MLP for
 * vector tasks. No normalisation layers: every network here is as plain as H and G.
 */
public final class Networks {
    private static final List<Long> STRIDE2 = List.of(1L, 2L, 2L, 1L);
    private static final List<Long> STRIDE1 = List.of(1L, 1L, 1L, 1L);

    private Networks() {
    }

    /** A network from a batch of inputs to a batch of outputs. */
    public interface Network {
        Operand<TFloat32> apply(Ops tf, Operand<TFloat32> input);
    }

    /**
     * A PatchGAN on {@code shape} ({@code [S, S, C]}): n 4x4 stride-2 convolutions + LeakyReLU(0.2), one 4x4 stride-1
     * convolution + LeakyReLU, and a 4x4 stride-1 convolution to one logit per patch, n the largest whose receptive
     * field is at most S / 2 (3 at S = 256: pix2pix's 70 x 70). For vectors, an MLP to one logit.
     */
    public static Network patch(Architecture arch, Weights w, int[] shape) {
        if (arch instanceof Architecture.Mlp mlp) {
            return mlp(mlp, w, shape, 1);
        }
        int c = ((Architecture.UNet) arch).baseChannels();
        int n = patchLayers(shape[0]);
        List<Operand<TFloat32>[]> layers = new ArrayList<>();
        int cin = shape[2];
        for (int i = 0; i <= n; i++) {
            int cout = Math.min(c << i, 8 * c);
            layers.add(conv(w, "patch" + i, cin, cout));
            cin = cout;
        }
        Operand<TFloat32>[] logit = conv(w, "patch_logit", cin, 1);
        return (tf, input) -> {
            Operand<TFloat32> a = input;
            for (int i = 0; i < layers.size(); i++) {
                a = Mlp.leaky(tf, tf.nn.biasAdd(tf.nn.conv2d(a, layers.get(i)[0], i < n ? STRIDE2 : STRIDE1, "SAME"),
                        layers.get(i)[1]));
            }
            return tf.nn.biasAdd(tf.nn.conv2d(a, logit[0], STRIDE1, "SAME"), logit[1]);
        };
    }

    /** Receptive field of a PatchGAN with n stride-2 layers: 4 and 4 at stride 1 at the top, then (r - 1) 2 + 4 down. */
    public static int receptiveField(int n) {
        int r = 7;
        for (int i = 0; i < n; i++) {
            r = (r - 1) * 2 + 4;
        }
        return r;
    }

    /** The stride-2 layers of a PatchGAN for S x S images: the most whose receptive field is at most S / 2. */
    public static int patchLayers(int size) {
        int n = 0;
        while (receptiveField(n + 1) <= size / 2) {
            n++;
        }
        return n;
    }

    /**
     * A global network on {@code shape} to {@code outputs} values per input: 4x4 stride-2 convolutions +
     * LeakyReLU(0.2) with min(c 2^i, 8c) channels down to 4 x 4, then one dense layer. For vectors, an MLP.
     */
    public static Network global(Architecture arch, Weights w, int[] shape, int outputs) {
        if (arch instanceof Architecture.Mlp mlp) {
            return mlp(mlp, w, shape, outputs);
        }
        int c = ((Architecture.UNet) arch).baseChannels();
        int levels = Integer.numberOfTrailingZeros(shape[0] / 4);
        List<Operand<TFloat32>[]> layers = new ArrayList<>();
        int cin = shape[2];
        for (int i = 0; i < levels; i++) {
            int cout = Math.min(c << i, 8 * c);
            layers.add(conv(w, "global" + i, cin, cout));
            cin = cout;
        }
        long flat = 16L * cin;
        Dense dense = new Dense(w, "global_dense", flat, outputs);
        return (tf, input) -> {
            Operand<TFloat32> a = input;
            for (Operand<TFloat32>[] layer : layers) {
                a = Mlp.leaky(tf, tf.nn.biasAdd(tf.nn.conv2d(a, layer[0], STRIDE2, "SAME"), layer[1]));
            }
            return dense.apply(tf, tf.reshape(a, tf.constant(new long[] {-1, flat})));
        };
    }

    /**
     * The networks' input for a batch pair: x and y side by side (channels for images, concatenated flat vectors
     * otherwise), or y alone when {@code x} is null.
     */
    public static Operand<TFloat32> pair(Ops tf, Task task, Operand<TFloat32> x, Operand<TFloat32> y) {
        if (task.architecture() instanceof Architecture.Mlp) {
            Operand<TFloat32> flatY = flat(tf, y, task.outputSize());
            return x == null ? flatY : tf.concat(List.of(flat(tf, x, task.inputSize()), flatY), tf.constant(1));
        }
        return x == null ? y : tf.concat(List.of(x, y), tf.constant(3));
    }

    /** The shape of {@link #pair}'s result for one input. */
    public static int[] pairShape(Task task, boolean withInput) {
        if (task.architecture() instanceof Architecture.Mlp) {
            return new int[] {(withInput ? task.inputSize() : 0) + task.outputSize()};
        }
        int[] in = task.inputShape();
        int[] out = task.outputShape();
        return new int[] {out[0], out[1], (withInput ? in[2] : 0) + out[2]};
    }

    private static Network mlp(Architecture.Mlp arch, Weights w, int[] shape, int outputs) {
        int in = Task.elements(shape);
        Mlp net = new Mlp(w, "mlp", in, arch.width(), arch.layers(), outputs);
        return (tf, input) -> net.apply(tf, flat(tf, input, in));
    }

    private static Operand<TFloat32> flat(Ops tf, Operand<TFloat32> a, long size) {
        return tf.reshape(a, tf.constant(new long[] {-1, size}));
    }

    @SuppressWarnings("unchecked")
    private static Operand<TFloat32>[] conv(Weights w, String name, int in, int out) {
        return new Operand[] {w.weight(name + "_w", 4, 4, in, out), w.bias(name + "_b", out)};
    }
}
