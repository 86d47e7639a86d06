package org.cgml.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.cgml.api.Dataset;
import org.cgml.api.Task;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.LatentUpdate;
import org.cgml.nn.Trainer;
import org.cgml.nn.toy.ToyTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code cgml bench toy}: paper Fig. 3 in numbers. cGML and the L1 baseline trained on the same seeds and budget;
 * K modes for each test input; the share of samples within 0.25 of a true branch, how they split between the
 * branches, and the phantoms; cGML at T = 5 and 20, with rho (Eq. 4) and without.
 */
@Command(name = "toy", mixinStandardHelpOptions = true, sortOptions = false,
        description = "cGML vs the L1 baseline on the toy task: branch coverage and phantoms (paper Fig. 3).")
final class BenchToy implements Callable<Integer> {
    static final double RADIUS = 0.25;
    /** The rho column: Eq. 4 ("yes") or no rho. */
    static final Map<LatentUpdate, String> RHO = Map.of(LatentUpdate.MOMENTUM, "yes", LatentUpdate.PLAIN, "no");

    @ParentCommand
    BenchCommand bench;

    @Option(names = "--seeds", defaultValue = "3", description = "Seeds 1..N (default 3).")
    int seeds;

    @Option(names = "--steps", description = "Training steps per run (default: the task's, 4000).")
    Long steps;

    @Option(names = "--modes", defaultValue = "8", description = "K samples per input (default 8).")
    int modes;

    @Option(names = "--inputs", defaultValue = "1000", description = "Test inputs (default 1000).")
    int inputs;

    @Option(names = "--parallel", defaultValue = "2", description = "Runs trained at once (default 2, one thread each).")
    int parallel;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the rows as JSON.")
    Path json;

    /** One line of the table. */
    record Row(String method, String seed, int t, String rho, double onBranch, double plus, double minus,
               double phantom, double trainSeconds) {
        String csv() {
            return String.format(Locale.ROOT, "%s,%s,%s,%s,%.4f,%.4f,%.4f,%.4f,%.1f", method, seed,
                    t < 0 ? "-" : Integer.toString(t), rho, onBranch, plus, minus, phantom, trainSeconds);
        }
    }

    @Override
    public Integer call() throws Exception {
        if (seeds < 1 || modes < 1 || inputs < 1 || parallel < 1) {
            throw new UserError("--seeds, --modes, --inputs and --parallel must be positive");
        }
        Main main = bench.main;
        Task task = main.registry().task(ToyTask.NAME);
        if (inputs > ToyTask.TEST_SIZE) {
            throw new UserError("--inputs must be at most " + ToyTask.TEST_SIZE);
        }
        main.err.printf(Locale.ROOT, "bench toy: %d seeds x {cGML, L1}, K = %d, %d test inputs%n", seeds, modes, inputs);
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        List<Future<List<Row>>> jobs = new ArrayList<>();
        for (int s = 1; s <= seeds; s++) {
            for (TrainingConfig.Method m : TrainingConfig.Method.values()) {
                long seed = s;
                jobs.add(pool.submit(() -> run(task, m, seed, main)));
            }
        }
        List<Row> rows = new ArrayList<>();
        try {
            for (Future<List<Row>> f : jobs) {
                rows.addAll(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        Map<String, List<Row>> groups = new TreeMap<>();
        for (Row r : rows) {
            String order = r.rho().equals("yes") ? "0" : "1";
            groups.computeIfAbsent(String.format(Locale.ROOT, "%s|%03d|%s", r.method(), r.t() + 1, order),
                    k -> new ArrayList<>()).add(r);
        }
        main.out.println("method,seed,T,rho,on_branch,plus_share,minus_share,phantom,train_seconds");
        List<Row> all = new ArrayList<>();
        for (List<Row> g : groups.values()) {
            g.sort((a, b) -> a.seed().compareTo(b.seed()));
            all.addAll(g);
            Row f = g.get(0);
            all.add(new Row(f.method(), "mean", f.t(), f.rho(), mean(g, Row::onBranch), mean(g, Row::plus),
                    mean(g, Row::minus), mean(g, Row::phantom), mean(g, Row::trainSeconds)));
        }
        all.forEach(r -> main.out.println(r.csv()));
        if (json != null) {
            StringBuilder b = new StringBuilder("[\n");
            for (int i = 0; i < all.size(); i++) {
                Row r = all.get(i);
                b.append(String.format(Locale.ROOT, "  {\"method\": \"%s\", \"seed\": \"%s\", \"T\": %d, \"rho\": \"%s\", "
                        + "\"on_branch\": %.4f, \"plus_share\": %.4f, \"minus_share\": %.4f, \"phantom\": %.4f, "
                        + "\"train_seconds\": %.1f}%s%n", r.method(), r.seed(), r.t(), r.rho(), r.onBranch(), r.plus(),
                        r.minus(), r.phantom(), r.trainSeconds(), i + 1 < all.size() ? "," : ""));
            }
            RunFolder.writeAtomically(json, b.append("]\n").toString());
        }
        return 0;
    }

    private List<Row> run(Task task, TrainingConfig.Method method, long seed, Main main) {
        TrainingConfig.Builder b = TrainingConfig.forTask(task).optSeed(seed).optMethod(method).optThreads(1);
        if (steps != null) {
            b.setSteps(steps);
        }
        TrainingConfig config = b.build();
        Dataset test = task.data(seed).test();
        float[] x = new float[inputs];
        float[] y = new float[inputs * 3];
        for (int i = 0; i < inputs; i++) {
            test.example(i, 0, x, i, y, i * 3);
        }
        List<Row> rows = new ArrayList<>();
        String name = BenchOptions.name(method);
        try (Trainer trainer = new Trainer(task, config)) {
            long t0 = System.nanoTime();
            trainer.fit(null, List.of());
            double secs = (System.nanoTime() - t0) / 1e9;
            if (method == TrainingConfig.Method.L1) {
                rows.add(score(name, seed, -1, "-", x,
                        trainer.sampler().sample(x, inputs, modes, 0, LatentUpdate.PLAIN, 7), secs));
            } else {
                for (int t : new int[] {5, 20}) {
                    for (LatentUpdate u : LatentUpdate.values()) {
                        float[] s = trainer.sampler().sample(x, inputs, modes, t, u, 7);
                        rows.add(score(name, seed, t, RHO.get(u), x, s, secs));
                    }
                }
            }
            synchronized (main.err) {
                main.err.printf(Locale.ROOT, "  %s seed %d: %d steps in %.1f s (%.0f steps/s)%n", name, seed,
                        config.steps(), secs, config.steps() / secs);
            }
        }
        return rows;
    }

    /** Branch statistics of K samples per input (a sample counts for the closer branch). */
    private Row score(String method, long seed, int t, String rho, float[] x, float[] samples, double secs) {
        int on = 0;
        int plus = 0;
        int total = x.length * modes;
        for (int i = 0; i < x.length; i++) {
            for (int k = 0; k < modes; k++) {
                int off = (i * modes + k) * 3;
                double dp = ToyTask.distance(x[i], samples, off, 1);
                double dm = ToyTask.distance(x[i], samples, off, -1);
                if (Math.min(dp, dm) <= RADIUS) {
                    on++;
                    if (dp <= dm) {
                        plus++;
                    }
                }
            }
        }
        double onFrac = (double) on / total;
        return new Row(method, Long.toString(seed), t, rho, onFrac, on == 0 ? 0 : (double) plus / on,
                on == 0 ? 0 : (double) (on - plus) / on, 1 - onFrac, secs);
    }

    private static double mean(List<Row> rows, java.util.function.ToDoubleFunction<Row> f) {
        return rows.stream().mapToDouble(f).average().orElse(Double.NaN);
    }
}
