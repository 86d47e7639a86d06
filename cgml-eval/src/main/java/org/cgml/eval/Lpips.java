package org.cgml.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cgml.eval.torch.TorchFile;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TFloat32;

/**
 * LPIPS v0.1 (Zhang et al. 2018) computed with TensorFlow Java, built as the lpips package builds it: inputs in
 * [-1, 1] through the scaling layer (shift -.030, -.088, -.188; scale .458, .448, .450), a torchvision backbone
 * (AlexNet, VGG16 or SqueezeNet 1.1 features, same layer layout and state-dict names), each tapped layer's
 * channels unit-normalised, squared difference, the 1x1 linear layer, spatial mean, sum over layers.
 * Weights come from the files researchers already have (see {@link #load}); nothing is downloaded.
 */
public final class Lpips implements AutoCloseable {

    /** The backbones of LPIPS v0.1, with the file names torchvision and the lpips package use. */
    public enum Backbone {
        ALEX("alex", "alexnet-owt-7be5be79.pth", "AlexNet"),
        VGG("vgg", "vgg16-397923af.pth", "VGG16"),
        SQUEEZE("squeeze", "squeezenet1_1-b8a52dc0.pth", "SqueezeNet 1.1");

        private final String id;
        private final String torchvisionFile;
        private final String title;

        Backbone(String id, String torchvisionFile, String title) {
            this.id = id;
            this.torchvisionFile = torchvisionFile;
            this.title = title;
        }

        /** The name used by the lpips package ("alex", "vgg", "squeeze"). */
        public String id() {
            return id;
        }

        /** torchvision's state-dict file of the backbone. */
        public String backboneFile() {
            return torchvisionFile;
        }

        /** The lpips package's v0.1 linear-layer file. */
        public String linearFile() {
            return id + ".pth";
        }

        /** Looks a backbone up by its id. */
        public static Backbone of(String id) {
            for (Backbone b : values()) {
                if (b.id.equals(id)) {
                    return b;
                }
            }
            throw new IllegalArgumentException("unknown LPIPS backbone '" + id + "'; use alex, vgg or squeeze");
        }
    }

    private sealed interface Step {
    }

    /** Convolution followed by ReLU, torchvision weights {@code name.weight} [out, in, k, k] and {@code name.bias}. */
    private record Conv(String name, int in, int out, int k, int stride, int pad) implements Step {
    }

    /** Max pooling; ceil mode pads bottom/right so a last partial window is kept (inputs are >= 0 after ReLU). */
    private record Pool(int k, int stride, boolean ceil) implements Step {
    }

    /** SqueezeNet's Fire module: squeeze 1x1 + ReLU, then [expand 1x1 + ReLU, expand 3x3 + ReLU] concatenated. */
    private record Fire(String name, int in, int squeeze, int e1, int e3) implements Step {
    }

    /** An LPIPS layer is read here. */
    private record Tap() implements Step {
    }

    private static final float[] SHIFT = {-.030f, -.088f, -.188f};
    private static final float[] SCALE = {.458f, .448f, .450f};

    private final Backbone backbone;
    private final List<Step> steps;
    private final Graph graph = new Graph();
    private final Ops tf = Ops.create(graph);
    private final Session session;
    private final Map<String, Operand<TFloat32>> constants = new HashMap<>();
    private final Map<String, Operand<TFloat32>[]> bySize = new HashMap<>();
    private final Placeholder<TFloat32> x0;
    private final Placeholder<TFloat32> x1;

    private Lpips(Backbone backbone, Map<String, float[]> weights) {
        this.backbone = backbone;
        this.steps = steps(backbone);
        x0 = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, -1, -1, 3)));
        x1 = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, -1, -1, 3)));
        int taps = 0;
        for (Step s : steps) {
            if (s instanceof Conv c) {
                constant(weights, c.name(), c.in(), c.out(), c.k());
            } else if (s instanceof Fire f) {
                constant(weights, f.name() + ".squeeze", f.in(), f.squeeze(), 1);
                constant(weights, f.name() + ".expand1x1", f.squeeze(), f.e1(), 1);
                constant(weights, f.name() + ".expand3x3", f.squeeze(), f.e3(), 3);
            } else if (s instanceof Tap) {
                int channels = channelsAt(taps);
                String key = "lin" + taps + ".model.1.weight";
                float[] w = require(weights, key, channels);
                constants.put(key, tf.constant(Shape.of(channels), DataBuffers.of(w, true, false)));
                taps++;
            }
        }
        session = new Session(graph);
    }

    /**
     * LPIPS with the weights of {@code dir}: torchvision's backbone state dict ({@link Backbone#backboneFile()}) and
     * the lpips package's v0.1 linear layers ({@link Backbone#linearFile()}). Without them the exception says
     * exactly which files are needed and where.
     */
    public static Lpips load(Backbone backbone, Path dir) throws IOException {
        Path net = dir.resolve(backbone.backboneFile());
        Path lin = dir.resolve(backbone.linearFile());
        if (!Files.isRegularFile(net) || !Files.isRegularFile(lin)) {
            throw new IOException("LPIPS (" + backbone.id() + ") needs two weight files, which are never downloaded: "
                    + net + " (torchvision's " + backbone.title + " state dict, as torchvision saves it in "
                    + "~/.cache/torch/hub/checkpoints/) and " + lin + " (the LPIPS v0.1 linear layers, "
                    + "lpips/weights/v0.1/" + backbone.linearFile() + " in the lpips package)"
                    + (Files.isRegularFile(net) ? "; the first is present" : "")
                    + (Files.isRegularFile(lin) ? "; the second is present" : ""));
        }
        Map<String, float[]> weights = new LinkedHashMap<>();
        for (Path p : List.of(net, lin)) {
            for (Map.Entry<String, TorchFile.Tensor> e : TorchFile.read(p).entrySet()) {
                weights.put(e.getKey(), e.getValue().values());
            }
        }
        try {
            return of(backbone, weights);
        } catch (IllegalArgumentException e) {
            throw new IOException(net + " / " + lin + ": " + e.getMessage(), e);
        }
    }

    /**
     * LPIPS from state-dict values in PyTorch layout: {@code features.N.weight} [out, in, k, k], {@code features.N.bias}
     * and {@code linK.model.1.weight} [1, C, 1, 1], flat.
     */
    public static Lpips of(Backbone backbone, Map<String, float[]> weights) {
        return new Lpips(backbone, weights);
    }

    public Backbone backbone() {
        return backbone;
    }

    /** LPIPS distance of two RGB images of the same size with values in [0, range]. */
    public double distance(Raster a, Raster b, double range) {
        double[] layers = perLayer(a, b, range);
        double sum = 0;
        for (double v : layers) {
            sum += v;
        }
        return sum;
    }

    /** Each tapped layer's term; their sum is the distance. */
    public synchronized double[] perLayer(Raster a, Raster b, double range) {
        Raster.requireSameShape(a, b);
        if (a.channels() != 3) {
            throw new IllegalArgumentException("LPIPS needs RGB images (got " + a.channels() + " channels)");
        }
        if (!(range > 0)) {
            throw new IllegalArgumentException("LPIPS needs a positive data range (got " + range + ")");
        }
        Operand<TFloat32>[] terms = bySize.computeIfAbsent(a.height() + "x" + a.width(),
                k -> build(a.height(), a.width()));
        try (TFloat32 t0 = tensor(a, range); TFloat32 t1 = tensor(b, range)) {
            Session.Runner r = session.runner().feed(x0, t0).feed(x1, t1);
            for (Operand<TFloat32> t : terms) {
                r.fetch(t);
            }
            try (Result res = r.run()) {
                double[] out = new double[terms.length];
                for (int i = 0; i < terms.length; i++) {
                    out[i] = ((TFloat32) res.get(i)).getFloat();
                }
                return out;
            }
        }
    }

    private static TFloat32 tensor(Raster r, double range) {
        float[] v = new float[r.pixels().length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.pixels()[i] / range * 2 - 1);
        }
        return TFloat32.tensorOf(Shape.of(1, r.height(), r.width(), 3), DataBuffers.of(v, true, false));
    }

    @SuppressWarnings("unchecked")
    private Operand<TFloat32>[] build(int h, int w) {
        Operand<TFloat32> shift = tf.constant(Shape.of(1, 1, 1, 3), DataBuffers.of(SHIFT, true, false));
        Operand<TFloat32> scale = tf.constant(Shape.of(1, 1, 1, 3), DataBuffers.of(SCALE, true, false));
        List<Operand<TFloat32>> f0 = features(tf.math.div(tf.math.sub(tf.ensureShape(x0, Shape.of(1, h, w, 3)), shift), scale));
        List<Operand<TFloat32>> f1 = features(tf.math.div(tf.math.sub(tf.ensureShape(x1, Shape.of(1, h, w, 3)), shift), scale));
        Operand<TFloat32>[] terms = new Operand[f0.size()];
        for (int k = 0; k < f0.size(); k++) {
            Operand<TFloat32> d = tf.math.square(tf.math.sub(unit(f0.get(k)), unit(f1.get(k))));
            Operand<TFloat32> lin = tf.reduceSum(tf.math.mul(d, constants.get("lin" + k + ".model.1.weight")),
                    tf.constant(3));
            terms[k] = tf.math.mean(lin, tf.constant(new int[] {0, 1, 2}));
        }
        return terms;
    }

    /** x / (||x||_channels + 1e-10), as lpips.normalize_tensor. */
    private Operand<TFloat32> unit(Operand<TFloat32> x) {
        Operand<TFloat32> norm = tf.math.sqrt(tf.reduceSum(tf.math.square(x), tf.constant(3), ReduceSum.keepDims(true)));
        return tf.math.div(x, tf.math.add(norm, tf.constant(1e-10f)));
    }

    private List<Operand<TFloat32>> features(Operand<TFloat32> input) {
        List<Operand<TFloat32>> taps = new ArrayList<>();
        Operand<TFloat32> a = input;
        for (Step s : steps) {
            if (s instanceof Conv c) {
                a = conv(a, c.name(), c.k(), c.stride(), c.pad());
            } else if (s instanceof Pool p) {
                a = pool(a, p);
            } else if (s instanceof Fire f) {
                Operand<TFloat32> sq = conv(a, f.name() + ".squeeze", 1, 1, 0);
                a = tf.concat(List.of(conv(sq, f.name() + ".expand1x1", 1, 1, 0),
                        conv(sq, f.name() + ".expand3x3", 3, 1, 1)), tf.constant(3));
            } else {
                taps.add(a);
            }
        }
        return taps;
    }

    private Operand<TFloat32> conv(Operand<TFloat32> x, String name, int k, int stride, int pad) {
        Operand<TFloat32> in = pad == 0 ? x : tf.pad(x, tf.constant(new int[][] {{0, 0}, {pad, pad}, {pad, pad}, {0, 0}}),
                tf.constant(0f));
        Operand<TFloat32> y = tf.nn.conv2d(in, constants.get(name + ".weight"), List.of(1L, (long) stride, (long) stride, 1L),
                "VALID");
        return tf.nn.relu(tf.nn.biasAdd(y, constants.get(name + ".bias")));
    }

    private Operand<TFloat32> pool(Operand<TFloat32> x, Pool p) {
        Operand<TFloat32> in = x;
        if (p.ceil()) {
            long h = x.shape().get(1);
            long w = x.shape().get(2);
            int ph = (int) (((h - p.k()) % p.stride() + p.stride()) % p.stride() == 0 ? 0
                    : p.stride() - (h - p.k()) % p.stride());
            int pw = (int) (((w - p.k()) % p.stride() + p.stride()) % p.stride() == 0 ? 0
                    : p.stride() - (w - p.k()) % p.stride());
            if (ph > 0 || pw > 0) {
                in = tf.pad(x, tf.constant(new int[][] {{0, 0}, {0, ph}, {0, pw}, {0, 0}}), tf.constant(0f));
            }
        }
        return tf.nn.maxPool(in, tf.constant(new int[] {1, p.k(), p.k(), 1}),
                tf.constant(new int[] {1, p.stride(), p.stride(), 1}), "VALID");
    }

    private void constant(Map<String, float[]> weights, String name, int in, int out, int k) {
        float[] w = require(weights, name + ".weight", out * in * k * k);
        float[] b = require(weights, name + ".bias", out);
        // PyTorch [out, in, kh, kw] -> TensorFlow [kh, kw, in, out]
        float[] t = new float[w.length];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                for (int y = 0; y < k; y++) {
                    for (int x = 0; x < k; x++) {
                        t[((y * k + x) * in + i) * out + o] = w[((o * in + i) * k + y) * k + x];
                    }
                }
            }
        }
        constants.put(name + ".weight", tf.constant(Shape.of(k, k, in, out), DataBuffers.of(t, true, false)));
        constants.put(name + ".bias", tf.constant(Shape.of(out), DataBuffers.of(b, true, false)));
    }

    private static float[] require(Map<String, float[]> weights, String key, int size) {
        float[] v = weights.get(key);
        if (v == null) {
            throw new IllegalArgumentException("weight '" + key + "' is missing");
        }
        if (v.length != size) {
            throw new IllegalArgumentException("weight '" + key + "' has " + v.length + " values, expected " + size);
        }
        return v;
    }

    private int channelsAt(int tap) {
        int seen = 0;
        int channels = 3;
        for (Step s : steps) {
            if (s instanceof Conv c) {
                channels = c.out();
            } else if (s instanceof Fire f) {
                channels = f.e1() + f.e3();
            } else if (s instanceof Tap) {
                if (seen++ == tap) {
                    return channels;
                }
            }
        }
        throw new IllegalStateException("no tap " + tap);
    }

    private static List<Step> steps(Backbone b) {
        List<Step> s = new ArrayList<>();
        switch (b) {
            case ALEX -> {
                s.add(new Conv("features.0", 3, 64, 11, 4, 2));
                s.add(new Tap());
                s.add(new Pool(3, 2, false));
                s.add(new Conv("features.3", 64, 192, 5, 1, 2));
                s.add(new Tap());
                s.add(new Pool(3, 2, false));
                s.add(new Conv("features.6", 192, 384, 3, 1, 1));
                s.add(new Tap());
                s.add(new Conv("features.8", 384, 256, 3, 1, 1));
                s.add(new Tap());
                s.add(new Conv("features.10", 256, 256, 3, 1, 1));
                s.add(new Tap());
            }
            case VGG -> {
                int[] config = {64, 64, -1, 128, 128, -1, 256, 256, 256, -1, 512, 512, 512, -1, 512, 512, 512};
                int index = 0;
                int in = 3;
                for (int v : config) {
                    if (v < 0) {
                        s.add(new Tap());
                        s.add(new Pool(2, 2, false));
                        index++;
                    } else {
                        s.add(new Conv("features." + index, in, v, 3, 1, 1));
                        in = v;
                        index += 2;
                    }
                }
                s.add(new Tap());
            }
            case SQUEEZE -> {
                s.add(new Conv("features.0", 3, 64, 3, 2, 0));
                s.add(new Tap());
                s.add(new Pool(3, 2, true));
                s.add(new Fire("features.3", 64, 16, 64, 64));
                s.add(new Fire("features.4", 128, 16, 64, 64));
                s.add(new Tap());
                s.add(new Pool(3, 2, true));
                s.add(new Fire("features.6", 128, 32, 128, 128));
                s.add(new Fire("features.7", 256, 32, 128, 128));
                s.add(new Tap());
                s.add(new Pool(3, 2, true));
                s.add(new Fire("features.9", 256, 48, 192, 192));
                s.add(new Tap());
                s.add(new Fire("features.10", 384, 48, 192, 192));
                s.add(new Tap());
                s.add(new Fire("features.11", 384, 64, 256, 256));
                s.add(new Tap());
                s.add(new Fire("features.12", 512, 64, 256, 256));
                s.add(new Tap());
            }
            default -> throw new IllegalStateException(b.name());
        }
        return s;
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
