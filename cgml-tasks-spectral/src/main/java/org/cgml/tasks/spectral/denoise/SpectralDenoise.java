package org.cgml.tasks.spectral.denoise;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.cgml.api.Dataset;
import org.cgml.api.Evaluation;
import org.cgml.api.OptionTask;
import org.cgml.api.OptionValues;
import org.cgml.api.Presentation;
import org.cgml.api.Task;
import org.cgml.api.TaskData;
import org.cgml.api.TaskOption;
import org.cgml.api.UNetTask;
import org.cgml.tasks.spectral.SpectralBasis;
import org.cgml.tasks.spectral.SpectralShapes;

/**
 * {@code spectral-denoise} (paper section 5.4, Table 6, Fig. 20): the coefficient map of a shape (spherical
 * harmonics of its radial function, or its 3D-Zernike norms) with a masked square or added noise -> the clean map,
 * on the generic U-Net. Input channels: the corrupted map and a known-cell indicator (1 known, 0 masked); masked
 * maps are composited (known cells kept). Corruptions are redrawn every epoch.
 */
public final class SpectralDenoise extends UNetTask {
    static final String NAME = "spectral-denoise";
    static final TaskOption BASIS = TaskOption.choice("basis", "coefficient map: sh (spherical harmonics) or zernike",
            "sh", "sh", "zernike");
    static final TaskOption DEGREE = new TaskOption("degree",
            "degree L (sh) or order N (zernike); the map is (L+1)x(L+1), so 15, 31 or 63", "15", text -> {
                int degree;
                try {
                    degree = Integer.parseInt(text.trim());
                } catch (NumberFormatException e) {
                    degree = -1;
                }
                if (degree + 1 < 16 || Integer.bitCount(degree + 1) != 1) {
                    throw new IllegalArgumentException("--degree must make a map side that is a power of two"
                            + " >= 16: 15, 31, 63 (got " + text + ")");
                }
                return degree;
            });
    static final TaskOption CORRUPTION = TaskOption.choice("corruption", "mask (a random square of the map) or noise",
            "mask", "mask", "noise");
    static final TaskOption MASK_MIN = TaskOption.number("mask-min", "smallest masked square, fraction of the map side",
            "0.25", Double.MIN_VALUE, 1);
    static final TaskOption MASK_MAX = TaskOption.number("mask-max", "largest masked square, fraction of the map side",
            "0.5", Double.MIN_VALUE, 1);
    static final TaskOption NOISE = TaskOption.number("noise",
            "Gaussian noise standard deviation, as a fraction of the map's RMS value", "0.5", 0, Double.MAX_VALUE);
    static final TaskOption DATA = new TaskOption("data",
            "shapes folder (furniture/*.sh3f, meshes/*.off|obj|ply; scripts/fetch-data.sh shapes), or synthetic[:N]",
            "data/shapes");
    static final TaskOption PROBE_MIN = TaskOption.integer("probe-min-per-class",
            "categories the linear probe classifies need this many models", "" + SpectralShapes.MIN_PER_CLASS, 1,
            Integer.MAX_VALUE);
    static final List<TaskOption> OPTIONS = List.of(BASIS, DEGREE, CORRUPTION, MASK_MIN, MASK_MAX, NOISE, DATA,
            PROBE_MIN);

    /** The resolved settings. */
    record Settings(SpectralBasis basis, int degree, boolean mask, double maskMin, double maskMax, double noise,
                    String data, int probeMinPerClass) {
    }

    private final Settings s;

    public SpectralDenoise() {
        this(OptionValues.defaults(NAME, OPTIONS));
    }

    private SpectralDenoise(OptionValues o) {
        super(o);
        this.s = new Settings(o.text(BASIS).equals("sh") ? SpectralBasis.SPHERICAL_HARMONICS : SpectralBasis.ZERNIKE_3D,
                o.integer(DEGREE), o.text(CORRUPTION).equals("mask"), o.number(MASK_MIN), o.number(MASK_MAX),
                o.number(NOISE), o.text(DATA), o.integer(PROBE_MIN));
        if (s.maskMin() > s.maskMax()) {
            throw new IllegalArgumentException("--mask-min (" + s.maskMin() + ") is above --mask-max (" + s.maskMax()
                    + ")");
        }
    }

    @Override
    protected Task with(OptionValues options) {
        return new SpectralDenoise(options);
    }

    Settings settings() {
        return s;
    }

    /** The shapes this task reads: the data folder's maps (cached) or a synthetic set. */
    SpectralShapes shapes(long seed) {
        try {
            return SpectralShapes.of(s.data(), s.basis(), s.degree(), seed, System.err::println);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public TaskData data(long seed) {
        SpectralShapes shapes = shapes(seed);
        List<float[]> train = new ArrayList<>();
        List<float[]> test = new ArrayList<>();
        for (SpectralShapes.Shape shape : shapes.shapes()) {
            (shape.test() ? test : train).add(shape.map());
        }
        return new TaskData(new Maps(train, seed * 2 + 1, false), new Maps(test, seed * 2 + 2, true));
    }

    /** Both bases with both corruptions (paper Table 6 and Fig. 20). */
    @Override
    public List<Map<String, String>> benchSettings() {
        List<Map<String, String>> out = new ArrayList<>();
        for (String basis : List.of("sh", "zernike")) {
            for (String corruption : List.of("mask", "noise")) {
                out.add(Map.of("basis", basis, "corruption", corruption));
            }
        }
        return out;
    }

    /** Relative errors of the recovered maps beside the corrupted input's, and the linear probe on H. */
    @Override
    public Evaluation evaluation() {
        return new SpectralFigures(this, s.probeMinPerClass());
    }

    /** Clean maps with a corruption drawn per example (and per epoch in training, fixed per index for testing). */
    private final class Maps implements Dataset {
        private final List<float[]> maps;
        private final long seed;
        private final boolean fixed;

        Maps(List<float[]> maps, long seed, boolean fixed) {
            this.maps = maps;
            this.seed = seed;
            this.fixed = fixed;
        }

        @Override
        public int size() {
            return maps.size();
        }

        @Override
        public void example(int index, long exampleSeed, float[] input, int inOff, float[] target, int outOff) {
            float[] map = maps.get(index);
            System.arraycopy(map, 0, target, outOff, map.length);
            SplittableRandom r = new SplittableRandom(fixed ? seed * 1_000_003L + index : exampleSeed ^ seed);
            corrupt(map, r, input, inOff);
        }
    }

    /** Writes the corrupted {@code map} and its known-cell channel into {@code input} (interleaved, 2 channels). */
    void corrupt(float[] map, SplittableRandom r, float[] input, int off) {
        int side = s.degree() + 1;
        if (s.mask()) {
            int lo = Math.max(1, (int) Math.round(s.maskMin() * side));
            int hi = Math.max(lo, (int) Math.round(s.maskMax() * side));
            int size = lo + r.nextInt(hi - lo + 1);
            int top = r.nextInt(side - size + 1);
            int left = r.nextInt(side - size + 1);
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    boolean hidden = y >= top && y < top + size && x >= left && x < left + size;
                    int i = y * side + x;
                    input[off + 2 * i] = hidden ? 0f : map[i];
                    input[off + 2 * i + 1] = hidden ? 0f : 1f;
                }
            }
        } else {
            double rms = 0;
            for (float v : map) {
                rms += v * v;
            }
            rms = Math.sqrt(rms / map.length);
            for (int i = 0; i < map.length; i++) {
                input[off + 2 * i] = (float) (map[i] + s.noise() * rms * r.nextGaussian());
                input[off + 2 * i + 1] = 1f;
            }
        }
    }

    /**
     * Masked maps keep their known cells; Zernike maps get zeros where no norm exists (l > n or n - l odd), so a
     * sample is always a valid map.
     */
    @Override
    public void finish(float[] input, int inputOffset, float[] output, int outputOffset) {
        int side = s.degree() + 1;
        int cells = side * side;
        if (s.basis() == SpectralBasis.ZERNIKE_3D) {
            for (int n = 0; n < side; n++) {
                for (int l = 0; l < side; l++) {
                    if (l > n || (n - l) % 2 != 0) {
                        output[outputOffset + n * side + l] = 0f;
                    }
                }
            }
        }
        if (s.mask()) {
            for (int i = 0; i < cells; i++) {
                if (input[inputOffset + 2 * i + 1] > 0.5f) {
                    output[outputOffset + i] = input[inputOffset + 2 * i];
                }
            }
        }
    }

    @Override
    public int[] inputShape() {
        return new int[] {s.degree() + 1, s.degree() + 1, 2};
    }

    @Override
    public int[] outputShape() {
        return new int[] {s.degree() + 1, s.degree() + 1, 1};
    }

    @Override
    public Presentation presentation() {
        Presentation columns = Presentation.indexed(Task.elements(inputShape()), Task.elements(outputShape()));
        return new Presentation() {
            @Override
            public List<String> inputColumns() {
                return columns.inputColumns();
            }

            @Override
            public List<String> outputColumns() {
                return columns.outputColumns();
            }

            @Override
            public Optional<BufferedImage> image(float[] values, int offset, int[] shape) {
                return Optional.of(heatMap(values, offset, shape));
            }

            @Override
            public boolean photometric() {
                return false; // heat maps of coefficients: scored as numbers, not as pictures
            }
        };
    }

    /**
     * A coefficient map as a picture, 8 pixels per cell: red positive, blue negative, brightness by the signed
     * square root (so small high-degree coefficients show), grey where the input marks a cell unknown.
     */
    static BufferedImage heatMap(float[] values, int offset, int[] shape) {
        int side = shape[0];
        int channels = shape.length > 2 ? shape[2] : 1;
        int cell = 8;
        BufferedImage img = new BufferedImage(side * cell, side * cell, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int i = offset + (y * side + x) * channels;
                int rgb;
                if (channels > 1 && values[i + 1] < 0.5f) {
                    rgb = 0x808080;
                } else {
                    double v = Math.max(-1, Math.min(1, values[i]));
                    double a = Math.sqrt(Math.abs(v));
                    int strong = 255;
                    int weak = (int) Math.round(255 * (1 - a));
                    rgb = v >= 0 ? (strong << 16) | (weak << 8) | weak : (weak << 16) | (weak << 8) | strong;
                }
                for (int dy = 0; dy < cell; dy++) {
                    for (int dx = 0; dx < cell; dx++) {
                        img.setRGB(x * cell + dx, y * cell + dy, rgb);
                    }
                }
            }
        }
        return img;
    }

    /** Registers the task (added by {@link SpectralPlugin}). */
    public static final class Provider extends OptionTask.Provider {
        public Provider() {
            super(NAME, "spectral-denoise: SH or 3D-Zernike coefficient map of a shape, masked or noisy -> clean map",
                    SpectralDenoise::new);
        }
    }
}
