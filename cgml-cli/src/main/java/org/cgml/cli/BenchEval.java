package org.cgml.cli;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.cgml.eval.Psnr;
import org.cgml.eval.Raster;
import org.cgml.eval.Ssim;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code cgml bench eval}: PSNR and SSIM throughput over N pairs of S x S RGB images (seeded, smooth random content
 * plus noise), on one thread and on all cores, repeated; prints medians in images/s and the parallel speed-up.
 */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = "PSNR and SSIM throughput (images/s) on one thread and on all cores.")
final class BenchEval implements Callable<Integer> {
    @ParentCommand
    BenchCommand bench;

    @Option(names = "--pairs", defaultValue = "1000", description = "Image pairs (default 1000).")
    int pairs;

    @Option(names = "--size", defaultValue = "256", description = "Image size S (default 256).")
    int size;

    @Option(names = "--repeats", defaultValue = "3", description = "Timed rounds (default 3).")
    int repeats;

    @Override
    public Integer call() {
        if (pairs < 1 || size < 11 || repeats < 1) {
            throw new UserError("--pairs and --repeats must be positive and --size at least 11");
        }
        Main main = bench.main;
        int distinct = Math.min(pairs, 16);
        Raster[][] images = new Raster[distinct][];
        for (int i = 0; i < distinct; i++) {
            images[i] = pair(i);
        }
        main.err.printf(Locale.ROOT, "bench eval: %d pairs of %dx%d RGB, %d rounds, %d cores%n", pairs, size, size,
                repeats, Runtime.getRuntime().availableProcessors());
        double[][] rates = new double[4][repeats];
        String[] names = {"psnr_1thread", "psnr_parallel", "ssim_1thread", "ssim_parallel"};
        double sink = 0;
        for (int r = 0; r < repeats; r++) {
            for (int k = 0; k < 4; k++) {
                boolean ssim = k >= 2;
                IntStream ids = IntStream.range(0, pairs);
                if (k % 2 == 1) {
                    ids = ids.parallel();
                }
                long t0 = System.nanoTime();
                sink += ids.mapToDouble(i -> {
                    Raster[] p = images[i % distinct];
                    return ssim ? Ssim.mean(p[0], p[1], 255) : Psnr.of(p[0], p[1], 255);
                }).sum();
                rates[k][r] = pairs / ((System.nanoTime() - t0) / 1e9);
            }
            main.err.printf(Locale.ROOT, "  round %d/%d: ssim %.0f images/s on all cores%n", r + 1, repeats, rates[3][r]);
        }
        main.out.println("metric,value");
        for (int k = 0; k < 4; k++) {
            main.out.printf(Locale.ROOT, "%s_images_per_s_median,%.1f%n", names[k], BenchSpeed.median(rates[k]));
        }
        main.out.printf(Locale.ROOT, "ssim_parallel_speedup,%.2f%n", BenchSpeed.median(rates[3]) / BenchSpeed.median(rates[2]));
        main.out.printf(Locale.ROOT, "checksum,%.3f%n", sink / repeats);
        return 0;
    }

    private Raster[] pair(int seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] a = new double[size * size * 3];
        double[] b = new double[a.length];
        double fx = 0.02 + rng.nextDouble() * 0.1;
        double fy = 0.02 + rng.nextDouble() * 0.1;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                for (int c = 0; c < 3; c++) {
                    int i = (y * size + x) * 3 + c;
                    a[i] = 127.5 + 100 * Math.sin(fx * x * (c + 1) + fy * y);
                    b[i] = Math.max(0, Math.min(255, a[i] + rng.nextGaussian() * 10));
                }
            }
        }
        return new Raster[] {new Raster(size, size, 3, a), new Raster(size, size, 3, b)};
    }
}
