package org.cgml.cli;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.cgml.api.Dataset;
import org.cgml.api.Task;
import org.cgml.api.TaskData;
import org.cgml.api.TrainingConfig;
import org.cgml.eval.Diversity;
import org.cgml.eval.LinearProbe;
import org.cgml.nn.LatentUpdate;
import org.cgml.nn.Sampler;
import org.cgml.nn.Trainer;
import org.cgml.tasks.spectral.ShapeRender;
import org.cgml.tasks.spectral.SpectralBasis;
import org.cgml.tasks.spectral.SpectralShapes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code cgml bench spectral-denoise} (paper Tables 4 and 6, Fig. 20): per coefficient basis and corruption, trains
 * cGML and the L1 baseline with the same seed and budget, and prints the relative error of the recovered
 * coefficients on held-out shapes (first sample and best of K, in the masked region and over the map) beside the
 * corrupted input's; then the shape-classification linear probe on frozen H features of both models and on the raw
 * rotation-invariant coefficients. Point renderings of noisy, recovered and clean SH maps go to {@code --out}.
 */
@Command(name = "spectral-denoise", mixinStandardHelpOptions = true,
        description = "Spectral denoising (SH and Zernike maps) and the shape-classification probe, cGML beside L1.")
final class BenchSpectral implements Callable<Integer> {
    private static final String TASK = "spectral-denoise";

    @ParentCommand
    BenchCommand bench;

    @Mixin
    BenchOptions common;

    @Option(names = "--bases", split = ",", defaultValue = "sh,zernike", description = "Bases (default sh,zernike).")
    List<String> bases;

    @Option(names = "--corruptions", split = ",", defaultValue = "mask,noise",
            description = "Corruptions (default mask,noise); the probe uses the first one's models.")
    List<String> corruptions;

    @Option(names = "--min-per-class", defaultValue = "" + SpectralShapes.MIN_PER_CLASS, description = "Probe classes need this many models.")
    int minPerClass;

    @Option(names = "--out", defaultValue = "runs/bench-spectral", description = "Folder for the renderings.")
    Path out;

    @Override
    public Integer call() throws IOException {
        common.check();
        Main main = bench.main;
        List<String> rows = new ArrayList<>();
        Files.createDirectories(out);
        for (String basisName : bases) {
            Map<String, Trainer> probeModels = new LinkedHashMap<>();
            Task probeTask = null;
            for (String corruption : corruptions) {
                Map<String, String> options = new LinkedHashMap<>(common.set);
                options.put("basis", basisName);
                options.put("corruption", corruption);
                Task task = main.registry().task(TASK).withOptions(options);
                TaskData data = task.data(common.seed);
                String setting = basisName + ";" + corruption;
                Map<String, float[]> recovered = new LinkedHashMap<>();
                float[][] xy = heldOut(task, data.test());
                for (TrainingConfig.Method method : TrainingConfig.Method.values()) {
                    String name = BenchOptions.name(method);
                    TrainingConfig config = common.training(task, method);
                    Trainer trainer = new Trainer(task, data, config);
                    try {
                        long t0 = System.nanoTime();
                        trainer.fit(null, List.of(new ProgressListener(main.err, false,
                                "[" + TASK + " " + setting + " " + name + "] ")));
                        double secs = (System.nanoTime() - t0) / 1e9;
                        rows.add(BenchImage.row(TASK, setting, name, "train_maps_per_s",
                                common.steps * config.batchSize() / secs));
                        recovered.put(name, score(task, trainer, xy, setting, name, rows));
                        if (probeTask == null || probeTask == task) {
                            probeTask = task;
                            probeModels.put(name, trainer);
                            trainer = null;
                        }
                    } finally {
                        if (trainer != null) {
                            trainer.close();
                        }
                    }
                }
                scoreInput(task, xy, setting, rows);
                if (basisName.equals("sh")) {
                    render(task, xy, recovered, out.resolve("spectral-" + corruption + ".png"));
                    main.err.println("[" + TASK + "] renderings: " + out.resolve("spectral-" + corruption + ".png"));
                }
            }
            probe(probeTask, probeModels, basisName, rows);
            probeModels.values().forEach(Trainer::close);
        }
        main.out.println("task,setting,method,metric,value");
        rows.forEach(main.out::println);
        return 0;
    }

    /** Every held-out input and its clean target, flat. */
    private float[][] heldOut(Task task, Dataset test) {
        int n = test.size();
        float[] x = new float[n * task.inputSize()];
        float[] y = new float[n * task.outputSize()];
        for (int i = 0; i < n; i++) {
            test.example(i, common.seed + i, x, i * task.inputSize(), y, i * task.outputSize());
        }
        return new float[][] {x, y};
    }

    /**
     * Relative error ||a - y|| / ||y|| over the cells where {@code region} holds (all when null); infinite where the
     * true coefficients there are all zero (such inputs are left out of the masked-region figures and counted).
     */
    static double relativeError(float[] a, int aOff, float[] y, int yOff, int cells, boolean[] region) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < cells; i++) {
            if (region == null || region[i]) {
                double d = a[aOff + i] - y[yOff + i];
                num += d * d;
                den += (double) y[yOff + i] * y[yOff + i];
            }
        }
        return den == 0 ? (num == 0 ? 0 : Double.POSITIVE_INFINITY) : Math.sqrt(num / den);
    }

    /** The masked cells of input {@code i} (channel 1 is 0), or null when nothing is masked. */
    private static boolean[] hidden(float[] x, int off, int cells) {
        boolean[] h = new boolean[cells];
        boolean any = false;
        for (int c = 0; c < cells; c++) {
            h[c] = x[off + 2 * c + 1] < 0.5f;
            any |= h[c];
        }
        return any ? h : null;
    }

    private float[] score(Task task, Trainer trainer, float[][] xy, String setting, String method, List<String> rows) {
        int n = xy[1].length / task.outputSize();
        int cells = task.outputSize();
        Sampler sampler = trainer.sampler();
        long t0 = System.nanoTime();
        float[] s = sampler.sample(xy[0], n, common.modes, 20, LatentUpdate.MOMENTUM, common.seed + 7);
        double inferSecs = (System.nanoTime() - t0) / 1e9 / n;
        errorRows(task, s, common.modes, xy, setting, method, true, rows);
        double diversity = 0;
        float[] firstModes = new float[n * cells];
        for (int i = 0; i < n; i++) {
            float[][] k = new float[common.modes][];
            for (int m = 0; m < common.modes; m++) {
                int off = (i * common.modes + m) * cells;
                k[m] = Arrays.copyOfRange(s, off, off + cells);
            }
            System.arraycopy(s, i * common.modes * cells, firstModes, i * cells, cells);
            diversity += common.modes > 1 ? Diversity.meanPairwiseL1(k) : 0;
        }
        rows.add(BenchImage.row(TASK, setting, method, "diversity_l1", diversity / n));
        rows.add(BenchImage.row(TASK, setting, method, "inference_s_per_input_k_modes", inferSecs));
        rows.add(BenchImage.row(TASK, setting, method, "test_shapes", n));
        return firstModes;
    }

    /** The corrupted input itself as an estimate (masked cells 0): the floor any model must beat. */
    private void scoreInput(Task task, float[][] xy, String setting, List<String> rows) {
        int n = xy[1].length / task.outputSize();
        int cells = task.outputSize();
        float[] in = new float[n * cells];
        for (int i = 0; i < n * cells; i++) {
            in[i] = xy[0][2 * i];
        }
        errorRows(task, in, 1, xy, setting, "input", false, rows);
    }

    /**
     * Relative errors of {@code k} estimates per held-out shape (input-major): pooled over the set (first estimate)
     * and per-shape medians (first, and best of k when {@code bestOfK}), over the map and inside the masked region.
     */
    private static void errorRows(Task task, float[] est, int k, float[][] xy, String setting, String method,
                                  boolean bestOfK, List<String> rows) {
        int n = xy[1].length / task.outputSize();
        int cells = task.outputSize();
        double[] first = new double[n];
        double[] best = new double[n];
        List<Double> firstRegion = new ArrayList<>();
        List<Double> bestRegion = new ArrayList<>();
        double[] pooled = new double[4]; // first-estimate error^2 and truth^2 over the map, then over masked cells
        boolean anyRegion = false;
        for (int i = 0; i < n; i++) {
            boolean[] region = hidden(xy[0], i * task.inputSize(), cells);
            anyRegion |= region != null;
            best[i] = Double.POSITIVE_INFINITY;
            double bestR = Double.POSITIVE_INFINITY;
            double firstR = Double.NaN;
            for (int m = 0; m < k; m++) {
                int off = (i * k + m) * cells;
                double e = relativeError(est, off, xy[1], i * cells, cells, null);
                double er = region == null ? e : relativeError(est, off, xy[1], i * cells, cells, region);
                if (m == 0) {
                    first[i] = e;
                    firstR = er;
                }
                best[i] = Math.min(best[i], e);
                bestR = Math.min(bestR, er);
            }
            if (Double.isFinite(firstR)) {
                firstRegion.add(firstR);
                bestRegion.add(bestR);
            }
            for (int c = 0; c < cells; c++) {
                double d = est[i * k * cells + c] - xy[1][i * cells + c];
                double t = xy[1][i * cells + c];
                pooled[0] += d * d;
                pooled[1] += t * t;
                if (region != null && region[c]) {
                    pooled[2] += d * d;
                    pooled[3] += t * t;
                }
            }
        }
        rows.add(BenchImage.row(TASK, setting, method, "relerr_map_first_pooled", Math.sqrt(pooled[0] / pooled[1])));
        rows.add(BenchImage.row(TASK, setting, method, "relerr_map_first_median", BenchSpeed.median(first)));
        if (bestOfK) {
            rows.add(BenchImage.row(TASK, setting, method, "relerr_map_best_of_k_median", BenchSpeed.median(best)));
        }
        if (anyRegion) {
            rows.add(BenchImage.row(TASK, setting, method, "relerr_masked_first_pooled",
                    Math.sqrt(pooled[2] / pooled[3])));
            rows.add(BenchImage.row(TASK, setting, method, "relerr_masked_first_median",
                    BenchSpeed.median(unbox(firstRegion))));
            if (bestOfK) {
                rows.add(BenchImage.row(TASK, setting, method, "relerr_masked_best_of_k_median",
                        BenchSpeed.median(unbox(bestRegion))));
            }
        }
    }

    /** Linear probe on frozen H features of each model and on the raw invariant coefficients (paper Table 4). */
    private void probe(Task task, Map<String, Trainer> models, String basisName, List<String> rows) throws IOException {
        SpectralBasis basis = basisName.equals("sh") ? SpectralBasis.SPHERICAL_HARMONICS : SpectralBasis.ZERNIKE_3D;
        int degree = task.outputShape()[0] - 1;
        SpectralShapes shapes = SpectralShapes.of(common.set.getOrDefault("data", "data/shapes"), basis, degree, common.seed,
                bench.main.err::println);
        List<String> classes = shapes.classes(minPerClass);
        if (classes.size() < 2) {
            throw new UserError("the probe needs at least 2 categories with " + minPerClass + " models; found " + classes);
        }
        List<SpectralShapes.Shape> train = new ArrayList<>();
        List<SpectralShapes.Shape> test = new ArrayList<>();
        for (SpectralShapes.Shape s : shapes.shapes()) {
            if (classes.contains(s.category())) {
                (s.test() ? test : train).add(s);
            }
        }
        String setting = basisName + ";probe";
        rows.add(BenchImage.row(TASK, setting, "-", "classes", classes.size()));
        rows.add(BenchImage.row(TASK, setting, "-", "train_models", train.size()));
        rows.add(BenchImage.row(TASK, setting, "-", "test_models", test.size()));
        LinearProbe probe = new LinearProbe(1e-3, 500);
        int[] ytr = labels(train, classes);
        int[] yte = labels(test, classes);
        for (Map.Entry<String, Trainer> e : models.entrySet()) {
            Sampler sampler = e.getValue().sampler();
            LinearProbe.Result r = probe.fitAndTest(features(sampler, train), ytr, features(sampler, test), yte);
            rows.add(BenchImage.row(TASK, setting, e.getKey(), "probe_accuracy", r.accuracy()));
        }
        LinearProbe.Result raw = probe.fitAndTest(invariants(train), ytr, invariants(test), yte);
        rows.add(BenchImage.row(TASK, setting, "raw_invariants", "probe_accuracy", raw.accuracy()));
        int[] counts = new int[classes.size()];
        for (int y : yte) {
            counts[y]++;
        }
        rows.add(BenchImage.row(TASK, setting, "majority_class", "probe_accuracy",
                (double) Arrays.stream(counts).max().orElse(0) / Math.max(1, yte.length)));
    }

    private static int[] labels(List<SpectralShapes.Shape> shapes, List<String> classes) {
        return shapes.stream().mapToInt(s -> classes.indexOf(s.category())).toArray();
    }

    private static double[][] features(Sampler sampler, List<SpectralShapes.Shape> shapes) {
        int cells = shapes.get(0).map().length;
        float[] x = new float[shapes.size() * 2 * cells];
        for (int i = 0; i < shapes.size(); i++) {
            System.arraycopy(SpectralShapes.cleanInput(shapes.get(i).map()), 0, x, i * 2 * cells, 2 * cells);
        }
        float[] f = sampler.features(x, shapes.size());
        int d = sampler.featureSize();
        double[][] out = new double[shapes.size()][d];
        for (int i = 0; i < shapes.size(); i++) {
            for (int k = 0; k < d; k++) {
                out[i][k] = f[i * d + k];
            }
        }
        return out;
    }

    private static double[][] invariants(List<SpectralShapes.Shape> shapes) {
        return shapes.stream().map(s -> s.invariants().clone()).toArray(double[][]::new);
    }

    /** Rows of shapes: noisy/masked input, cGML's first mode, L1's output, the clean map (SH maps only). */
    private void render(Task task, float[][] xy, Map<String, float[]> recovered, Path file) throws IOException {
        int degree = task.outputShape()[0] - 1;
        int cells = task.outputSize();
        int n = Math.min(4, xy[1].length / cells);
        int size = 160;
        String[] heads = {"corrupted", "cGML", "L1", "clean"};
        BufferedImage img = new BufferedImage(size * heads.length, size * n + 16, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        for (int c = 0; c < heads.length; c++) {
            g.drawString(heads[c], c * size + 4, 12);
        }
        for (int i = 0; i < n; i++) {
            float[] corrupted = new float[cells];
            for (int c = 0; c < cells; c++) {
                corrupted[c] = xy[0][i * 2 * cells + 2 * c];
            }
            float[][] maps = {corrupted, slice(recovered.get("cgml"), i, cells), slice(recovered.get("l1"), i, cells),
                    slice(xy[1], i, cells)};
            for (int c = 0; c < maps.length; c++) {
                if (maps[c] != null) {
                    g.drawImage(ShapeRender.render(ShapeRender.surface(maps[c], 0, degree), size), c * size,
                            16 + i * size, null);
                }
            }
        }
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    private static float[] slice(float[] all, int i, int cells) {
        return all == null ? null : Arrays.copyOfRange(all, i * cells, (i + 1) * cells);
    }

    private static double[] unbox(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

}
