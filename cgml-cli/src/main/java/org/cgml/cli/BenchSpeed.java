package org.cgml.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.cgml.api.Task;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.SyntheticTask;
import org.cgml.nn.Trainer;
import org.cgml.nn.method.Cgml;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code cgml bench speed}: one training iteration of the generic U-Net for cGML (lean inner loop), the naive
 * inner loop (whole network forward and backward per inner step) and the L1 baseline, timed round-robin so
 * machine noise hits all three alike; prints medians, ratios, and the ratios the FLOP count predicts.
 */
@Command(name = "speed", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Time one U-Net training iteration: cGML vs the naive inner loop vs the L1 baseline.")
final class BenchSpeed implements Callable<Integer> {
    @ParentCommand
    BenchCommand bench;

    @Option(names = "--size", defaultValue = "32", description = "Image size S (default 32).")
    int size;

    @Option(names = "--batch-size", defaultValue = "16", description = "Batch size (default 16).")
    int batch;

    @Option(names = "--inner-steps", defaultValue = "20", description = "Inner latent steps l (default 20).")
    int innerSteps;

    @Option(names = "--channels", defaultValue = "64", description = "U-Net base width c (default 64).")
    int channels;

    @Option(names = "--repeats", defaultValue = "7", description = "Timed rounds (default 7).")
    int repeats;

    @Option(names = "--threads", defaultValue = "0", description = "CPU threads (default all).")
    int threads;

    @Override
    public Integer call() {
        if (repeats < 1 || batch < 1 || innerSteps < 1 || channels < 1) {
            throw new UserError("--repeats, --batch, --inner-steps and --channels must be positive");
        }
        Main main = bench.main;
        int latent = 10;
        Task task = SyntheticTask.images(size, 1, 2, channels, latent);
        TrainingConfig base = TrainingConfig.builder().setIterations(1_000_000).optBatchSize(batch)
                .optInnerSteps(innerSteps).optThreads(threads).build();
        String[] names = {"cgml", "naive", "l1"};
        double[][] ms = new double[3][repeats];
        try (Trainer cgml = new Trainer(task, base);
             Trainer naive = new Trainer(task, base);
             Trainer l1 = new Trainer(task, base.toBuilder().optMethod("baseline").build())) {
            ((Cgml.Model) naive.model()).innerLoop(Cgml.InnerLoop.NAIVE);
            Trainer[] all = {cgml, naive, l1};
            main.err.printf(Locale.ROOT, "bench speed: U-Net %dx%d, c = %d, batch %d, l = %d, %d threads; warming up%n",
                    size, size, channels, batch, innerSteps, base.threads());
            for (Trainer t : all) {
                t.step();
                t.step();
            }
            for (int r = 0; r < repeats; r++) {
                for (int k = 0; k < 3; k++) {
                    ms[k][r] = all[k].step().nanos() / 1e6;
                }
                main.err.printf(Locale.ROOT, "  round %d/%d: cgml %.0f ms, naive %.0f ms, l1 %.0f ms%n", r + 1, repeats,
                        ms[0][r], ms[1][r], ms[2][r]);
            }
        }
        double[] naiveOverCgml = new double[repeats];
        double[] cgmlOverL1 = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            naiveOverCgml[r] = ms[1][r] / ms[0][r];
            cgmlOverL1[r] = ms[0][r] / ms[2][r];
        }
        double[] flops = UNetFlops.perImage(size, channels, 1, 2, latent, 512, innerSteps);
        main.out.println("metric,value");
        for (int k = 0; k < 3; k++) {
            main.out.printf(Locale.ROOT, "%s_ms_median,%.1f%n", names[k], median(ms[k]));
        }
        main.out.printf(Locale.ROOT, "naive_over_cgml_median,%.2f%n", median(naiveOverCgml));
        main.out.printf(Locale.ROOT, "cgml_over_l1_median,%.2f%n", median(cgmlOverL1));
        main.out.printf(Locale.ROOT, "flops_H_mflop,%.1f%n", flops[0] / 1e6);
        main.out.printf(Locale.ROOT, "flops_G_mflop,%.1f%n", flops[1] / 1e6);
        main.out.printf(Locale.ROOT, "predicted_naive_over_cgml_inner_step,%.2f%n", flops[2]);
        main.out.printf(Locale.ROOT, "predicted_naive_over_cgml_iteration,%.2f%n", flops[4]);
        main.out.printf(Locale.ROOT, "predicted_cgml_over_l1,%.2f%n", flops[3]);
        main.out.printf(Locale.ROOT, "repeats,%d%n", repeats);
        return 0;
    }

    static double median(double[] v) {
        return org.cgml.eval.Stats.median(v);
    }
}
