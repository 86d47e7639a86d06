package org.cgml.tasks.image.paired;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cgml.api.Dataset;
import org.cgml.api.OptionTask;
import org.cgml.api.OptionValues;
import org.cgml.api.Presentation;
import org.cgml.api.Task;
import org.cgml.api.TaskData;
import org.cgml.api.TaskOption;
import org.cgml.api.UNetTask;
import org.cgml.tasks.image.data.AlignedPairs;
import org.cgml.tasks.image.data.Rasters;

/**
 * Any pix2pix "aligned" dataset researchers already hold (maps, facades, edges2shoes): {@code DATA/train/} for
 * training and {@code DATA/test/} (else {@code DATA/val/}) for testing, each file A|B side by side, both halves
 * scaled to S x S RGB; the task maps A -> B or B -> A.
 */
public final class Paired extends UNetTask {
    static final String NAME = "paired";
    static final TaskOption DATA = new TaskOption("data", "pix2pix aligned folder with train/ and test/ (or val/)",
            "data/paired");
    static final TaskOption DIRECTION = TaskOption.choice("direction", "AtoB or BtoA", "AtoB", "AtoB", "BtoA");
    static final TaskOption SIZE = Rasters.sizeOption("image size S, a power of two >= 16");
    static final List<TaskOption> OPTIONS = List.of(DATA, DIRECTION, SIZE);

    private final Path dir;
    private final boolean aToB;
    private final int size;

    public Paired() {
        this(OptionValues.defaults(NAME, OPTIONS));
    }

    private Paired(OptionValues options) {
        super(options);
        this.dir = Path.of(options.text(DATA));
        this.aToB = options.text(DIRECTION).equals("AtoB");
        this.size = options.integer(SIZE);
    }

    @Override
    protected Task with(OptionValues options) {
        return new Paired(options);
    }

    /** The test pairs only: sampling a trained model never reads the training folder. */
    @Override
    public Dataset testData(long seed) {
        try {
            return new Pairs(AlignedPairs.read(testFolder(), size));
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("task " + NAME + ": " + e.getMessage()
                    + " (point --data at a pix2pix aligned folder with train/ and test/ or val/)", e));
        }
    }

    private Path testFolder() {
        return Files.isDirectory(dir.resolve("test")) ? dir.resolve("test") : dir.resolve("val");
    }

    @Override
    public TaskData data(long seed) {
        try {
            return new TaskData(new Pairs(AlignedPairs.read(dir.resolve("train"), size)),
                    new Pairs(AlignedPairs.read(testFolder(), size)));
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("task " + NAME + ": " + e.getMessage()
                    + " (point --data at a pix2pix aligned folder with train/ and test/ or val/)", e));
        }
    }

    @Override
    public int[] inputShape() {
        return new int[] {size, size, 3};
    }

    @Override
    public int[] outputShape() {
        return new int[] {size, size, 3};
    }

    @Override
    public Presentation presentation() {
        return Rasters.presentation(size * size * 3, size * size * 3);
    }

    private final class Pairs implements Dataset {
        private final AlignedPairs pairs;

        Pairs(AlignedPairs pairs) {
            this.pairs = pairs;
        }

        @Override
        public int size() {
            return pairs.count();
        }

        @Override
        public void example(int index, long seed, float[] input, int inOff, float[] target, int outOff) {
            float[] from = aToB ? pairs.a(index) : pairs.b(index);
            float[] to = aToB ? pairs.b(index) : pairs.a(index);
            System.arraycopy(from, 0, input, inOff, from.length);
            System.arraycopy(to, 0, target, outOff, to.length);
        }
    }

    /** Registers the task. */
    public static final class Provider extends OptionTask.Provider {
        public Provider() {
            super(NAME, "any pix2pix aligned folder (A|B side by side), A -> B or B -> A", Paired::new);
        }
    }
}
