package org.cgml.tasks.image.colorization;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.cgml.api.CostFamily;
import org.cgml.api.Dataset;
import org.cgml.api.OptionTask;
import org.cgml.api.OptionValues;
import org.cgml.api.Presentation;
import org.cgml.api.Task;
import org.cgml.api.TaskData;
import org.cgml.api.TaskOption;
import org.cgml.api.UNetTask;
import org.cgml.tasks.image.data.Lab;
import org.cgml.tasks.image.data.PhotoCrops;
import org.cgml.tasks.image.data.PhotoPatches;
import org.cgml.tasks.image.data.Rasters;
import org.cgml.tasks.image.data.Photos;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TFloat32;

/**
 * Paper section 5.2 (Table 2): input = the L channel of an S x S photo crop (CIE LAB, L / 50 - 1); output =
 * (L, a / 110, b / 110), where the sampler copies L from the input and the cost reads only (a, b):
 * E = L1(a, b) + lambda (KL(hist(a) || U) + KL(hist(b) || U)), with a differentiable soft histogram of the batch's
 * predicted a and b over {@code bins} bins of [-1, 1].
 */
public final class Colorization extends UNetTask {
    static final String NAME = "colorization";
    static final TaskOption DATA = new TaskOption("data", "folder of photographs (PNG/JPEG, searched recursively)",
            "data/photos");
    static final TaskOption SIZE = Rasters.sizeOption("crop size S, a power of two >= 16");
    static final TaskOption LAMBDA = TaskOption.number("lambda", "weight of the KL-to-uniform histogram terms", "0.05",
            0, Double.MAX_VALUE);
    static final TaskOption BINS = TaskOption.integer("bins", "bins of the soft histograms of a and b", "20", 2, 1000);
    static final TaskOption SCALE = TaskOption.integer("short-side",
            "photos are scaled so that their short side has this many pixels before cropping", "96", 16, 1 << 16);
    static final List<TaskOption> OPTIONS = List.of(DATA, SIZE, LAMBDA, BINS, SCALE);
    private static final double AB_SCALE = 110;

    private final Path dir;
    private final int size;
    private final float lambda;
    private final int bins;
    private final int shortSide;

    public Colorization() {
        this(OptionValues.defaults(NAME, OPTIONS));
    }

    private Colorization(OptionValues options) {
        super(options);
        this.dir = Path.of(options.text(DATA));
        this.size = options.integer(SIZE);
        this.lambda = (float) options.number(LAMBDA);
        this.bins = options.integer(BINS);
        this.shortSide = options.integer(SCALE);
        if (shortSide < size) {
            throw new IllegalArgumentException("--short-side (" + shortSide + ") must be at least --size (" + size + ")");
        }
    }

    @Override
    protected Task with(OptionValues options) {
        return new Colorization(options);
    }

    @Override
    public TaskData data(long seed) {
        try {
            return data(Photos.read(dir, shortSide, size), seed);
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("task " + NAME + ": " + e.getMessage()
                    + " (run scripts/fetch-data.sh photos, or point --data at a folder of photographs)", e));
        }
    }

    /** The held-out crops alone: sampling decodes only the held-out photographs, not the training ones. */
    @Override
    public Dataset testData(long seed) {
        try {
            return new Crops(new PhotoPatches(Photos.readHeldOut(dir, shortSide, size, seed), size, seed), false, 200);
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("task " + NAME + ": " + e.getMessage()
                    + " (run scripts/fetch-data.sh photos, or point --data at a folder of photographs)", e));
        }
    }

    /** The splits over photographs already loaded (also for generated photos in tests). */
    public TaskData data(Photos photos, long seed) {
        PhotoPatches patches = new PhotoPatches(photos, size, seed);
        return new TaskData(new Crops(patches, true, 4000), new Crops(patches, false, 200));
    }

    @Override
    public void finish(float[] input, int inOff, float[] output, int outOff) {
        for (int p = 0; p < size * size; p++) {
            output[outOff + p * 3] = input[inOff + p];
        }
    }

    @Override
    public int[] inputShape() {
        return new int[] {size, size, 1};
    }

    @Override
    public int[] outputShape() {
        return new int[] {size, size, 3};
    }

    @Override
    public CostFamily cost() {
        return cost(org.cgml.api.Distance.L1);
    }

    /** d over (a, b) only (L is the input) plus lambda times the two KL terms. */
    private CostFamily cost(org.cgml.api.Distance d) {
        float weight = lambda;
        int k = bins;
        return new CostFamily() {
            @Override
            public Operand<TFloat32> perSample(Ops tf, Operand<TFloat32> target, Operand<TFloat32> output) {
                Operand<TFloat32> ab = tf.constant(new float[] {0f, 1f, 1f});
                return CostFamily.sumPerSample(tf, tf.math.mul(d.of(tf, tf.math.sub(target, output)), ab));
            }

            @Override
            public CostFamily withDistance(org.cgml.api.Distance other) {
                return other == org.cgml.api.Distance.TASK ? this : cost(other);
            }

            @Override
            public Operand<TFloat32> extraTerms(Ops tf, Operand<TFloat32> target, Operand<TFloat32> output) {
                if (weight == 0) {
                    return null;
                }
                return tf.math.mul(tf.constant(weight), tf.math.add(klToUniform(tf, channel(tf, output, 1), k),
                        klToUniform(tf, channel(tf, output, 2), k)));
            }

            @Override
            public String describe() {
                return d.id() + "(a,b) + " + weight + " * (KL(hist(a)||U) + KL(hist(b)||U)), " + k + " bins";
            }
        };
    }

    /** Channel c of a [batch, S, S, 3] tensor, flattened to [n] (by masking, so the gradient is plain). */
    static Operand<TFloat32> channel(Ops tf, Operand<TFloat32> x, int c) {
        float[] mask = new float[3];
        mask[c] = 1f;
        return tf.reshape(tf.reduceSum(tf.math.mul(x, tf.constant(mask)), tf.constant(3)), tf.constant(new int[] {-1}));
    }

    /**
     * KL(h || U) of the soft histogram h of values in [-1, 1]: each value spreads over k bins with Gaussian weights
     * (sigma = half a bin) normalised per value; h is their mean over the values.
     */
    static Operand<TFloat32> klToUniform(Ops tf, Operand<TFloat32> values, int k) {
        float[] centres = new float[k];
        for (int i = 0; i < k; i++) {
            centres[i] = -1f + (2f * i + 1f) / k;
        }
        float sigma = 1f / k;
        Operand<TFloat32> d = tf.math.sub(tf.reshape(values, tf.constant(new int[] {-1, 1})),
                tf.reshape(tf.constant(centres), tf.constant(new int[] {1, k})));
        Operand<TFloat32> w = tf.math.exp(tf.math.mul(tf.math.square(d), tf.constant(-0.5f / (sigma * sigma))));
        Operand<TFloat32> norm = tf.math.add(tf.reduceSum(w, tf.constant(1), ReduceSum.keepDims(true)),
                tf.constant(1e-12f));
        Operand<TFloat32> h = tf.math.mean(tf.math.div(w, norm), tf.constant(0));
        return tf.reduceSum(tf.math.mul(h, tf.math.log(tf.math.add(tf.math.mul(h, tf.constant((float) k)),
                tf.constant(1e-8f)))), tf.constant(0));
    }

    @Override
    public Presentation presentation() {
        return Rasters.presentation(size * size, size * size * 3, (values, offset, shape) -> {
            BufferedImage img = new BufferedImage(shape[1], shape[0], BufferedImage.TYPE_INT_RGB);
            int c = shape[2];
            for (int p = 0; p < shape[0] * shape[1]; p++) {
                double l = (values[offset + p * c] + 1) * 50;
                double[] rgb = c == 3 ? Lab.toRgb(l, values[offset + p * 3 + 1] * AB_SCALE,
                        values[offset + p * 3 + 2] * AB_SCALE) : Lab.toRgb(l, 0, 0);
                int r = (int) Math.round(rgb[0] * 255);
                int g = (int) Math.round(rgb[1] * 255);
                int b = (int) Math.round(rgb[2] * 255);
                img.setRGB(p % shape[1], p / shape[1], (r << 16) | (g << 8) | b);
            }
            return img;
        });
    }

    /** Photo crops in LAB: input L, target (L, a, b) scaled to about [-1, 1]. */
    private final class Crops extends PhotoCrops {
        Crops(PhotoPatches patches, boolean train, int count) {
            super(patches, train, count);
        }

        @Override
        protected void make(int index, long exampleSeed, float[] input, int inOff, float[] target, int outOff) {
            for (int p = 0; p < size * size; p++) {
                int i = outOff + p * 3;
                double[] lab = Lab.fromRgb((target[i] + 1) / 2, (target[i + 1] + 1) / 2, (target[i + 2] + 1) / 2);
                target[i] = (float) (lab[0] / 50 - 1);
                target[i + 1] = (float) (lab[1] / AB_SCALE);
                target[i + 2] = (float) (lab[2] / AB_SCALE);
                input[inOff + p] = target[i];
            }
        }
    }

    /** Registers the task. */
    public static final class Provider extends OptionTask.Provider {
        public Provider() {
            super(NAME, "L of a photo crop -> (a, b) in CIE LAB, L1 + KL-to-uniform histograms (5.2, Table 2)",
                    Colorization::new);
        }
    }
}
