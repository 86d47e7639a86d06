package org.cgml.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.cgml.api.FuzzTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code cgml bench fuzz}: every reader a module offers ({@link FuzzTarget}) fed N mutations of its valid files (bytes
 * flipped, set, inserted, deleted, blocks duplicated, the file cut short; seeded), each read on a worker thread with a
 * time limit. A read may succeed or throw an IOException or IllegalArgumentException (one message, exit code 2 in the
 * CLI); anything else counts as a stack trace, a read past the limit as a hang, and the heap's peak is reported. Prints
 * {@code target,inputs,read,refused,stack_traces,hangs,out_of_memory,peak_heap_mib,slowest_ms}; the first stack trace
 * of each target and the input that caused it go into {@code --out}.
 */
@Command(name = "fuzz", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Mutated inputs for every file reader: counts of clean refusals, stack traces, hangs, peak heap.")
final class BenchFuzz implements Callable<Integer> {
    static final String HEADER = "target,inputs,read,refused,stack_traces,hangs,out_of_memory,peak_heap_mib,slowest_ms";

    @ParentCommand
    BenchCommand bench;

    @Option(names = "--count", defaultValue = "10000", paramLabel = "N", description = "Mutated inputs per reader (default 10000).")
    int count;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the mutations (default 1).")
    long seed;

    @Option(names = "--targets", split = ",", paramLabel = "T[,T...]", description = "Readers to fuzz (default: all).")
    List<String> targets;

    @Option(names = "--timeout-s", defaultValue = "10", paramLabel = "S", description = "Time limit of one read (default 10 s).")
    int timeout;

    @Option(names = "--out", defaultValue = "runs/bench-fuzz", paramLabel = "DIR",
            description = "Folder for the work files and the first failing input of each reader (default runs/bench-fuzz).")
    Path out;

    /** One reader's tally. */
    static final class Tally {
        int inputs;
        int read;
        int refused;
        int traces;
        int hangs;
        int oom;
        long slowestNanos;
    }

    @Override
    public Integer call() throws Exception {
        if (count < 1 || timeout < 1) {
            throw new UserError("--count and --timeout-s must be positive");
        }
        List<FuzzTarget> all = bench.main.registry().readers();
        List<FuzzTarget> chosen = new ArrayList<>();
        for (FuzzTarget t : all) {
            if (targets == null || targets.contains(t.name())) {
                chosen.add(t);
            }
        }
        if (targets != null && chosen.size() < targets.size()) {
            throw new UserError("unknown fuzz target in " + targets + "; known: "
                    + String.join(", ", all.stream().map(FuzzTarget::name).toList()));
        }
        Main main = bench.main;
        Files.createDirectories(out);
        main.out.println(HEADER);
        ExecutorService worker = Executors.newSingleThreadExecutor(daemon());
        try {
            for (FuzzTarget t : chosen) {
                Tally tally = new Tally();
                worker = fuzz(t, tally, worker, main);
                main.out.printf(Locale.ROOT, "%s,%d,%d,%d,%d,%d,%d,%.0f,%.1f%n", t.name(), tally.inputs, tally.read,
                        tally.refused, tally.traces, tally.hangs, tally.oom, peakHeapMib(), tally.slowestNanos / 1e6);
                main.out.flush();
            }
        } finally {
            worker.shutdownNow();
        }
        return 0;
    }

    /** Fuzzes one target; returns the worker to go on with (a new one when a read hung). */
    private ExecutorService fuzz(FuzzTarget target, Tally tally, ExecutorService worker, Main main) throws IOException {
        Path dir = out.resolve(target.name());
        org.cgml.nn.Folders.deleteTree(dir);
        Path seedsDir = Files.createDirectories(dir.resolve("seeds"));
        List<Path> seeds = target.seeds(seedsDir);
        List<byte[]> valid = new ArrayList<>();
        for (Path s : seeds) {
            valid.add(Files.readAllBytes(s));
        }
        SplittableRandom rng = new SplittableRandom(org.cgml.api.Batches.mix(seed, target.name().hashCode()));
        resetPeaks();
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            int which = rng.nextInt(seeds.size());
            byte[] input = mutate(valid.get(which), rng);
            Path work = dir.resolve("work").resolve(Integer.toString(i % 2)); // a clean folder per input
            org.cgml.nn.Folders.deleteTree(work);
            Path file = work.resolve(seedsDir.relativize(seeds.get(which)));
            Files.createDirectories(file.getParent());
            Files.write(file, input);
            tally.inputs++;
            long start = System.nanoTime();
            Future<?> f = worker.submit(() -> {
                target.read(file);
                return null;
            });
            try {
                f.get(timeout, TimeUnit.SECONDS);
                tally.read++;
            } catch (TimeoutException e) {
                tally.hangs++;
                f.cancel(true);
                keep(dir, "hang", file, input, "no answer within " + timeout + " s");
                worker.shutdownNow();
                worker = Executors.newSingleThreadExecutor(daemon()); // the stuck thread is left behind
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof IOException || c instanceof UncheckedIOException || c instanceof IllegalArgumentException) {
                    tally.refused++;
                } else {
                    if (c instanceof OutOfMemoryError) {
                        tally.oom++;
                    } else {
                        tally.traces++;
                    }
                    StringWriter trace = new StringWriter();
                    c.printStackTrace(new PrintWriter(trace));
                    keep(dir, "trace", file, input, trace.toString());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UserError("interrupted");
            }
            tally.slowestNanos = Math.max(tally.slowestNanos, System.nanoTime() - start);
            if ((i + 1) % Math.max(1, count / 10) == 0) {
                double secs = (System.nanoTime() - t0) / 1e9;
                main.err.printf(Locale.ROOT, "[fuzz %s] %d/%d inputs, %d refused, %d traces, %d hangs, %.0f inputs/s%n",
                        target.name(), i + 1, count, tally.refused, tally.traces, tally.hangs, (i + 1) / secs);
            }
        }
        org.cgml.nn.Folders.deleteTree(dir.resolve("work"));
        return worker;
    }

    /** 1 to 8 of: flip a bit, set a byte to an edge value, insert, delete, duplicate a block, cut the file short. */
    static byte[] mutate(byte[] valid, SplittableRandom rng) {
        byte[] b = valid.clone();
        int edits = 1 + rng.nextInt(8);
        for (int e = 0; e < edits && b.length > 0; e++) {
            int at = rng.nextInt(b.length);
            switch (rng.nextInt(6)) {
                case 0 -> b[at] ^= (byte) (1 << rng.nextInt(8));
                case 1 -> b[at] = (byte) new int[] {0, 0x7f, 0x80, 0xff, '\n', '-', '9'}[rng.nextInt(7)];
                case 2 -> {
                    byte[] c = new byte[b.length + 1];
                    System.arraycopy(b, 0, c, 0, at);
                    c[at] = (byte) rng.nextInt(256);
                    System.arraycopy(b, at, c, at + 1, b.length - at);
                    b = c;
                }
                case 3 -> {
                    byte[] c = new byte[b.length - 1];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + 1, c, at, b.length - at - 1);
                    b = c;
                }
                case 4 -> {
                    int len = Math.min(b.length - at, 1 + rng.nextInt(64));
                    byte[] c = new byte[b.length + len];
                    System.arraycopy(b, 0, c, 0, at + len);
                    System.arraycopy(b, at, c, at + len, b.length - at);
                    b = c;
                }
                default -> b = java.util.Arrays.copyOf(b, at);
            }
        }
        return b;
    }

    /** The first failing input of a kind, with what happened. */
    private static void keep(Path dir, String kind, Path file, byte[] input, String what) throws IOException {
        Path first = dir.resolve("first-" + kind + "-" + file.getFileName());
        if (!Files.exists(first)) {
            Files.write(first, input);
            Files.writeString(dir.resolve("first-" + kind + ".txt"), what);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon() {
        return r -> {
            Thread t = new Thread(r, "fuzz-read");
            t.setDaemon(true);
            return t;
        };
    }

    private static void resetPeaks() {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** The sum of the heap pools' peaks since the last reset, MiB. */
    private static double peakHeapMib() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum() / (double) (1 << 20);
    }

}
