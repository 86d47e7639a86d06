package org.cgml.cli;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.cgml.api.Dataset;
import org.cgml.api.Task;
import org.cgml.api.TaskData;
import org.cgml.api.TrainingConfig;
import org.cgml.eval.Colourfulness;
import org.cgml.eval.Diversity;
import org.cgml.eval.Images;
import org.cgml.eval.Psnr;
import org.cgml.eval.Raster;
import org.cgml.eval.Ssim;
import org.cgml.nn.LatentUpdate;
import org.cgml.nn.Sampler;
import org.cgml.nn.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code cgml bench <image task>}: trains cGML and the L1 baseline with the same seed and budget on the task's real
 * data, samples K modes for held-out inputs and prints one CSV table (task, setting, method, metric, value) with the
 * task's figures, training throughput and inference time. Images are scored as people see them (the task's
 * pictures, 0..255 RGB or grey).
 */
abstract class BenchImage implements Callable<Integer> {
    @ParentCommand
    BenchCommand bench;

    @Mixin
    BenchOptions common;

    @Option(names = "--iterations", split = ",", defaultValue = "20", paramLabel = "T[,T...]",
            description = "Latent updates T of Eq. 4 when sampling (default 20; 0 shows G at random codes). Several "
                    + "values score the same cGML model at each, as settings ending ';T=...'.")
    List<Integer> iterations;

    @Option(names = "--out", defaultValue = "runs/bench-image",
            description = "Folder for the sample grids (default runs/bench-image).")
    java.nio.file.Path out;

    /** T for the scoring in progress (one of {@link #iterations}). */
    int currentIterations;

    /** Grid rows per view: the first inputs and targets, the cGML samples per T and the baseline's outputs. */
    private final Map<String, float[][]> galleryInputs = new LinkedHashMap<>();
    private final Map<String, float[]> gallerySamples = new LinkedHashMap<>();
    private String galleryMethod = "";
    private static final int GALLERY_ROWS = 8;

    @Option(names = "--count", defaultValue = "200", description = "Held-out inputs scored (default 200).")
    int count;

    /** The task's id. */
    abstract String task();

    /** The settings (task options) to train and score, each a separate pair of runs. */
    List<Map<String, String>> settings() {
        return List.of(Map.of());
    }

    /** The task's own figures for one method: by default PSNR, SSIM, diversity (and colour) over the test split. */
    void score(Task task, Trainer trainer, TaskData data, String setting, String method, List<String> rows) {
        int n = Math.min(count, data.test().size());
        double[] secs = new double[1];
        imageFigures(task, sample(task, trainer, data.test(), n, secs, ""), n, setting, method, rows, null, "");
        rows.add(row(task(), setting, method, "inference_s_per_input_k_modes", secs[0]));
    }

    @Override
    public Integer call() {
        common.check();
        if (count < 1 || iterations.stream().anyMatch(t -> t < 0)) {
            throw new UserError("--count must be positive, --iterations >= 0");
        }
        Main main = bench.main;
        main.out.println("task,setting,method,metric,value");
        try {
            java.nio.file.Files.createDirectories(out);
        } catch (java.io.IOException e) {
            throw new UserError("cannot create " + out + ": " + e.getMessage());
        }
        for (Map<String, String> setting : settings()) {
            galleryInputs.clear();
            gallerySamples.clear();
            Map<String, String> options = new LinkedHashMap<>(common.set);
            options.putAll(setting);
            Task task = main.registry().task(task()).withOptions(options);
            TaskData data = task.data(common.seed);
            String label = setting.isEmpty() ? "-" : setting.toString().replaceAll("[{} ]", "").replace(',', ';');
            for (TrainingConfig.Method method : TrainingConfig.Method.values()) {
                TrainingConfig config = common.training(task, method);
                String name = BenchOptions.name(method);
                List<String> rows = new ArrayList<>(); // printed as each method finishes, so a long bench shows them
                try (Trainer trainer = new Trainer(task, data, config)) {
                    long t0 = System.nanoTime();
                    trainer.fit(null, List.of(new ProgressListener(main.err, false, "[" + task() + " " + label + " "
                            + name + "] ")));
                    double secs = (System.nanoTime() - t0) / 1e9;
                    rows.add(row(task(), label, name, "train_images_per_s", common.steps * config.batchSize() / secs));
                    boolean cgml = method == TrainingConfig.Method.CGML;
                    galleryMethod = name;
                    for (int t : cgml ? iterations : iterations.subList(0, 1)) {
                        currentIterations = t;
                        score(task, trainer, data, cgml && iterations.size() > 1 ? label + ";T=" + t : label, name,
                                rows);
                    }
                }
                rows.forEach(main.out::println);
                main.out.flush();
            }
            writeGrids(task, label);
        }
        return 0;
    }

    /** One grid per view and T: input, truth, K cGML modes and the baseline, for the first held-out inputs. */
    private void writeGrids(Task task, String label) {
        for (Map.Entry<String, float[][]> view : galleryInputs.entrySet()) {
            float[][] xy = view.getValue();
            int rows = (int) xy[2][0];
            float[] baseline = gallerySamples.get(view.getKey() + "|l1|" + iterations.get(0));
            for (int t : iterations) {
                float[] samples = gallerySamples.get(view.getKey() + "|cgml|" + t);
                if (samples == null) {
                    continue;
                }
                float[] firstOfEach = null;
                if (baseline != null) { // the baseline's K samples are equal (z fixed): show one
                    firstOfEach = new float[rows * task.outputSize()];
                    for (int i = 0; i < rows; i++) {
                        System.arraycopy(baseline, i * common.modes * task.outputSize(), firstOfEach, i * task.outputSize(),
                                task.outputSize());
                    }
                }
                String name = (task() + "-" + label + (view.getKey().isEmpty() ? "" : "-" + view.getKey()) + "-T" + t)
                        .replaceAll("[^A-Za-z0-9.=_-]", "_") + ".png";
                java.nio.file.Path file = out.resolve(name);
                try {
                    javax.imageio.ImageIO.write(Grid.samples(task, xy[0], xy[1], 0, rows, common.modes, samples,
                            firstOfEach), "png", file.toFile());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                bench.main.err.println("grid: " + file);
            }
        }
    }

    static String row(String task, String setting, String method, String metric, double value) {
        return String.format(Locale.ROOT, "%s,%s,%s,%s,%.5f", task, setting, method, metric, value);
    }

    /** Held-out inputs and targets, and K samples each (timed: seconds per input for K modes in out[0]). */
    float[][] sample(Task task, Trainer trainer, Dataset test, int n, double[] secondsPerInput, String view) {
        int in = task.inputSize();
        int out = task.outputSize();
        float[] x = new float[n * in];
        float[] y = new float[n * out];
        for (int i = 0; i < n; i++) {
            test.example(i, common.seed + i, x, i * in, y, i * out);
        }
        Sampler sampler = trainer.sampler();
        long t0 = System.nanoTime();
        float[] s = sampler.sample(x, n, common.modes, currentIterations, LatentUpdate.MOMENTUM, 7);
        secondsPerInput[0] = (System.nanoTime() - t0) / 1e9 / n;
        if (task.presentation().image(x, 0, task.inputShape()).isPresent()) {
            int rows = Math.min(GALLERY_ROWS, n);
            galleryInputs.putIfAbsent(view, new float[][] {java.util.Arrays.copyOf(x, rows * in),
                java.util.Arrays.copyOf(y, rows * out), {rows}});
            gallerySamples.put(view + "|" + galleryMethod + "|" + currentIterations,
                    java.util.Arrays.copyOf(s, rows * common.modes * out));
        }
        return new float[][] {x, y, s};
    }

    static Raster raster(Task task, float[] values, int offset, int[] shape) {
        BufferedImage img = task.presentation().image(values, offset, shape)
                .orElseThrow(() -> new IllegalStateException("task has no pictures"));
        return Images.of(img);
    }

    /** PSNR/SSIM (first sample and best of K), diversity and, for colour, colourfulness. */
    void imageFigures(Task task, float[][] xys, int n, String setting, String method, List<String> rows, boolean[][] holes,
                      String suffix) {
        int[] shape = task.outputShape();
        int out = task.outputSize();
        double psnr1 = 0;
        double ssim1 = 0;
        double psnrBest = 0;
        double ssimBest = 0;
        double holePsnr1 = 0;
        double holeSsim1 = 0;
        double holePsnrBest = 0;
        double holeSsimBest = 0;
        double diversity = 0;
        double colour = 0;
        double colourTruth = 0;
        for (int i = 0; i < n; i++) {
            Raster truth = raster(task, xys[1], i * out, shape);
            double bp = -1;
            double bs = -1;
            double bhp = -1;
            double bhs = -1;
            List<Raster> samples = new ArrayList<>();
            for (int k = 0; k < common.modes; k++) {
                Raster r = raster(task, xys[2], (i * common.modes + k) * out, shape);
                samples.add(r);
                double p = Psnr.of(truth, r, 255);
                double s = Ssim.mean(truth, r, 255);
                p = Double.isInfinite(p) ? 100 : p;
                if (k == 0) {
                    psnr1 += p;
                    ssim1 += s;
                }
                bp = Math.max(bp, p);
                bs = Math.max(bs, s);
                if (holes != null) {
                    double hp = Psnr.masked(truth, r, 255, holes[i]);
                    double hs = Ssim.maskedMean(truth, r, 255, holes[i]);
                    hp = Double.isInfinite(hp) ? 100 : hp;
                    if (k == 0) {
                        holePsnr1 += hp;
                        holeSsim1 += Double.isNaN(hs) ? 0 : hs;
                    }
                    bhp = Math.max(bhp, hp);
                    bhs = Math.max(bhs, Double.isNaN(hs) ? 0 : hs);
                }
                if (r.channels() == 3) {
                    colour += Colourfulness.of(r) / common.modes;
                }
            }
            psnrBest += bp;
            ssimBest += bs;
            holePsnrBest += bhp;
            holeSsimBest += bhs;
            diversity += Diversity.meanPairwise(samples, 255, null).value();
            if (truth.channels() == 3) {
                colourTruth += Colourfulness.of(truth);
            }
        }
        rows.add(row(task(), setting, method, "psnr_first" + suffix, psnr1 / n));
        rows.add(row(task(), setting, method, "psnr_best_of_k" + suffix, psnrBest / n));
        rows.add(row(task(), setting, method, "ssim_first" + suffix, ssim1 / n));
        rows.add(row(task(), setting, method, "ssim_best_of_k" + suffix, ssimBest / n));
        if (holes != null) {
            rows.add(row(task(), setting, method, "hole_psnr_first" + suffix, holePsnr1 / n));
            rows.add(row(task(), setting, method, "hole_psnr_best_of_k" + suffix, holePsnrBest / n));
            rows.add(row(task(), setting, method, "hole_ssim_first" + suffix, holeSsim1 / n));
            rows.add(row(task(), setting, method, "hole_ssim_best_of_k" + suffix, holeSsimBest / n));
        }
        rows.add(row(task(), setting, method, "diversity_l1" + suffix, diversity / n));
        if (task.outputShape()[2] == 3) {
            rows.add(row(task(), setting, method, "colourfulness" + suffix, colour / n));
            rows.add(row(task(), setting, method, "colourfulness_truth" + suffix, colourTruth / n));
        }
    }

    /** {@code cgml bench inpainting}: holes of 10, 15 and 25 % of the area. */
    @Command(name = "inpainting", mixinStandardHelpOptions = true,
            description = "Inpainting: PSNR/SSIM whole and in the hole at 10/15/25 %, first and best of K, vs L1.")
    static final class InpaintingBench extends BenchImage {
        @Override
        String task() {
            return "inpainting";
        }

        @Override
        void score(Task task, Trainer trainer, TaskData data, String setting, String method, List<String> rows) {
            for (String mask : List.of("random10", "random15", "random25")) {
                Map<String, String> o = new LinkedHashMap<>(common.set);
                o.put("eval-mask", mask);
                Task masked = task.withOptions(o);
                Dataset test = masked.data(common.seed).test();
                int n = Math.min(count, test.size());
                double[] secs = new double[1];
                float[][] xys = sample(masked, trainer, test, n, secs, mask);
                int s = masked.outputShape()[0];
                boolean[][] holes = new boolean[n][s * s];
                for (int i = 0; i < n; i++) {
                    for (int p = 0; p < s * s; p++) {
                        holes[i][p] = xys[0][i * masked.inputSize() + p * 4 + 3] > 0;
                    }
                }
                imageFigures(masked, xys, n, setting, method, rows, holes, "_" + mask);
                rows.add(row(task(), setting, method, "inference_s_per_input_k_modes_" + mask, secs[0]));
            }
        }
    }

    /** {@code cgml bench colorization}. */
    @Command(name = "colorization", mixinStandardHelpOptions = true,
            description = "Colorization: PSNR/SSIM in RGB, colourfulness and diversity across K, vs L1.")
    static final class ColorizationBench extends BenchImage {
        @Override
        String task() {
            return "colorization";
        }
    }

    /** {@code cgml bench sketch2image}. */
    @Command(name = "sketch2image", mixinStandardHelpOptions = true,
            description = "Sketch to image: PSNR, SSIM and diversity across K, vs L1.")
    static final class SketchBench extends BenchImage {
        @Override
        String task() {
            return "sketch2image";
        }
    }

    /** {@code cgml bench mnist-multimodal}: p = 0.2 and 0.3, white-box variant. */
    @Command(name = "mnist-multimodal", mixinStandardHelpOptions = true,
            description = "MNIST multimodal (box variant) at p = 0.2 and 0.3: box / no box / between, both modes.")
    static final class MnistBench extends BenchImage {
        @Override
        String task() {
            return "mnist-multimodal";
        }

        @Option(names = "--p", split = ",", defaultValue = "0.2,0.3", description = "Values of p (default 0.2,0.3).")
        List<String> ps;

        @Override
        List<Map<String, String>> settings() {
            return ps.stream().map(p -> Map.of("p", p, "variant", "box")).toList();
        }

        /**
         * Box-region intensity of each sample placed between the input's own two modes: u = (I - I_clean) /
         * (I_box - I_clean), with I the mean intensity (0..1) in the box region, I_clean that of the clean digit and
         * I_box = 1 (the white box). u < 0.25 counts as the clean mode, u > 0.75 as the box, else in between. (An
         * absolute threshold would call more than half of MNIST's clean digits "in between": their top stroke
         * crosses the box region.) The same rule on the true targets is printed as method "truth". For cGML the
         * oracle figures say how often G, at the codes the inner loop finds knowing the target, shows the target's
         * mode: whether G has learnt the box at all, apart from whether the latent dynamics reach it.
         */
        @Override
        void score(Task task, Trainer trainer, TaskData data, String setting, String method, List<String> rows) {
            int n = Math.min(count, data.test().size());
            double[] secs = new double[1];
            float[][] xys = sample(task, trainer, data.test(), n, secs, "");
            int s = task.outputShape()[0];
            Map<String, String> cleanOptions = new LinkedHashMap<>(common.set);
            cleanOptions.put("variant", "box");
            cleanOptions.put("p", "0");
            Dataset clean = bench.main.registry().task(task()).withOptions(cleanOptions).data(common.seed).test();
            float[] cleanY = new float[n * s * s];
            float[] x = new float[task.inputSize()];
            for (int i = 0; i < n; i++) {
                clean.example(i, common.seed + i, x, 0, cleanY, i * s * s);
                for (int k = 0; k < x.length; k++) {
                    if (x[k] != xys[0][i * task.inputSize() + k]) {
                        throw new IllegalStateException("clean and multimodal test inputs differ at " + i);
                    }
                }
            }
            int[] counts = new int[4];
            int[] truth = new int[4];
            // the oracle: G at the codes the inner loop finds when it knows the target (has G learnt the box at all?)
            boolean cgml = method.equals("cgml");
            float[] oracle = cgml ? trainer.sampler().generate(xys[0], trainer.latentFit(xys[0], xys[1], n, common.seed + 11), n)
                    : null;
            int[] oracleHits = new int[4]; // box targets, shown as box; clean targets, shown as clean
            for (int i = 0; i < n; i++) {
                double ic = boxIntensity(cleanY, i * s * s, s);
                int truthMode = mode(boxIntensity(xys[1], i * s * s, s), ic);
                if (cgml && truthMode != 1) {
                    int o = mode(boxIntensity(oracle, i * s * s, s), ic);
                    oracleHits[truthMode == 2 ? 0 : 2]++;
                    oracleHits[truthMode == 2 ? 1 : 3] += o == truthMode ? 1 : 0;
                }
                boolean sawBox = false;
                boolean sawClean = false;
                for (int k = 0; k < common.modes; k++) {
                    int c = mode(boxIntensity(xys[2], (i * common.modes + k) * s * s, s), ic);
                    counts[c]++;
                    sawBox |= c == 2;
                    sawClean |= c == 0;
                }
                if (sawBox && sawClean) {
                    counts[3]++;
                }
                truth[mode(boxIntensity(xys[1], i * s * s, s), ic)]++;
            }
            double total = n * common.modes;
            rows.add(row(task(), setting, method, "share_box", counts[2] / total));
            rows.add(row(task(), setting, method, "share_no_box", counts[0] / total));
            rows.add(row(task(), setting, method, "share_between", counts[1] / total));
            rows.add(row(task(), setting, method, "inputs_reaching_both_modes", (double) counts[3] / n));
            rows.add(row(task(), setting, method, "inference_s_per_input_k_modes", secs[0]));
            if (cgml) {
                rows.add(row(task(), setting, method, "oracle_box_given_box_target",
                        oracleHits[1] / (double) Math.max(1, oracleHits[0])));
                rows.add(row(task(), setting, method, "oracle_clean_given_clean_target",
                        oracleHits[3] / (double) Math.max(1, oracleHits[2])));
                rows.add(row(task(), setting, "truth", "share_box", truth[2] / (double) n));
                rows.add(row(task(), setting, "truth", "share_no_box", truth[0] / (double) n));
                rows.add(row(task(), setting, "truth", "share_between", truth[1] / (double) n));
            }
        }

        /** Mean intensity (0..1) of the box region of an image in [-1, 1]. */
        static double boxIntensity(float[] img, int off, int s) {
            int[] bb = {s / 8, s / 8 + s / 4, 3 * s / 8, 3 * s / 8 + s / 4};
            double sum = 0;
            for (int y = bb[0]; y < bb[1]; y++) {
                for (int x = bb[2]; x < bb[3]; x++) {
                    sum += (img[off + y * s + x] + 1) / 2;
                }
            }
            return sum / ((bb[1] - bb[0]) * (bb[3] - bb[2]));
        }

        /** 0 clean, 1 in between, 2 box, from the intensity placed between the clean digit's and the box's. */
        static int mode(double intensity, double cleanIntensity) {
            double u = (intensity - cleanIntensity) / Math.max(0.05, 1 - cleanIntensity);
            return u < 0.25 ? 0 : u > 0.75 ? 2 : 1;
        }
    }
}
