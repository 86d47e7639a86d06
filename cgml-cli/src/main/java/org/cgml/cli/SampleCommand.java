package org.cgml.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.cgml.api.Dataset;
import org.cgml.api.Task;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.LatentUpdate;
import org.cgml.nn.Trainer;
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

    @Option(names = "--iterations", paramLabel = "T", defaultValue = "20", description = "Eq.-4 steps (default 20).")
    int iterations;

    @Option(names = "--no-momentum", description = "Use z <- proj(r) instead of the rho step (shows phantoms).")
    boolean noMomentum;

    @Option(names = "--csv", required = true, paramLabel = "FILE", description = "Output CSV, one row per sample.")
    Path csv;

    @Option(names = "--count", paramLabel = "N", description = "Test inputs to use (default: all).")
    Integer count;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "7", description = "Seed of the z_0 draws (default 7).")
    long seed;

    @Override
    public Integer call() throws IOException {
        if (modes < 1) {
            throw new UserError("--modes must be at least 1 (got " + modes + ")");
        }
        if (iterations < 0) {
            throw new UserError("--iterations must be >= 0 (got " + iterations + ")");
        }
        LatentUpdate update = noMomentum ? LatentUpdate.PLAIN : LatentUpdate.MOMENTUM;
        RunFolder folder = RunFolder.open(run);
        RunFolder.Recorded rec = folder.readConfig();
        Task task = main.registry().task(rec.task()).withOptions(RunFolder.values(rec.taskOptions()));
        TrainingConfig config = rec.builder().build();
        Dataset test = task.data(config.seed()).test();
        int n = count == null ? test.size() : count;
        if (n < 1 || n > test.size()) {
            throw new UserError("--count must be in [1, " + test.size() + "] (got " + n + ")");
        }
        Path parent = csv.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
            throw new UserError("cannot write " + csv + ": its folder does not exist or is not writable");
        }
        int in = size(task.inputShape());
        int out = size(task.outputShape());
        float[] x = new float[n * in];
        float[] y = new float[n * out];
        for (int i = 0; i < n; i++) {
            test.example(i, config.seed() + i, x, i * in, y, i * out);
        }
        float[] samples;
        try (Trainer trainer = new Trainer(task, config)) {
            if (folder.checkpoints().latest().isEmpty()) {
                throw new UserError("run " + run + " has no checkpoint: train it first");
            }
            folder.checkpoints().restore(trainer);
            samples = trainer.sampler().sample(x, n, modes, iterations, update, seed);
        }
        List<String> header = new ArrayList<>(task.presentation().inputColumns());
        header.addAll(task.presentation().outputColumns());
        Path tmp = csv.resolveSibling("." + csv.getFileName() + ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write(String.join(",", header));
            w.newLine();
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
        }
        Files.move(tmp, csv, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        var picture = task.presentation().plot(x, samples, n, modes);
        if (picture.isPresent()) {
            Path png = csv.resolveSibling(csv.getFileName().toString().replaceFirst("\\.csv$", "") + ".png");
            javax.imageio.ImageIO.write(picture.get(), "png", png.toFile());
            main.out.println("plot: " + png);
        }
        main.out.printf(Locale.ROOT, "wrote %d samples (%d inputs x %d modes, T = %d, %s) to %s%n", n * modes, n, modes,
                iterations, config.method() == TrainingConfig.Method.L1 ? "L1 baseline"
                        : noMomentum ? "no rho" : "with rho", csv);
        return 0;
    }

    static int size(int[] shape) {
        int s = 1;
        for (int d : shape) {
            s *= d;
        }
        return s;
    }

    private static String fmt(float v) {
        return Float.toString(v);
    }
}
