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
 * {@code cgml bench speed}: one training iteration of the generic U-Net under cGML's defaults (the inner loop unrolled
 * in one graph run, from the best of m search starts), under the paper's recipe (l = 20 inner steps, one start, one
 * graph run per step), with the naive inner loop (whole network forward and backward per inner step) and for the L1
 * baseline, timed round-robin so machine noise hits all alike; prints medians, ratios, and the ratios the FLOP count
 * predicts.
 */
@Command(name = "speed", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Time one U-Net training iteration: cGML's defaults vs the paper's recipe vs the naive inner "
                + "loop vs the L1 baseline.")
final class BenchSpeed implements Callable<Integer> {
    /** The paper's inner steps l, searched from one start with one graph run per step (before the unrolled loop). */
    static final int PAPER_INNER_STEPS = 20;

    @ParentCommand
    BenchCommand bench;

    @Option(names = "--size", defaultValue = "32", description = "Image size S (default 32).")
    int size;

    @Option(names = "--batch-size", defaultValue = "16", description = "Batch size (default 16).")
    int batch;

    @Option(names = "--inner-steps", paramLabel = "L",
            description = "Inner latent steps l of the cgml row (default: the engine default).")
    Integer innerSteps;

    @Option(names = "--search-starts", paramLabel = "M",
            description = "Search starts m of the cgml row (default: the engine default).")
    Integer searchStarts;

    @Option(names = "--channels", defaultValue = "64", description = "U-Net base width c (default 64).")
    int channels;

    @Option(names = "--repeats", defaultValue = "7", description = "Timed rounds (default 7).")
    int repeats;

    @Option(names = "--threads", defaultValue = "0", description = "CPU threads (default all).")
    int threads;

    @Override
    public Integer call() {
        if (repeats < 1 || batch < 1 || channels < 1 || (innerSteps != null && innerSteps < 1)
                || (searchStarts != null && searchStarts < 1)) {
            throw new UserError("--repeats, --batch-size, --inner-steps, --search-starts and --channels must be positive");
        }
        Main main = bench.main;
        int latent = 10;
        Task task = SyntheticTask.images(size, 1, 2, channels, latent);
        TrainingConfig.Builder b = TrainingConfig.builder().setIterations(1_000_000).optBatchSize(batch)
                .optThreads(threads);
        if (innerSteps != null) {
            b.optInnerSteps(innerSteps);
        }
        if (searchStarts != null) {
            b.optSearchStarts(searchStarts);
        }
        TrainingConfig current = b.build();
        TrainingConfig paper = current.toBuilder().optInnerSteps(PAPER_INNER_STEPS).optSearchStarts(1).build();
        String[] names = {"cgml", "paper", "naive", "l1"};
        double[][] ms = new double[names.length][repeats];
        try (Trainer cgml = new Trainer(task, current);
             Trainer old = new Trainer(task, paper);
             Trainer naive = new Trainer(task, paper);
             Trainer l1 = new Trainer(task, current.toBuilder().optMethod("baseline").build())) {
            ((Cgml.Model) old.model()).innerLoop(Cgml.InnerLoop.STEPWISE);
            ((Cgml.Model) naive.model()).innerLoop(Cgml.InnerLoop.NAIVE);
            Trainer[] all = {cgml, old, naive, l1};
            main.err.printf(Locale.ROOT, "bench speed: U-Net %dx%d, c = %d, batch %d, cgml l = %d m = %d (paper l = %d "
                    + "m = 1), %d threads; warming up%n", size, size, channels, batch, current.innerSteps(),
                    current.searchStarts(), PAPER_INNER_STEPS, current.threads());
            for (Trainer t : all) {
                t.step();
                t.step();
            }
            for (int r = 0; r < repeats; r++) {
                for (int k = 0; k < all.length; k++) {
                    ms[k][r] = all[k].step().nanos() / 1e6;
                }
                main.err.printf(Locale.ROOT, "  round %d/%d: cgml %.0f ms, paper %.0f ms, naive %.0f ms, l1 %.0f ms%n",
                        r + 1, repeats, ms[0][r], ms[1][r], ms[2][r], ms[3][r]);
            }
        }
        double[] flops = UNetFlops.perImage(size, channels, 1, 2, latent, 512, PAPER_INNER_STEPS);
        main.out.println("metric,value");
        for (int k = 0; k < names.length; k++) {
            main.out.printf(Locale.ROOT, "%s_ms_median,%.1f%n", names[k], median(ms[k]));
        }
        main.out.printf(Locale.ROOT, "cgml_inner_steps,%d%n", current.innerSteps());
        main.out.printf(Locale.ROOT, "cgml_search_starts,%d%n", current.searchStarts());
        main.out.printf(Locale.ROOT, "cgml_over_l1_median,%.2f%n", median(ratios(ms[0], ms[3])));
        main.out.printf(Locale.ROOT, "paper_over_l1_median,%.2f%n", median(ratios(ms[1], ms[3])));
        main.out.printf(Locale.ROOT, "paper_over_cgml_median,%.2f%n", median(ratios(ms[1], ms[0])));
        main.out.printf(Locale.ROOT, "naive_over_paper_median,%.2f%n", median(ratios(ms[2], ms[1])));
        main.out.printf(Locale.ROOT, "flops_H_mflop,%.1f%n", flops[0] / 1e6);
        main.out.printf(Locale.ROOT, "flops_G_mflop,%.1f%n", flops[1] / 1e6);
        main.out.printf(Locale.ROOT, "predicted_naive_over_paper_inner_step,%.2f%n", flops[2]);
        main.out.printf(Locale.ROOT, "predicted_naive_over_paper_iteration,%.2f%n", flops[4]);
        main.out.printf(Locale.ROOT, "predicted_paper_over_l1,%.2f%n", flops[3]);
        main.out.printf(Locale.ROOT, "repeats,%d%n", repeats);
        return 0;
    }

    /** a[r] / b[r] for each round r. */
    private static double[] ratios(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int r = 0; r < a.length; r++) {
            out[r] = a[r] / b[r];
        }
        return out;
    }

    static double median(double[] v) {
        return org.cgml.eval.Stats.median(v);
    }
}
