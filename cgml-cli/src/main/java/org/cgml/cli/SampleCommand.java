package org.cgml.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.cgml.api.Dataset;
import org.cgml.api.Task;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.LatentUpdate;
import org.cgml.nn.evaluation.Grid;
import org.cgml.nn.evaluation.HeldOut;
import org.cgml.nn.evaluation.Npy;
import org.cgml.nn.evaluation.TrainedRun;
import org.cgml.nn.run.Run;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code cgml sample}: K modes per test input with the Eq.-4 sampler of a trained run, as CSV. */
@Command(name = "sample", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Draw K modes per test input from a trained run (Eq. 4) and write them as CSV.")
final class SampleCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Option(names = "--run", required = true, paramLabel = "RUN", description = "A run folder written by 'cgml train'.")
    Path run;

    @Option(names = "--modes", required = true, paramLabel = "K", description = "Samples per input.")
    int modes;

    @Option(names = "--sampling-steps", paramLabel = "T",
            description = "Sampling steps T of Eq. 4 or of the flow, 0 to " + TrainingConfig.MAX_SAMPLING_STEPS
                    + " (default: the run's sampling_steps).")
    Integer samplingSteps;

    @Option(names = "--no-momentum", description = "Use z <- proj(r) instead of the rho step (shows phantoms).")
    boolean noMomentum;

    @Option(names = "--csv", paramLabel = "FILE", description = "Output CSV, one row per sample.")
    Path csv;

    @Option(names = "--png", paramLabel = "FILE",
            description = "Pictures: for image tasks one grid per 8 inputs (FILE-000.png, ...: input, ground truth, "
                    + "K modes, baseline), else the task's plot.")
    Path png;

    @Option(names = "--out", paramLabel = "DIR",
            description = "One file per sample for 'cgml eval': DIR/mode-K/NNNNN.png (.npy for outputs that are not "
                    + "pictures), the truths in DIR/truth/ and the inputs in DIR/input/ under the same names, and "
                    + "DIR/index.csv (input, mode, file, truth). Then: cgml eval --ref DIR/truth --pred DIR/mode-1")
    Path files;

    @Option(names = "--baseline-run", paramLabel = "RUN",
            description = "Another run of the same task (e.g. --method baseline) whose output joins the grids.")
    Path baselineRun;

    @Option(names = "--count", paramLabel = "N", description = "Test inputs to use (default: all).")
    Integer count;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "7", description = "Seed of the z_0 draws (default 7).")
    long seed;

    @Override
    public Integer call() throws IOException {
        if (csv == null && png == null && files == null) {
            throw new UserError("give --csv FILE, --png FILE, --out DIR, or several");
        }
        if (modes < 1) {
            throw new UserError("--modes must be at least 1 (got " + modes + ")");
        }
        if (samplingSteps != null && (samplingSteps < 0 || samplingSteps > TrainingConfig.MAX_SAMPLING_STEPS)) {
            throw new UserError("--sampling-steps must be in [0, " + TrainingConfig.MAX_SAMPLING_STEPS + "] (got "
                    + samplingSteps + "; each step is unrolled into the sampling graph)");
        }
        LatentUpdate update = noMomentum ? LatentUpdate.PLAIN : LatentUpdate.MOMENTUM;
        try (TrainedRun opened = TrainedRun.open(run, main.registry(), main::warn)) {
            return sample(opened, update);
        }
    }

    private int sample(TrainedRun opened, LatentUpdate update) throws IOException {
        Run.Recorded rec = opened.recorded();
        Task task = opened.task();
        TrainingConfig config = opened.config();
        int steps = samplingSteps == null ? config.get(TrainingConfig.SAMPLING_STEPS) : samplingSteps;
        Dataset test = task.testData(config.get(TrainingConfig.SEED));
        int n = count == null ? test.size() : count;
        if (n < 1 || n > test.size()) {
            throw new UserError("--count must be in [1, " + test.size() + "] (got " + n + ")");
        }
        for (Path target : new Path[] {csv, png}) {
            if (target == null) {
                continue;
            }
            try {
                org.cgml.api.OutputFiles.check(target); // a folder or a pipe is refused; a device is written in place
            } catch (IOException e) {
                throw new UserError("cannot write " + (target == csv ? "--csv: " : "--png: ") + e.getMessage());
            }
            Path parent = target.toAbsolutePath().getParent();
            if (org.cgml.api.OutputFiles.isDevice(target) ? !Files.isWritable(target)
                    : parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
                throw new UserError("cannot write " + target + ": " + (org.cgml.api.OutputFiles.isDevice(target)
                        ? "permission denied" : "its folder does not exist or is not writable"));
            }
        }
        if (files != null && Files.exists(files) && !Files.isDirectory(files)) {
            throw new UserError("--out " + files + " is a file, not a folder");
        }
        int in = task.inputSize();
        int out = task.outputSize();
        checkFits(n, modes, out);
        HeldOut held = HeldOut.draw(task, test, n, config.get(TrainingConfig.SEED));
        float[] x = held.inputs();
        float[] y = held.targets();
        if (png != null && task.presentation().image(x, 0, task.inputShape()).isPresent()
                && !org.cgml.api.OutputFiles.regularOrAbsent(png)) { // grids are named after it: FILE-000.png, ...
            throw new UserError("--png " + png + " is not a regular file, and the grids are named after it ("
                    + png.getFileName() + "-000.png, ...); give the path of a file");
        }
        float[] samples = opened.model().sampler().sample(x, n, modes, steps, update, seed);
        opened.close(); // the model's memory back before the baseline's is built
        float[] baseline = baselineRun == null ? null : baseline(rec.task(), x, n);
        if (csv != null) {
            writeCsv(task, x, n, in, out, samples);
            main.out.printf(Locale.ROOT, "wrote %d samples (%d inputs x %d modes, T = %d, %s) to %s%n", n * modes, n,
                    modes, steps, config.get(TrainingConfig.METHOD) + (noMomentum ? ", no rho" : ""), csv);
        }
        pictures(task, x, y, n, in, out, samples, baseline);
        if (files != null) {
            writeFiles(task, x, y, n, samples);
        }
        return 0;
    }

    /**
     * Refuses K modes of {@code n} inputs whose samples ({@code n * K * out} floats) would not fit in one Java array
     * or in half the JVM's heap, before any model is built (sample and bench alike).
     */
    static void checkFits(int n, int modes, int out) {
        long floats = (long) n * modes * out;
        long limit = Math.min(Integer.MAX_VALUE - 8L, Runtime.getRuntime().maxMemory() / 2 / Float.BYTES);
        if (floats > limit) {
            throw new UserError(String.format(Locale.ROOT, "--modes %d x %d input(s) x %d output values = %d floats, "
                    + "more than the %d this JVM can hold for samples; lower --modes or --count, or give the JVM more "
                    + "with CGML_JAVA_OPTS=-Xmx...", modes, n, out, floats, limit));
        }
    }

    /** One file per sample, truth and input, named by input so that {@code cgml eval} pairs them; and index.csv. */
    private void writeFiles(Task task, float[] x, float[] y, int n, float[] samples) throws IOException {
        var presentation = task.presentation();
        boolean pictures = presentation.image(y, 0, task.outputShape()).isPresent();
        String ext = pictures ? ".png" : ".npy";
        StringBuilder index = new StringBuilder("input,mode,file,truth\n");
        int in = task.inputSize();
        int out = task.outputSize();
        Files.createDirectories(files);
        for (int i = 0; i < n; i++) {
            String name = String.format(Locale.ROOT, "%05d", i) + ext;
            write(task, pictures, y, i * out, task.outputShape(), files.resolve("truth").resolve(name));
            boolean inputPicture = presentation.image(x, i * in, task.inputShape()).isPresent();
            write(task, inputPicture, x, i * in, task.inputShape(), files.resolve("input")
                    .resolve(String.format(Locale.ROOT, "%05d", i) + (inputPicture ? ".png" : ".npy")));
            for (int k = 0; k < modes; k++) {
                String file = "mode-" + (k + 1) + "/" + name;
                write(task, pictures, samples, (i * modes + k) * out, task.outputShape(), files.resolve(file));
                index.append(i).append(',').append(k + 1).append(',').append(file).append(",truth/").append(name)
                        .append('\n');
            }
        }
        org.cgml.nn.run.Run.writeAtomically(files.resolve("index.csv"), index.toString());
        main.out.printf(Locale.ROOT, "wrote %d samples (%d inputs x %d modes) as %s files under %s; e.g. cgml eval "
                + "--ref %s --pred %s%n", n * modes, n, modes, ext, files, files.resolve("truth"), files.resolve("mode-1"));
    }

    /** One stored value block as a PNG (a picture) or a float32 .npy of its shape. */
    private static void write(Task task, boolean picture, float[] values, int offset, int[] shape, Path file)
            throws IOException {
        Files.createDirectories(file.getParent());
        if (picture) {
            org.cgml.api.OutputFiles.writeImage(file, task.presentation().image(values, offset, shape).orElseThrow(), "png");
        } else {
            byte[] npy = Npy.float32(values, offset, shape);
            org.cgml.api.OutputFiles.write(file, o -> o.write(npy));
        }
    }

    /** Another run's outputs for the same inputs (one per input), e.g. the regression baseline's. */
    private float[] baseline(String taskName, float[] x, int n) {
        try (TrainedRun other = TrainedRun.open(baselineRun, main.registry(), main::warn)) {
            if (!other.recorded().task().equals(taskName)) {
                throw new UserError("--baseline-run " + baselineRun + " trains task '" + other.recorded().task()
                        + "', not '" + taskName + "'");
            }
            return other.model().sampler().sample(x, n, 1, 0, LatentUpdate.PLAIN, seed);
        }
    }

    private void pictures(Task task, float[] x, float[] y, int n, int in, int out, float[] samples, float[] baseline)
            throws IOException {
        var presentation = task.presentation();
        int[] inShape = task.inputShape();
        int[] outShape = task.outputShape();
        boolean images = presentation.image(x, 0, inShape).isPresent();
        if (images) {
            if (png == null) {
                return;
            }
            String stem = png.getFileName().toString().replaceFirst("\\.png$", "");
            int files = 0;
            for (int first = 0; first < n; first += 8) {
                org.cgml.api.Figure grid = Grid.samplesFigure(task, x, y, first, Math.min(n, first + 8) - first,
                        modes, samples, baseline);
                Path file = png.resolveSibling(String.format(Locale.ROOT, "%s-%03d.png", stem, files++));
                org.cgml.eval.Figures.write(file, grid);
            }
            main.out.printf(Locale.ROOT, "wrote %d grid(s): %s-000.png (and .svg) ...%n", files, png.resolveSibling(stem));
            return;
        }
        if (png == null && csv == null) {
            return; // files only
        }
        if (png == null && !org.cgml.api.OutputFiles.regularOrAbsent(csv)) {
            return; // names are derived only from regular files: no /dev/null.png
        }
        var picture = presentation.plot(x, samples, n, modes);
        if (picture.isPresent()) {
            Path file = png != null ? png
                    : csv.resolveSibling(csv.getFileName().toString().replaceFirst("\\.csv$", "") + ".png");
            boolean svg = org.cgml.eval.Figures.write(file, picture.get());
            main.out.println("plot: " + file + (svg ? " (and " + org.cgml.eval.Figures.svgOf(file).getFileName() + ")"
                    : ""));
        } else if (png != null) {
            throw new UserError("task " + task.name() + " has no pictures; use --csv");
        }
    }

    private void writeCsv(Task task, float[] x, int n, int in, int out, float[] samples) throws IOException {
        List<String> header = new ArrayList<>(task.presentation().inputColumns());
        header.addAll(task.presentation().outputColumns());
        org.cgml.api.OutputFiles.write(csv, stream -> {
            BufferedWriter w = new BufferedWriter(new java.io.OutputStreamWriter(stream, StandardCharsets.UTF_8));
            w.write(org.cgml.nn.run.Csv.line(header));
            StringBuilder row = new StringBuilder();
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < modes; k++) {
                    row.setLength(0);
                    for (int j = 0; j < in; j++) {
                        row.append(j == 0 ? "" : ",").append(fmt(x[i * in + j]));
                    }
                    int off = (i * modes + k) * out;
                    for (int j = 0; j < out; j++) {
                        row.append(',').append(fmt(samples[off + j]));
                    }
                    w.write(row.toString());
                    w.newLine();
                }
            }
            w.flush();
        });
    }

    private static String fmt(float v) {
        return org.cgml.nn.run.Csv.number(v);
    }
}
