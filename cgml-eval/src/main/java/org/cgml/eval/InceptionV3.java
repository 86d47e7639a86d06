package org.cgml.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cgml.eval.torch.TorchFile;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.types.TFloat32;

/**
 * The FID Inception-v3 of pytorch-fid on TensorFlow Java: torchvision's Inception3 with pytorch-fid's FIDInceptionA,
 * FIDInceptionC, FIDInceptionE_1 and FIDInceptionE_2 blocks (average pools that leave the padding out of their
 * count; a max pool in the last block), read up to pool3, the spatial mean of Mixed_7c (2048 features with the real
 * weights). An image with values in [0, range] is scaled to [0, 1], resized to 299 x 299 bilinearly (PyTorch's
 * {@code align_corners=False}, no antialiasing; TensorFlow's half-pixel centres) and mapped to [-1, 1], as
 * pytorch-fid's {@code InceptionV3(resize_input=True, normalize_input=True)}; a grey image is repeated on the three
 * channels, as PIL's {@code convert("RGB")}. Each BasicConv2d (convolution without bias, batch norm with eps 0.001
 * in inference mode, ReLU) runs as one convolution with the batch norm folded into its weights and a bias.
 *
 * <p>The weights are pytorch-fid's {@value #WEIGHTS_FILE}, read with {@link TorchFile}; they are never downloaded.
 * Channel counts are read from the state dict (kernel sizes, strides and paddings are the architecture's), so a
 * network of the same blocks with fewer channels loads as well.
 */
public final class InceptionV3 implements AutoCloseable {
    /** pytorch-fid's weight file (a state dict of torchvision's Inception3 with 1008 classes and the FID blocks). */
    public static final String WEIGHTS_FILE = "pt_inception-2015-12-05-6726825d.pth";
    /** Where pytorch-fid publishes {@link #WEIGHTS_FILE} (for the user to download by hand). */
    public static final String WEIGHTS_URL =
            "https://github.com/mseitzer/pytorch-fid/releases/download/fid_weights/" + WEIGHTS_FILE;
    /** The side of the square images the network sees. */
    public static final int SIZE = 299;
    /** Images run through the network at once (those of one size, in order). */
    static final int BATCH = 8;
    private static final double BN_EPS = 0.001;

    /** The state dict while the graph is built (then released: the graph holds the folded weights). */
    private Map<String, TorchFile.Tensor> weights;
    private final Set<String> used = new HashSet<>();
    private final Graph graph = new Graph();
    private final Ops tf = Ops.create(graph);
    private final Placeholder<TFloat32> input;
    private final Operand<TFloat32> pool3;
    private final int dimension;
    private final Session session;

    private InceptionV3(Map<String, TorchFile.Tensor> weights) {
        this.weights = weights;
        try {
            input = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, 3)));
            Operand<TFloat32> x = tf.image.resizeBilinear(input, tf.constant(new int[] {SIZE, SIZE}),
                    ResizeBilinear.halfPixelCenters(true));
            x = tf.math.sub(tf.math.mul(x, tf.constant(2f)), tf.constant(1f));
            x = conv(x, "Conv2d_1a_3x3", 3, 3, 2, 0, 0);
            x = conv(x, "Conv2d_2a_3x3", 3, 3, 1, 0, 0);
            x = conv(x, "Conv2d_2b_3x3", 3, 3, 1, 1, 1);
            x = maxPool(x, 2, "VALID");
            x = conv(x, "Conv2d_3b_1x1", 1, 1, 1, 0, 0);
            x = conv(x, "Conv2d_4a_3x3", 3, 3, 1, 0, 0);
            x = maxPool(x, 2, "VALID");
            for (String a : List.of("Mixed_5b", "Mixed_5c", "Mixed_5d")) {
                x = blockA(x, a);
            }
            x = blockB(x, "Mixed_6a");
            for (String c : List.of("Mixed_6b", "Mixed_6c", "Mixed_6d", "Mixed_6e")) {
                x = blockC(x, c);
            }
            x = blockD(x, "Mixed_7a");
            x = blockE(x, "Mixed_7b", false);
            x = blockE(x, "Mixed_7c", true);
            pool3 = tf.math.mean(x, tf.constant(new int[] {1, 2}));
            dimension = (int) x.shape().get(3);
            checkRest();
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        } finally {
            this.weights = null;
        }
        session = new Session(graph);
    }

    /**
     * The network with the state dict of {@code file} (pytorch-fid's {@value #WEIGHTS_FILE}); without the file the
     * exception says where to get it and that it is never downloaded.
     */
    public static InceptionV3 load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("FID and KID need pytorch-fid's Inception weights, which are never downloaded: "
                    + file + " is missing; download it by hand from " + WEIGHTS_URL);
        }
        Map<String, TorchFile.Tensor> w = TorchFile.read(file);
        try {
            return of(w);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** The network from a state dict in pytorch-fid's layout; an IllegalArgumentException names a wrong weight. */
    public static InceptionV3 of(Map<String, TorchFile.Tensor> stateDict) {
        return new InceptionV3(stateDict);
    }

    /** The length of a feature vector (2048 with pytorch-fid's weights). */
    public int dimension() {
        return dimension;
    }

    /** The pool3 features of one RGB or grey image with values in [0, range]. */
    public double[] features(Raster image, double range) {
        return features(List.of(image), range)[0];
    }

    /** The pool3 features of each image (RGB or grey, values in [0, range]), one row per image. */
    public synchronized double[][] features(List<Raster> images, double range) {
        if (!(range > 0)) {
            throw new IllegalArgumentException("the Inception features need a positive data range (got " + range + ")");
        }
        double[][] out = new double[images.size()][];
        int start = 0;
        while (start < images.size()) {
            Raster first = images.get(start);
            int end = start + 1;
            while (end < images.size() && end - start < BATCH && images.get(end).height() == first.height()
                    && images.get(end).width() == first.width()) {
                end++;
            }
            run(images.subList(start, end), range, out, start);
            start = end;
        }
        return out;
    }

    private void run(List<Raster> batch, double range, double[][] out, int offset) {
        Raster first = batch.get(0);
        int h = first.height();
        int w = first.width();
        float[] v = new float[batch.size() * h * w * 3];
        int i = 0;
        for (Raster r : batch) {
            if (r.channels() != 1 && r.channels() != 3) {
                throw new IllegalArgumentException("the Inception features need RGB or grey images (got "
                        + r.channels() + " channels)");
            }
            double[] p = r.pixels();
            for (int px = 0; px < h * w; px++) {
                for (int c = 0; c < 3; c++) {
                    v[i++] = (float) (p[r.channels() == 1 ? px : px * 3 + c] / range);
                }
            }
        }
        try (TFloat32 t = TFloat32.tensorOf(Shape.of(batch.size(), h, w, 3), DataBuffers.of(v, true, false));
             Result res = session.runner().feed(input, t).fetch(pool3).run()) {
            TFloat32 f = (TFloat32) res.get(0);
            for (int b = 0; b < batch.size(); b++) {
                double[] row = new double[dimension];
                for (int c = 0; c < dimension; c++) {
                    row[c] = f.getFloat(b, c);
                }
                out[offset + b] = row;
            }
        }
    }

    /** FIDInceptionA: 1x1; 1x1 then 5x5; 1x1 then two 3x3; 3x3 average pool (padding not counted) then 1x1. */
    private Operand<TFloat32> blockA(Operand<TFloat32> x, String n) {
        Operand<TFloat32> b1 = conv(x, n + ".branch1x1", 1, 1, 1, 0, 0);
        Operand<TFloat32> b5 = conv(conv(x, n + ".branch5x5_1", 1, 1, 1, 0, 0), n + ".branch5x5_2", 5, 5, 1, 2, 2);
        Operand<TFloat32> b3 = conv(x, n + ".branch3x3dbl_1", 1, 1, 1, 0, 0);
        b3 = conv(b3, n + ".branch3x3dbl_2", 3, 3, 1, 1, 1);
        b3 = conv(b3, n + ".branch3x3dbl_3", 3, 3, 1, 1, 1);
        Operand<TFloat32> bp = conv(avgPool(x), n + ".branch_pool", 1, 1, 1, 0, 0);
        return concat(b1, b5, b3, bp);
    }

    /** InceptionB (Mixed_6a): 3x3 stride 2; 1x1, 3x3, 3x3 stride 2; 3x3 max pool stride 2. */
    private Operand<TFloat32> blockB(Operand<TFloat32> x, String n) {
        Operand<TFloat32> b3 = conv(x, n + ".branch3x3", 3, 3, 2, 0, 0);
        Operand<TFloat32> bd = conv(x, n + ".branch3x3dbl_1", 1, 1, 1, 0, 0);
        bd = conv(bd, n + ".branch3x3dbl_2", 3, 3, 1, 1, 1);
        bd = conv(bd, n + ".branch3x3dbl_3", 3, 3, 2, 0, 0);
        return concat(b3, bd, maxPool(x, 2, "VALID"));
    }

    /** FIDInceptionC: 1x1; 1x1, 1x7, 7x1; 1x1, 7x1, 1x7, 7x1, 1x7; average pool (padding not counted) then 1x1. */
    private Operand<TFloat32> blockC(Operand<TFloat32> x, String n) {
        Operand<TFloat32> b1 = conv(x, n + ".branch1x1", 1, 1, 1, 0, 0);
        Operand<TFloat32> b7 = conv(x, n + ".branch7x7_1", 1, 1, 1, 0, 0);
        b7 = conv(b7, n + ".branch7x7_2", 1, 7, 1, 0, 3);
        b7 = conv(b7, n + ".branch7x7_3", 7, 1, 1, 3, 0);
        Operand<TFloat32> bd = conv(x, n + ".branch7x7dbl_1", 1, 1, 1, 0, 0);
        bd = conv(bd, n + ".branch7x7dbl_2", 7, 1, 1, 3, 0);
        bd = conv(bd, n + ".branch7x7dbl_3", 1, 7, 1, 0, 3);
        bd = conv(bd, n + ".branch7x7dbl_4", 7, 1, 1, 3, 0);
        bd = conv(bd, n + ".branch7x7dbl_5", 1, 7, 1, 0, 3);
        Operand<TFloat32> bp = conv(avgPool(x), n + ".branch_pool", 1, 1, 1, 0, 0);
        return concat(b1, b7, bd, bp);
    }

    /** InceptionD (Mixed_7a): 1x1, 3x3 stride 2; 1x1, 1x7, 7x1, 3x3 stride 2; 3x3 max pool stride 2. */
    private Operand<TFloat32> blockD(Operand<TFloat32> x, String n) {
        Operand<TFloat32> b3 = conv(conv(x, n + ".branch3x3_1", 1, 1, 1, 0, 0), n + ".branch3x3_2", 3, 3, 2, 0, 0);
        Operand<TFloat32> b7 = conv(x, n + ".branch7x7x3_1", 1, 1, 1, 0, 0);
        b7 = conv(b7, n + ".branch7x7x3_2", 1, 7, 1, 0, 3);
        b7 = conv(b7, n + ".branch7x7x3_3", 7, 1, 1, 3, 0);
        b7 = conv(b7, n + ".branch7x7x3_4", 3, 3, 2, 0, 0);
        return concat(b3, b7, maxPool(x, 2, "VALID"));
    }

    /**
     * FIDInceptionE_1 ({@code maxPool} false: average pool, padding not counted) and FIDInceptionE_2 (3x3 max pool
     * stride 1): 1x1; 1x1 then [1x3, 3x1]; 1x1, 3x3 then [1x3, 3x1]; pool then 1x1.
     */
    private Operand<TFloat32> blockE(Operand<TFloat32> x, String n, boolean maxPool) {
        Operand<TFloat32> b1 = conv(x, n + ".branch1x1", 1, 1, 1, 0, 0);
        Operand<TFloat32> b3 = conv(x, n + ".branch3x3_1", 1, 1, 1, 0, 0);
        b3 = concat(conv(b3, n + ".branch3x3_2a", 1, 3, 1, 0, 1), conv(b3, n + ".branch3x3_2b", 3, 1, 1, 1, 0));
        Operand<TFloat32> bd = conv(x, n + ".branch3x3dbl_1", 1, 1, 1, 0, 0);
        bd = conv(bd, n + ".branch3x3dbl_2", 3, 3, 1, 1, 1);
        bd = concat(conv(bd, n + ".branch3x3dbl_3a", 1, 3, 1, 0, 1), conv(bd, n + ".branch3x3dbl_3b", 3, 1, 1, 1, 0));
        Operand<TFloat32> bp = conv(maxPool ? maxPool(x, 1, "SAME") : avgPool(x), n + ".branch_pool", 1, 1, 1, 0, 0);
        return concat(b1, b3, bd, bp);
    }

    @SafeVarargs
    private Operand<TFloat32> concat(Operand<TFloat32>... parts) {
        return tf.concat(List.of(parts), tf.constant(3));
    }

    /** 3x3 stride-1 average pool over the window inside the image (PyTorch's count_include_pad=False). */
    private Operand<TFloat32> avgPool(Operand<TFloat32> x) {
        return tf.nn.avgPool(x, List.of(1L, 3L, 3L, 1L), List.of(1L, 1L, 1L, 1L), "SAME");
    }

    private Operand<TFloat32> maxPool(Operand<TFloat32> x, int stride, String padding) {
        return tf.nn.maxPool(x, tf.constant(new int[] {1, 3, 3, 1}), tf.constant(new int[] {1, stride, stride, 1}),
                padding);
    }

    /** BasicConv2d {@code name}: convolution (no bias) with the batch norm folded in, then ReLU. */
    private Operand<TFloat32> conv(Operand<TFloat32> x, String name, int kh, int kw, int stride, int ph, int pw) {
        TorchFile.Tensor weight = tensor(name + ".conv.weight");
        long[] s = weight.shape();
        long in = x.shape().get(3);
        if (s.length != 4 || s[2] != kh || s[3] != kw || s[1] != in) {
            throw new IllegalArgumentException("weight '" + name + ".conv.weight' has shape "
                    + java.util.Arrays.toString(s) + ", expected [out, " + in + ", " + kh + ", " + kw + "]");
        }
        int out = (int) s[0];
        float[] gamma = vector(name + ".bn.weight", out);
        float[] beta = vector(name + ".bn.bias", out);
        float[] mean = vector(name + ".bn.running_mean", out);
        float[] var = vector(name + ".bn.running_var", out);
        used.add(name + ".bn.num_batches_tracked");
        float[] w = weight.values();
        // PyTorch [out, in, kh, kw] -> TensorFlow [kh, kw, in, out], times gamma / sqrt(var + eps)
        float[] t = new float[w.length];
        float[] bias = new float[out];
        for (int o = 0; o < out; o++) {
            double scale = gamma[o] / Math.sqrt(var[o] + BN_EPS);
            bias[o] = (float) (beta[o] - mean[o] * scale);
            for (int i = 0; i < in; i++) {
                for (int y = 0; y < kh; y++) {
                    for (int z = 0; z < kw; z++) {
                        t[(int) (((y * kw + z) * in + i) * out + o)] = (float) (w[(int) (((o * in + i) * kh + y) * kw + z)]
                                * scale);
                    }
                }
            }
        }
        Operand<TFloat32> padded = ph == 0 && pw == 0 ? x
                : tf.pad(x, tf.constant(new int[][] {{0, 0}, {ph, ph}, {pw, pw}, {0, 0}}), tf.constant(0f));
        Operand<TFloat32> y = tf.nn.conv2d(padded, tf.constant(Shape.of(kh, kw, in, out), DataBuffers.of(t, true, false)),
                List.of(1L, (long) stride, (long) stride, 1L), "VALID");
        return tf.nn.relu(tf.nn.biasAdd(y, tf.constant(Shape.of(out), DataBuffers.of(bias, true, false))));
    }

    private TorchFile.Tensor tensor(String key) {
        TorchFile.Tensor t = weights.get(key);
        if (t == null) {
            throw new IllegalArgumentException("weight '" + key + "' is missing: not pytorch-fid's " + WEIGHTS_FILE);
        }
        used.add(key);
        return t;
    }

    private float[] vector(String key, int size) {
        TorchFile.Tensor t = tensor(key);
        if (t.shape().length != 1 || t.values().length != size) {
            throw new IllegalArgumentException("weight '" + key + "' has shape " + java.util.Arrays.toString(t.shape())
                    + ", expected [" + size + "]");
        }
        return t.values();
    }

    /**
     * Every other weight must be the 1008-class fc layer of pytorch-fid's file; torchvision's ImageNet Inception-v3
     * (1000 classes, auxiliary logits, other pooling and input scaling) is refused by name.
     */
    private void checkRest() {
        for (Map.Entry<String, TorchFile.Tensor> e : weights.entrySet()) {
            String key = e.getKey();
            if (key.startsWith("AuxLogits.") || (key.equals("fc.weight") && e.getValue().shape()[0] == 1000)) {
                throw new IllegalArgumentException("this is torchvision's ImageNet Inception-v3 (weight '" + key
                        + "'), not pytorch-fid's FID Inception " + WEIGHTS_FILE + ", whose features FID and KID need");
            }
            if (key.equals("fc.weight") && (e.getValue().shape().length != 2 || e.getValue().shape()[0] != 1008
                    || e.getValue().shape()[1] != dimension)) {
                throw new IllegalArgumentException("weight 'fc.weight' has shape "
                        + java.util.Arrays.toString(e.getValue().shape()) + ", expected [1008, " + dimension + "]");
            }
            if (!used.contains(key) && !key.equals("fc.weight") && !key.equals("fc.bias")) {
                throw new IllegalArgumentException("unexpected weight '" + key + "': not pytorch-fid's " + WEIGHTS_FILE);
            }
        }
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
