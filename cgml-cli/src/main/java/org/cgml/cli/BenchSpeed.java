package org.cgml.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.cgml.api.Task;
import org.cgml.api.TrainingConfig;
import org.cgml.api.TrainingConfig.Precision;
import org.cgml.nn.LatentUpdate;
import org.cgml.nn.Sampler;
import org.cgml.nn.SyntheticTask;
import org.cgml.nn.Trainer;
import org.cgml.nn.graph.PrecisionChoice;
import org.cgml.nn.method.cgml.Cgml;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code cgml bench speed}: on the generic U-Net, one training iteration of cGML under its defaults and of the L1
 * baseline, each in fp32 and in bf16 (oneDNN's bfloat16 rewrite; "not available" on a CPU without bfloat16); one
 * iteration of {@code recipe=paper} exactly (l = 20 from one start, Z fitted on the steps), also with one graph run
 * per inner step and with the naive inner loop; and sampling K = 8 modes per input, batched, for cGML (its T) and
 * for conditional IMLE, and one training iteration of conditional IMLE. Every row is timed round-robin in one process
 * so machine noise hits all alike; prints medians over rounds, the median of each round's ratios, and the ratios the
 * FLOP count predicts.
 */
@Command(name = "speed", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Time one U-Net training iteration (cGML's defaults and the L1 baseline in fp32 and bf16, "
                + "recipe=paper, the naive inner loop), sampling K modes per input, and cIMLE's iteration beside "
                + "cGML's.")
final class BenchSpeed implements Callable<Integer> {
    /** The paper's inner steps l (recipe=paper's), for the FLOP predictions. */
    static final int PAPER_INNER_STEPS = 20;
    /** Modes K drawn per input in the sampling rows. */
    static final int SAMPLING_MODES = 8;
    /** The value of a row that cannot run on this machine. */
    static final String NOT_AVAILABLE = "not available";

    /** The machine the bf16 rows ask about (a test stands in a CPU without bfloat16). */
    static java.util.function.Supplier<PrecisionChoice.Hardware> hardware = PrecisionChoice.Hardware::system;

    @ParentCommand
    BenchCommand bench;

    @Option(names = "--size", defaultValue = "32", description = "Image size S (default 32; the paper's 64 with --size 64).")
    int size;

    @Option(names = "--batch-size", defaultValue = "16",
            description = "Batch size, and inputs per sampling run (default 16).")
    int batch;

    @Option(names = "--inner-steps", paramLabel = "L",
            description = "Inner latent steps l of the cgml rows (default: the engine default).")
    Integer innerSteps;

    @Option(names = "--search-starts", paramLabel = "M",
            description = "Search starts m of the cgml rows (default: the engine default).")
    Integer searchStarts;

    @Option(names = "--channels", defaultValue = "64", description = "U-Net base width c (default 64).")
    int channels;

    @Option(names = "--repeats", defaultValue = "7", description = "Timed rounds (default 7).")
    int repeats;

    @Option(names = "--threads", defaultValue = "0", description = "CPU threads (default all).")
    int threads;

    /** One timed row: what it times, and how to time it once (milliseconds). */
    private record Row(String metric, String says, Timed timed) {
    }

    private interface Timed {
        double millis();
    }

    @Override
    public Integer call() {
        if (repeats < 1 || batch < 1 || channels < 1 || size < 1 || (innerSteps != null && innerSteps < 1)
                || (searchStarts != null && searchStarts < 1)) {
            throw new UserError("--size, --repeats, --batch-size, --inner-steps, --search-starts and --channels must be "
                    + "positive");
        }
        Main main = bench.main;
        int latent = 10;
        Task task = SyntheticTask.images(size, 1, 2, channels, latent);
        TrainingConfig.Builder b = TrainingConfig.builder().set(TrainingConfig.ITERATIONS, 1_000_000L)
                .set(TrainingConfig.BATCH_SIZE, batch)
                .set(TrainingConfig.THREADS, threads).set(TrainingConfig.PRECISION, Precision.FP32);
        if (innerSteps != null) {
            b.set(TrainingConfig.INNER_STEPS, innerSteps);
        }
        if (searchStarts != null) {
            b.set(TrainingConfig.SEARCH_STARTS, searchStarts);
        }
        TrainingConfig tuned = b.build();
        TrainingConfig paper = TrainingConfig.builder().set(TrainingConfig.RECIPE, TrainingConfig.Recipe.PAPER)
                .set(TrainingConfig.ITERATIONS, 1_000_000L)
                .set(TrainingConfig.BATCH_SIZE, batch).set(TrainingConfig.THREADS, threads)
                .set(TrainingConfig.PRECISION, Precision.FP32).build();
        TrainingConfig baseline = tuned.toBuilder().set(TrainingConfig.METHOD, "baseline").build();
        PrecisionChoice.Hardware hw = hardware.get();
        PrecisionChoice bf16 = PrecisionChoice.of(Precision.BF16, task.architecture(), false, hw);
        boolean bf16Available = bf16.used() == Precision.BF16;
        int t = tuned.get(TrainingConfig.SAMPLING_STEPS);
        float[] inputs = new float[batch * task.inputSize()];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = (float) random.nextDouble();
        }
        List<Trainer> open = new ArrayList<>();
        try {
            Trainer cgml = open(open, task, tuned);
            Trainer cgmlBf16 = bf16Available ? open(open, task, tuned.toBuilder()
                    .set(TrainingConfig.PRECISION, Precision.BF16).build())
                    : null;
            Trainer l1 = open(open, task, baseline);
            Trainer l1Bf16 = bf16Available ? open(open, task, baseline.toBuilder()
                    .set(TrainingConfig.PRECISION, Precision.BF16).build())
                    : null;
            Trainer recipe = open(open, task, paper);
            Trainer stepwise = open(open, task, paper);
            ((Cgml.Model) stepwise.model()).innerSearch(BenchLoops.stepwise());
            Trainer naive = open(open, task, paper);
            ((Cgml.Model) naive.model()).innerSearch(BenchLoops.naive());
            Trainer cimle = open(open, task, tuned.toBuilder().set(TrainingConfig.METHOD, "cimle").build());
            Sampler cgmlSampler = cgml.sampler();
            Sampler cimleSampler = cimle.sampler();
            String tunedSays = String.format(Locale.ROOT,
                    "cgml defaults (l = %d, m = %d, Z %s), one training iteration",
                    tuned.get(TrainingConfig.INNER_STEPS), tuned.get(TrainingConfig.SEARCH_STARTS),
                            tuned.get(TrainingConfig.DYNAMICS_FIT).name().toLowerCase(Locale.ROOT));
            Row[] rows = {
                new Row("cgml_fp32_iteration", tunedSays + ", fp32", () -> ms(cgml)),
                new Row("cgml_bf16_iteration", tunedSays + ", bf16", () -> ms(cgmlBf16)),
                new Row("baseline_fp32_iteration", "L1 baseline, one training iteration, fp32", () -> ms(l1)),
                new Row("baseline_bf16_iteration", "L1 baseline, one training iteration, bf16", () -> ms(l1Bf16)),
                new Row("recipe_paper_iteration", "cgml:recipe=paper (l = 20, m = 1, Z on the steps), one training "
                        + "iteration, inner loop in one graph run, fp32", () -> ms(recipe)),
                new Row("recipe_paper_stepwise_iteration", "recipe=paper with one graph run per inner step, fp32",
                        () -> ms(stepwise)),
                new Row("recipe_paper_naive_iteration", "recipe=paper with the naive inner loop (whole network forward "
                        + "and backward per step), fp32", () -> ms(naive)),
                new Row("cgml_sampling_k" + SAMPLING_MODES + "_per_input", "cgml defaults sampling K = "
                        + SAMPLING_MODES + " modes per input, T = " + t + ", batched, fp32 (ms per input)",
                        () -> sampleMs(cgmlSampler, inputs, batch, t)),
                new Row("cimle_sampling_k" + SAMPLING_MODES + "_per_input", "cIMLE sampling K = " + SAMPLING_MODES
                        + " modes per input, batched, fp32 (ms per input)", () -> sampleMs(cimleSampler, inputs, batch, 0)),
                new Row("cimle_fp32_iteration", "cIMLE defaults, one training iteration, fp32", () -> ms(cimle)),
            };
            main.err.printf(Locale.ROOT, "bench speed: U-Net %dx%d, c = %d, batch %d, %d threads, CPU %s; bf16: %s; "
                    + "warming up%n", size, size, channels, batch, tuned.threads(), org.cgml.nn.run.Provenance.cpuModel(),
                    bf16Available ? bf16.reason() : NOT_AVAILABLE + " (" + bf16.reason() + ")");
            boolean[] runs = new boolean[rows.length];
            for (int k = 0; k < rows.length; k++) {
                runs[k] = bf16Available || !rows[k].metric().contains("bf16");
            }
            double[][] ms = new double[rows.length][repeats];
            for (double[] m : ms) {
                Arrays.fill(m, Double.NaN);
            }
            // the fp32 rows are warmed and timed before any bf16 row runs: oneDNN's bfloat16 kernels (AMX on the CPUs
            // that have it) left running between them slowed the fp32 rows of the same rounds
            for (boolean bf16Block : new boolean[] {false, true}) {
                List<Integer> block = new ArrayList<>();
                for (int k = 0; k < rows.length; k++) {
                    if (runs[k] && rows[k].metric().contains("bf16") == bf16Block) {
                        block.add(k);
                    }
                }
                for (int k : block) { // two untimed rounds: graph building, the optimizer's first steps, the sampler's
                    rows[k].timed().millis();
                    rows[k].timed().millis();
                }
                for (int r = 0; r < repeats && !block.isEmpty(); r++) {
                    StringBuilder line = new StringBuilder();
                    for (int k : block) {
                        ms[k][r] = rows[k].timed().millis();
                        line.append(String.format(Locale.ROOT, ", %s %.1f ms", rows[k].metric(), ms[k][r]));
                    }
                    main.err.printf(Locale.ROOT, "  %s round %d/%d%s%n", bf16Block ? "bf16" : "fp32", r + 1, repeats,
                            line);
                }
            }
            report(main, rows, runs, ms, tuned, t);
        } finally {
            for (Trainer tr : open) {
                tr.close();
            }
        }
        return 0;
    }

    private void report(Main main, Row[] rows, boolean[] runs, double[][] ms, TrainingConfig tuned, int t) {
        double[] flops = UNetFlops.perImage(size, channels, 1, 2, 10, 512, PAPER_INNER_STEPS);
        main.out.println("metric,value");
        for (int k = 0; k < rows.length; k++) {
            main.out.println(rows[k].metric() + "_ms_median," + (runs[k] ? fmt(median(ms[k]), 1) : NOT_AVAILABLE));
        }
        ratio(main, "cgml_bf16_time_over_fp32_median", ms, 1, 0, runs);
        ratio(main, "cgml_bf16_speedup_median", ms, 0, 1, runs);
        ratio(main, "baseline_bf16_time_over_fp32_median", ms, 3, 2, runs);
        ratio(main, "baseline_bf16_speedup_median", ms, 2, 3, runs);
        ratio(main, "cgml_over_baseline_fp32_median", ms, 0, 2, runs);
        ratio(main, "cgml_over_baseline_bf16_median", ms, 1, 3, runs);
        ratio(main, "recipe_paper_over_baseline_fp32_median", ms, 4, 2, runs);
        ratio(main, "recipe_paper_over_cgml_fp32_median", ms, 4, 0, runs);
        ratio(main, "stepwise_over_recipe_paper_median", ms, 5, 4, runs);
        ratio(main, "naive_over_stepwise_median", ms, 6, 5, runs);
        ratio(main, "cgml_over_cimle_sampling_per_input_median", ms, 7, 8, runs);
        ratio(main, "cgml_over_cimle_fp32_median", ms, 0, 9, runs);
        main.out.printf(Locale.ROOT, "cgml_inner_steps,%d%n", tuned.get(TrainingConfig.INNER_STEPS));
        main.out.printf(Locale.ROOT, "cgml_search_starts,%d%n", tuned.get(TrainingConfig.SEARCH_STARTS));
        main.out.printf(Locale.ROOT, "cgml_sampling_steps,%d%n", t);
        main.out.printf(Locale.ROOT, "sampling_modes,%d%n", SAMPLING_MODES);
        main.out.printf(Locale.ROOT, "sampling_inputs_per_run,%d%n", batch);
        main.out.printf(Locale.ROOT, "flops_H_mflop,%.1f%n", flops[0] / 1e6);
        main.out.printf(Locale.ROOT, "flops_G_mflop,%.1f%n", flops[1] / 1e6);
        main.out.printf(Locale.ROOT, "predicted_naive_over_stepwise_inner_step,%.2f%n", flops[2]);
        main.out.printf(Locale.ROOT, "predicted_naive_over_stepwise_iteration,%.2f%n", flops[4]);
        main.out.printf(Locale.ROOT, "predicted_recipe_paper_over_baseline,%.2f%n", flops[3]);
        main.out.printf(Locale.ROOT, "repeats,%d%n", repeats);
        main.err.println("side by side, median ms per iteration: fp32, bf16, bf16 speed-up (median over r of fp32 round "
                + "r / bf16 round r; fp32's rounds run first)");
        for (int k = 0; k < 4; k += 2) {
            main.err.printf(Locale.ROOT, "  %-10s %8s %14s %14s%n", k == 0 ? "cgml" : "baseline", fmt(median(ms[k]), 1),
                    runs[k + 1] ? fmt(median(ms[k + 1]), 1) : NOT_AVAILABLE,
                    runs[k + 1] ? fmt(median(ratios(ms[k], ms[k + 1])), 2) : NOT_AVAILABLE);
        }
        main.err.println("what each row times:");
        for (Row r : rows) {
            main.err.printf(Locale.ROOT, "  %-34s %s%n", r.metric(), r.says());
        }
    }

    /** The median over rounds of a[r] / b[r], or "not available" where a row did not run. */
    private static void ratio(Main main, String metric, double[][] ms, int a, int b, boolean[] runs) {
        main.out.println(metric + "," + (runs[a] && runs[b] ? fmt(median(ratios(ms[a], ms[b])), 3) : NOT_AVAILABLE));
    }

    private static String fmt(double v, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    private static Trainer open(List<Trainer> open, Task task, TrainingConfig config) {
        Trainer t = new Trainer(task, config);
        open.add(t);
        return t;
    }

    private static double ms(Trainer t) {
        return t.iterate().nanos() / 1e6;
    }

    /** Milliseconds per input of K modes for every input, all in one batched call. */
    private static double sampleMs(Sampler sampler, float[] inputs, int count, int steps) {
        long t0 = System.nanoTime();
        sampler.sample(inputs, count, SAMPLING_MODES, steps, LatentUpdate.MOMENTUM, org.cgml.nn.evaluation.Evaluator.SAMPLING_SEED);
        return (System.nanoTime() - t0) / 1e6 / count;
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
