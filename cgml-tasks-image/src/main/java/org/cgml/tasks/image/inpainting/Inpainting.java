package org.cgml.tasks.image.inpainting;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.cgml.api.Batches;
import org.cgml.api.Dataset;
import org.cgml.api.Evaluation;
import org.cgml.api.OptionTask;
import org.cgml.api.OptionValues;
import org.cgml.api.Presentation;
import org.cgml.api.Task;
import org.cgml.api.TaskData;
import org.cgml.api.TaskOption;
import org.cgml.api.UNetTask;
import org.cgml.eval.StandardFigures;
import org.cgml.tasks.image.data.Masks;
import org.cgml.tasks.image.data.PhotoCrops;
import org.cgml.tasks.image.data.PhotoPatches;
import org.cgml.tasks.image.data.Photos;
import org.cgml.tasks.image.data.Rasters;

/**
 * Paper section 5.3 (Table 3): input = an S x S photo crop with a hole (RGB zeroed in the hole) plus the hole mask
 * as a fourth channel (1 in the hole, -1 outside); target = the crop. Training holes are random-sized squares;
 * the test split uses the evaluation mask chosen by {@code --eval-mask}: squares of 10, 15 or 25 % of the area at
 * random positions, the centre square, or irregular strokes. Sampled outputs keep the known pixels (composited).
 * Crops come from held-out photographs for testing (see {@link PhotoPatches}).
 */
public final class Inpainting extends UNetTask {
    static final String NAME = "inpainting";
    static final TaskOption DATA = new TaskOption("data", "folder of photographs (PNG/JPEG, searched recursively)",
            "data/photos");
    static final TaskOption SIZE = Rasters.sizeOption("crop size S, a power of two >= 16");
    static final TaskOption EVAL_MASK = TaskOption.choice("eval-mask",
            "holes of the test split: random10, random15, random25, centre or strokes", "random25",
            "random10", "random15", "random25", "centre", "strokes");
    static final TaskOption SCALE = TaskOption.integer("short-side",
            "photos are scaled so that their short side has this many pixels before cropping", "96", 16, 1 << 16);
    static final TaskOption PROBE_DATA = new TaskOption("probe-data",
            "folder with Fashion-MNIST's IDX files, for the linear probe on frozen H (paper Table 4); skipped if absent",
            "data/fashion-mnist");
    static final List<TaskOption> OPTIONS = List.of(DATA, SIZE, EVAL_MASK, SCALE, PROBE_DATA);
    /** Fashion-MNIST images the probe is fitted on (the first of its training split) and tested on (of t10k). */
    static final int PROBE_TRAIN = 1000;
    static final int PROBE_TEST = 500;

    private final Path dir;
    private final int size;
    private final String evalMask;
    private final int shortSide;

    public Inpainting() {
        this(OptionValues.defaults(NAME, OPTIONS));
    }

    private Inpainting(OptionValues options) {
        super(options);
        this.dir = Path.of(options.text(DATA));
        this.size = options.integer(SIZE);
        this.evalMask = options.text(EVAL_MASK);
        this.shortSide = options.integer(SCALE);
        if (shortSide < size) {
            throw new IllegalArgumentException("--short-side (" + shortSide + ") must be at least --size (" + size + ")");
        }
    }

    @Override
    protected Task with(OptionValues options) {
        return new Inpainting(options);
    }

    @Override
    public TaskData data(long seed) {
        Photos photos;
        try {
            photos = Photos.read(dir, shortSide, size);
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("task " + NAME + ": " + e.getMessage()
                    + " (run scripts/fetch-data.sh photos, or point --data at a folder of photographs)", e));
        }
        return data(photos, seed);
    }

    /** The held-out crops alone: sampling decodes only the held-out photographs, not the training ones. */
    @Override
    public Dataset testData(long seed) {
        try {
            return new Holes(new PhotoPatches(Photos.readHeldOut(dir, shortSide, size, seed), size, seed), false, 200);
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("task " + NAME + ": " + e.getMessage()
                    + " (run scripts/fetch-data.sh photos, or point --data at a folder of photographs)", e));
        }
    }

    /** The splits over photographs already loaded (also for generated photos in tests). */
    public TaskData data(Photos photos, long seed) {
        PhotoPatches patches = new PhotoPatches(photos, size, seed);
        return new TaskData(new Holes(patches, true, 4000), new Holes(patches, false, 200));
    }

    /**
     * Views random10, random15 and random25 (paper Table 3: holes of 10, 15 and 25 % of the area), each scored also
     * inside the hole ({@code hole_psnr_first}, ...), where the method's work is.
     */
    @Override
    public Evaluation evaluation() {
        return new Evaluation() {
            @Override
            public List<View> views(Task task, Dataset test, long seed) {
                return List.of("random10", "random15", "random25").stream().map(m -> {
                    Task masked = withOptions(Map.of(EVAL_MASK.name(), m));
                    return new View(m, masked, masked.data(seed).test());
                }).toList();
            }

            @Override
            public void score(Samples s, Figures f) {
                boolean[][] holes = new boolean[s.count()][size * size];
                for (int i = 0; i < s.count(); i++) {
                    for (int p = 0; p < size * size; p++) {
                        holes[i][p] = s.inputs()[i * size * size * 4 + p * 4 + 3] > 0;
                    }
                }
                StandardFigures.images(s, holes, "hole_", f);
                if (s.model() != null) {
                    probe(s.model(), f);
                }
            }
        };
    }

    /**
     * The linear probe on frozen H (paper Tables 4 and 5): Fashion-MNIST garments, grey in all three channels and
     * without a hole, through H, pooled over positions; a softmax classifier fitted on {@link #PROBE_TRAIN} of its training images and
     * tested on {@link #PROBE_TEST} of its test images. References: the same probe on the raw pixels, and the
     * majority class. Skipped (probe_images 0) when the folder is absent.
     */
    private void probe(Evaluation.Features model, Evaluation.Figures f) {
        Path folder = Path.of(optionValues().text(PROBE_DATA));
        if (!java.nio.file.Files.isDirectory(folder)) {
            f.reference("data", "probe_images", 0);
            return;
        }
        try {
            float[][] train = fashion(folder, "train", PROBE_TRAIN);
            float[][] test = fashion(folder, "t10k", PROBE_TEST);
            int[] ytr = labels(folder, "train", PROBE_TRAIN);
            int[] yte = labels(folder, "t10k", PROBE_TEST);
            org.cgml.eval.LinearProbe probe = new org.cgml.eval.LinearProbe(1e-3, 200);
            f.reference("data", "probe_images", ytr.length + yte.length);
            f.add("probe_accuracy", probe.fitAndTest(features(model, train[0]), ytr, features(model, test[0]), yte)
                    .accuracy());
            f.reference("raw_pixels", "probe_accuracy", probe.fitAndTest(rows(train[1], size * size), ytr,
                    rows(test[1], size * size), yte).accuracy());
            int[] counts = new int[10];
            for (int y : yte) {
                counts[y]++;
            }
            f.reference("majority_class", "probe_accuracy",
                    (double) java.util.Arrays.stream(counts).max().orElse(0) / yte.length);
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("task " + NAME + " probe: " + e.getMessage()
                    + " (run scripts/fetch-data.sh fashion, or point --probe-data at Fashion-MNIST's IDX files)", e));
        }
    }

    /** The first {@code n} images of a Fashion-MNIST split: as inputs (grey RGB, no hole) and as grey pixels. */
    private float[][] fashion(Path folder, String split, int n) throws IOException {
        org.cgml.tasks.image.data.Idx.Bytes images = org.cgml.tasks.image.data.Idx.read(idx(folder, split + "-images-idx3-ubyte"));
        int m = Math.min(n, images.count());
        float[] grey = new float[m * size * size];
        float[] inputs = new float[m * size * size * 4];
        for (int i = 0; i < m; i++) {
            images.centred(i, size, grey, i * size * size);
            for (int p = 0; p < size * size; p++) {
                float v = grey[i * size * size + p];
                int o = (i * size * size + p) * 4;
                inputs[o] = v;
                inputs[o + 1] = v;
                inputs[o + 2] = v;
                inputs[o + 3] = -1f;
            }
        }
        return new float[][] {inputs, grey};
    }

    private static int[] labels(Path folder, String split, int n) throws IOException {
        org.cgml.tasks.image.data.Idx.Bytes labels = org.cgml.tasks.image.data.Idx.read(idx(folder, split + "-labels-idx1-ubyte"));
        int m = Math.min(n, labels.count());
        int[] out = new int[m];
        for (int i = 0; i < m; i++) {
            out[i] = labels.at(i, 0);
        }
        return out;
    }

    /** {@code name} in {@code folder}, plain or gzip-compressed. */
    private static Path idx(Path folder, String name) {
        Path plain = folder.resolve(name);
        return java.nio.file.Files.isRegularFile(plain) ? plain : folder.resolve(name + ".gz");
    }

    /**
     * Frozen H's features of inputs stored flat, one row per input: h (4 x 4 x C) averaged over its 16 positions,
     * C values (global average pooling, as probes of convolutional encoders do; it keeps the fit to seconds).
     */
    private double[][] features(Evaluation.Features model, float[] inputs) {
        int n = inputs.length / (size * size * 4);
        return org.cgml.eval.LinearProbe.pooled(model.features(inputs, n), n, model.featureSize(), 16);
    }

    private static double[][] rows(float[] flat, int width) {
        double[][] out = new double[flat.length / width][width];
        for (int i = 0; i < out.length; i++) {
            for (int k = 0; k < width; k++) {
                out[i][k] = flat[i * width + k];
            }
        }
        return out;
    }

    /** The hole of test example {@code index} (fixed per index) or of a training example (from its seed). */
    boolean[] hole(boolean train, int index, long exampleSeed) {
        if (train) {
            return Masks.randomSquare(size, size / 8, size / 2, new SplittableRandom(exampleSeed ^ 0x401EL));
        }
        SplittableRandom rng = new SplittableRandom(Batches.mix(0x3A5CL, index));
        return switch (evalMask) {
            case "random10" -> Masks.areaSquare(size, 0.10, rng);
            case "random15" -> Masks.areaSquare(size, 0.15, rng);
            case "centre" -> Masks.centre(size);
            case "strokes" -> Masks.strokes(size, rng);
            default -> Masks.areaSquare(size, 0.25, rng);
        };
    }

    @Override
    public void finish(float[] input, int inOff, float[] output, int outOff) {
        for (int p = 0; p < size * size; p++) {
            if (input[inOff + p * 4 + 3] < 0) {
                for (int c = 0; c < 3; c++) {
                    output[outOff + p * 3 + c] = input[inOff + p * 4 + c];
                }
            }
        }
    }

    @Override
    public int[] inputShape() {
        return new int[] {size, size, 4};
    }

    @Override
    public int[] outputShape() {
        return new int[] {size, size, 3};
    }

    @Override
    public Presentation presentation() {
        return Rasters.presentation(size * size * 4, size * size * 3, (values, offset, shape) -> {
            if (shape[2] != 4) {
                return Rasters.picture(values, offset, shape);
            }
            // the masked input: RGB with the hole shown in mid grey
            float[] rgb = new float[size * size * 3];
            for (int p = 0; p < size * size; p++) {
                boolean hole = values[offset + p * 4 + 3] > 0;
                for (int c = 0; c < 3; c++) {
                    rgb[p * 3 + c] = hole ? 0f : values[offset + p * 4 + c];
                }
            }
            return Rasters.picture(rgb, 0, new int[] {size, size, 3});
        });
    }

    /** Photo crops with holes: training holes from the example seed, test holes fixed by index. */
    private final class Holes extends PhotoCrops {
        Holes(PhotoPatches patches, boolean train, int count) {
            super(patches, train, count);
        }

        @Override
        protected void make(int index, long exampleSeed, float[] input, int inOff, float[] target, int outOff) {
            boolean[] hole = hole(training(), index, exampleSeed);
            for (int p = 0; p < size * size; p++) {
                for (int c = 0; c < 3; c++) {
                    input[inOff + p * 4 + c] = hole[p] ? 0f : target[outOff + p * 3 + c];
                }
                input[inOff + p * 4 + 3] = hole[p] ? 1f : -1f;
            }
        }
    }

    /** Registers the task. */
    public static final class Provider extends OptionTask.Provider {
        public Provider() {
            super(NAME, "photo crop with a hole (+ mask channel) -> the crop, known pixels kept (5.3, Table 3)",
                    Inpainting::new);
        }
    }
}
