package org.cgml.tasks.image.sketch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cgml.api.Dataset;
import org.cgml.api.OptionTask;
import org.cgml.api.OptionValues;
import org.cgml.api.Presentation;
import org.cgml.api.Task;
import org.cgml.api.TaskData;
import org.cgml.api.TaskOption;
import org.cgml.api.UNetTask;
import org.cgml.tasks.image.data.Canny;
import org.cgml.tasks.image.data.Idx;
import org.cgml.tasks.image.data.PhotoCrops;
import org.cgml.tasks.image.data.PhotoPatches;
import org.cgml.tasks.image.data.Photos;
import org.cgml.tasks.image.data.Rasters;

/**
 * Paper section 5.3.1 (Fig. 12, 13): input = the Canny edge map of an image (1 on edges, -1 elsewhere); output =
 * the image. Sources: Fashion-MNIST's shoes and bags (sandal, sneaker, bag, ankle boot; grey) or photo crops (RGB).
 */
public final class SketchToImage extends UNetTask {
    static final String NAME = "sketch2image";
    static final TaskOption SOURCE = TaskOption.choice("source", "fashion (Fashion-MNIST shoes and bags) or photos",
            "fashion", "fashion", "photos");
    static final TaskOption DATA = new TaskOption("data", "data folder (default data/fashion-mnist, or data/photos "
            + "for --source photos)", "");
    static final TaskOption SIZE = Rasters.sizeOption("image size S, a power of two >= 16");
    static final TaskOption SIGMA = TaskOption.number("sigma", "Canny: Gaussian smoothing sigma in pixels", "1.0", 0, 100);
    static final TaskOption LOW = TaskOption.number("low", "Canny: low threshold, share of the largest gradient", "0.1",
            0, 1);
    static final TaskOption HIGH = TaskOption.number("high", "Canny: high threshold, share of the largest gradient",
            "0.25", 0, 1);
    static final List<TaskOption> OPTIONS = List.of(SOURCE, DATA, SIZE, SIGMA, LOW, HIGH);
    /** Fashion-MNIST labels of sandal, sneaker, bag and ankle boot. */
    static final int[] SHOES_AND_BAGS = {5, 7, 8, 9};

    private final boolean photos;
    private final Path dir;
    private final int size;
    private final Canny canny;

    public SketchToImage() {
        this(OptionValues.defaults(NAME, OPTIONS));
    }

    private SketchToImage(OptionValues options) {
        super(options);
        this.photos = options.text(SOURCE).equals("photos");
        this.dir = options.text(DATA).isEmpty() ? null : Path.of(options.text(DATA));
        this.size = options.integer(SIZE);
        this.canny = new Canny(options.number(SIGMA), options.number(LOW), options.number(HIGH));
    }

    @Override
    protected Task with(OptionValues options) {
        return new SketchToImage(options);
    }

    private Path folder() {
        return dir != null ? dir : Path.of(photos ? "data/photos" : "data/fashion-mnist");
    }

    @Override
    public TaskData data(long seed) {
        try {
            if (photos) {
                PhotoPatches patches = new PhotoPatches(Photos.read(folder(), 96, size), size, seed);
                return new TaskData(new Crops(patches, true, 4000), new Crops(patches, false, 200));
            }
            return new TaskData(fashion("train"), fashion("t10k"));
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("task " + NAME + ": " + e.getMessage() + " (run "
                    + "scripts/fetch-data.sh " + (photos ? "photos" : "fashion") + ", or point --data at your data)", e));
        }
    }

    /** The test split alone: Fashion-MNIST's test items, or the held-out photographs (no training data is read). */
    @Override
    public Dataset testData(long seed) {
        try {
            if (photos) {
                return new Crops(new PhotoPatches(Photos.readHeldOut(folder(), 96, size, seed), size, seed), false, 200);
            }
            return fashion("t10k");
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("task " + NAME + ": " + e.getMessage() + " (run "
                    + "scripts/fetch-data.sh " + (photos ? "photos" : "fashion") + ", or point --data at your data)", e));
        }
    }

    private Dataset fashion(String split) throws IOException {
        Idx.Bytes images = Idx.read(find(split + "-images-idx3-ubyte"));
        Idx.Bytes labels = Idx.read(find(split + "-labels-idx1-ubyte"));
        if (labels.count() != images.count()) {
            throw new IOException(folder() + ": " + split + " has " + images.count() + " images but "
                    + labels.count() + " labels");
        }
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < labels.count(); i++) {
            for (int c : SHOES_AND_BAGS) {
                if (labels.at(i, 0) == c) {
                    keep.add(i);
                }
            }
        }
        if (keep.isEmpty()) {
            throw new IOException(folder() + ": no shoes or bags (labels 5, 7, 8, 9) in " + split);
        }
        return new Items(images, keep.stream().mapToInt(Integer::intValue).toArray());
    }

    private Path find(String name) throws IOException {
        for (String n : List.of(name, name + ".gz")) {
            if (Files.isRegularFile(folder().resolve(n))) {
                return folder().resolve(n);
            }
        }
        throw new IOException(folder().resolve(name) + " (or .gz) is missing");
    }

    /** Writes the edge map of a grey image in [-1, 1] as 1 / -1. */
    private void sketch(float[] grey, float[] out, int off) {
        double[] g = new double[size * size];
        for (int i = 0; i < g.length; i++) {
            g[i] = (grey[i] + 1) / 2;
        }
        boolean[] e = canny.edges(g, size, size);
        for (int i = 0; i < e.length; i++) {
            out[off + i] = e[i] ? 1f : -1f;
        }
    }

    @Override
    public int[] inputShape() {
        return new int[] {size, size, 1};
    }

    @Override
    public int[] outputShape() {
        return new int[] {size, size, photos ? 3 : 1};
    }

    @Override
    public Presentation presentation() {
        return Rasters.presentation(size * size, size * size * (photos ? 3 : 1));
    }

    /** Fashion-MNIST items of the kept classes. */
    private final class Items implements Dataset {
        private final Idx.Bytes images;
        private final int[] index;

        Items(Idx.Bytes images, int[] index) {
            this.images = images;
            this.index = index;
        }

        @Override
        public int size() {
            return index.length;
        }

        @Override
        public void example(int i, long seed, float[] input, int inOff, float[] target, int outOff) {
            images.centred(index[i], size, target, outOff);
            float[] grey = java.util.Arrays.copyOfRange(target, outOff, outOff + size * size);
            sketch(grey, input, inOff);
        }
    }

    /** Photo crops: edge map of the grey crop -> the RGB crop. */
    private final class Crops extends PhotoCrops {
        Crops(PhotoPatches patches, boolean train, int count) {
            super(patches, train, count);
        }

        @Override
        protected void make(int i, long seed, float[] input, int inOff, float[] target, int outOff) {
            float[] grey = new float[size * size];
            for (int p = 0; p < grey.length; p++) {
                int k = outOff + p * 3;
                grey[p] = 0.299f * target[k] + 0.587f * target[k + 1] + 0.114f * target[k + 2];
            }
            sketch(grey, input, inOff);
        }
    }

    /** Registers the task. */
    public static final class Provider extends OptionTask.Provider {
        public Provider() {
            super(NAME, "Canny edge map -> image, Fashion-MNIST shoes and bags or photo crops (5.3.1)",
                    SketchToImage::new);
        }
    }
}
