package org.cgml.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.name.Names;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cgml.api.Architecture;
import org.cgml.api.CostFamily;
import org.cgml.api.Dataset;
import org.cgml.api.Evaluation;
import org.cgml.api.LatentSpace;
import org.cgml.api.Presentation;
import org.cgml.api.Task;
import org.cgml.api.TaskData;
import org.cgml.api.TaskProvider;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.Figures;
import org.cgml.nn.LatentUpdate;
import org.cgml.nn.Method;
import org.cgml.nn.MethodModel;
import org.cgml.nn.Sampler;
import org.cgml.nn.graph.Fit;
import org.cgml.nn.graph.ModelGraph;
import org.cgml.nn.graph.Tensors;
import org.cgml.nn.graph.Weights;
import org.cgml.nn.method.GraphMethodModel;
import org.cgml.nn.method.GraphSampler;
import org.cgml.nn.evaluation.Convergence;
import org.cgml.nn.evaluation.SeedSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The generic bench: a task and a method that exist only in this test show up in its tables beside the installed
 * ones, and a bench interrupted mid-run finishes with the same figures when run again.
 */
class BenchTest {

    static CliTest.Outcome cgml(String... args) {
        return CliTest.cgml(List.of(new LineTask.Provider()), List.of(new MeanMethod()), args);
    }

    /**
     * y = +sx or -sx at random for x in [-1, 1] and the option --slope s (default 1); its own figure: the share of
     * samples within 0.1 of a branch.
     */
    static final class LineTask implements Task {
        static final org.cgml.api.TaskOption SLOPE = org.cgml.api.TaskOption.number("slope", "test only: s of y = +-sx",
                "1", 0, 10);
        private final double slope;

        LineTask() {
            this(1);
        }

        LineTask(double slope) {
            this.slope = slope;
        }

        @Override
        public String name() {
            return "test-line";
        }

        @Override
        public List<org.cgml.api.TaskOption> options() {
            return List.of(SLOPE);
        }

        @Override
        public Task withOptions(Map<String, String> values) {
            if (!values.keySet().stream().allMatch("slope"::equals)) {
                throw new IllegalArgumentException("task test-line has no option " + values.keySet());
            }
            return new LineTask((Double) SLOPE.parse(values.getOrDefault("slope", SLOPE.defaultValue())));
        }

        @Override
        public TaskData data(long seed) {
            return new TaskData(lines(64, seed), lines(16, seed + 100));
        }

        private Dataset lines(int n, long seed) {
            return new Dataset() {
                @Override
                public int size() {
                    return n;
                }

                @Override
                public void example(int index, long s, float[] in, int io, float[] target, int to) {
                    java.util.SplittableRandom r = new java.util.SplittableRandom(seed * 1000 + index);
                    in[io] = (float) (r.nextDouble() * 2 - 1);
                    target[to] = (float) (r.nextBoolean() ? slope * in[io] : -slope * in[io]);
                }
            };
        }

        @Override
        public int[] inputShape() {
            return new int[] {1};
        }

        @Override
        public int[] outputShape() {
            return new int[] {1};
        }

        @Override
        public CostFamily cost() {
            return CostFamily.l1();
        }

        @Override
        public LatentSpace latent() {
            return LatentSpace.sphere(2);
        }

        @Override
        public Architecture architecture() {
            return new Architecture.Mlp(8, 2, 8, 8);
        }

        @Override
        public Presentation presentation() {
            return Presentation.indexed(1, 1);
        }

        @Override
        public void defaults(TrainingConfig.Builder b) {
            b.set(TrainingConfig.ITERATIONS, 4L).set(TrainingConfig.BATCH_SIZE, 8).set(TrainingConfig.INNER_STEPS, 2)
                    .set(TrainingConfig.THREADS, 1).set(TrainingConfig.CHECKPOINT_EVERY, 2);
        }

        @Override
        public Evaluation evaluation() {
            return new Evaluation() {
                @Override
                public void score(Samples s, Figures f) {
                    int hits = 0;
                    for (int i = 0; i < s.count(); i++) {
                        for (int k = 0; k < s.modes(); k++) {
                            float y = s.outputs()[s.outputOffset(i, k)];
                            hits += Math.abs(Math.abs(y) - slope * Math.abs(s.inputs()[i])) <= 0.1 ? 1 : 0;
                        }
                    }
                    f.add("on_a_line", hits / (double) (s.count() * s.modes()));
                }
            };
        }

        static final class Provider implements TaskProvider {
            @Override
            public String name() {
                return "test-line";
            }

            @Override
            public String description() {
                return "test only: x -> +x or -x";
            }

            @Override
            public Module module() {
                return new AbstractModule() {
                    @Override
                    protected void configure() {
                        bind(Task.class).annotatedWith(Names.named("test-line")).toInstance(new LineTask());
                    }
                };
            }
        }
    }

    /**
     * A method of its own, one class on the method SPI: one trained constant output b (Adam on L2), whatever the
     * input; it reports the parameter count it is given (default: b's size).
     */
    static final class MeanMethod implements Method {
        private final long reported;

        MeanMethod() {
            this(-1);
        }

        MeanMethod(long reported) {
            this.reported = reported;
        }

        @Override
        public String name() {
            return "mean";
        }

        @Override
        public String description() {
            return "test only: the mean target";
        }

        @Override
        public MethodModel build(Task task, TrainingConfig config) {
            Mean mean = new Mean();
            return new GraphMethodModel(task, config, TrainingConfig.Lipschitz.NONE, true, mean,
                    GraphSampler.Codes.FIXED) {
                @Override
                public Figures trainStep(TFloat32 x, TFloat32 y, long iteration) {
                    try (TFloat32 lr = Tensors.scalar(config.get(TrainingConfig.LEARNING_RATE) * 100);
                         Result r = graph.session().runner().feed(graph.y(), y).feed(mean.rate, lr)
                                 .addTarget(mean.step).fetch(mean.loss).run()) {
                        float l = ((TFloat32) r.get(0)).getFloat();
                        return Figures.of(l).with("rms", (float) Math.sqrt(l));
                    }
                }

                @Override
                public List<String> extraLosses() {
                    return List.of("rms");
                }

                @Override
                public long parameters() {
                    return reported >= 0 ? reported : task.outputSize();
                }

                @Override
                public Sampler sampler() {
                    float[] v;
                    try (Result r = graph.session().runner().fetch(mean.b).run()) {
                        v = Tensors.read(r.get(0));
                    }
                    return new Sampler() {
                        @Override
                        public float[] sample(float[] inputs, int count, int modes, int steps, LatentUpdate u, long s) {
                            float[] o = new float[count * modes * v.length];
                            for (int i = 0; i < o.length; i++) {
                                o[i] = v[i % v.length];
                            }
                            return o;
                        }

                        @Override
                        public boolean movesCodes() {
                            return false;
                        }
                    };
                }
            };
        }

        /** b, its L2 loss to the fed targets and its Adam step at a fed rate, built into the graph. */
        private static final class Mean implements ModelGraph.Extension {
            private Operand<TFloat32> b;
            private Operand<TFloat32> loss;
            private Placeholder<TFloat32> rate;
            private Op step;

            @Override
            public Fit build(ModelGraph.Parts parts) {
                Ops tf = parts.tf();
                Weights w = parts.weights("mean");
                b = w.bias("b", parts.task().outputSize());
                Operand<TFloat32> y = tf.reshape(parts.graph().y(), tf.constant(new long[] {-1,
                        parts.task().outputSize()}));
                loss = tf.math.mean(tf.math.square(tf.math.sub(y, b)), tf.constant(new int[] {0, 1}));
                rate = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
                step = parts.adamStep("adam_mean", loss, w.variables(), rate, List.of());
                return ModelGraph.Extension.super.build(parts);
            }
        }
    }

    @Test
    void aTaskAndAMethodFromTestCodeShowInTheBenchTables(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("bench");
        CliTest.Outcome b = cgml("bench", "--task", "test-line", "--methods", "cgml,mean", "--seeds", "1,2", "--modes", "3",
                "--out", out.toString());
        assertEquals(0, b.code(), b.err());
        List<String> results = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(Bench.RESULTS_HEADER, results.get(0));
        for (String row : List.of("test-line,-,cgml,1,on_a_line,", "test-line,-,mean,2,on_a_line,",
                "test-line,-,mean,1,l1_best_of_k,", "test-line,-,cgml,2,diversity_l1,")) {
            assertTrue(results.stream().anyMatch(r -> r.startsWith(row)), row + " in " + results);
        }
        String summary = Files.readString(out.resolve("summary.csv"));
        assertTrue(summary.startsWith("task,setting,method,metric,mean,min,max,n,seeds\n"), summary);
        assertTrue(summary.contains("test-line,-,mean,on_a_line,"), summary);
        String md = Files.readString(out.resolve("summary.md"));
        assertTrue(md.contains("| metric | cgml | mean |"), md);
        // each cell: the mean over seeds, then each seed's own figure, seed 1 first
        double[] best = results.stream().filter(r -> r.startsWith("test-line,-,cgml,") && r.contains(",l1_best_of_k,"))
                .sorted().mapToDouble(r -> Double.parseDouble(r.split(",")[5])).toArray();
        assertEquals(2, best.length);
        String cell = best[0] == best[1] ? Bench.shown(best[0]) : Bench.shown((best[0] + best[1]) / 2) + " ("
                + Bench.shown(best[0]) + " / " + Bench.shown(best[1]) + ")";
        assertTrue(md.contains("| l1_best_of_k | " + cell + " |"), cell + " in " + md);
        for (String run : List.of("cgml/seed-1", "cgml/seed-2", "mean/seed-1", "mean/seed-2")) {
            for (String f : List.of("config.json", "metrics.csv", "loss.png", "checkpoints/latest", "figures.csv")) {
                assertTrue(Files.exists(out.resolve("default").resolve(run).resolve(f)), run + "/" + f);
            }
        }
        assertTrue(b.err().contains("[bench 4/4 test-line task defaults mean seed 2]"),
                "progress names the run: " + b.err());
        List<String> metrics = Files.readAllLines(out.resolve("default/mean/seed-1/metrics.csv"));
        assertEquals("iteration,cost,dynamics_loss,lipschitz,learning_rate,seconds,rms", metrics.get(0),
                "a method's own losses are metrics.csv columns");
        String[] row = metrics.get(1).split(",");
        assertEquals(Math.sqrt(Double.parseDouble(row[1])), Double.parseDouble(row[6]), 1e-4);
    }

    @Test
    void aSummaryCellShowsEachSeedsFigureUpToFiveSeeds() {
        assertEquals("2 (3 / 1)", Bench.cell(SeedSummary.of(Map.of(2L, 1.0, 1L, 3.0))), "seed order, not value order");
        assertEquals("0.25000", Bench.cell(SeedSummary.of(Map.of(1L, 0.25, 7L, 0.25))), "one figure when they agree");
        assertEquals("3 (1 / 2 / 3 / 4 / 5)", Bench.cell(SeedSummary.of(Map.of(1L, 1.0, 2L, 2.0, 3L, 3.0, 4L, 4.0,
                5L, 5.0))));
        assertEquals("3.5000 (1 to 6)", Bench.cell(SeedSummary.of(Map.of(1L, 1.0, 2L, 2.0, 3L, 3.0, 4L, 4.0, 5L, 5.0,
                6L, 6.0))), "over five seeds, min to max");
    }

    @Test
    void withInceptionWeightsPictureTasksGetFidAndKid(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("bench");
        CliTest.Outcome b = cgml("bench", "--task", "template", "--methods", "baseline", "--seeds", "1", "--modes", "2",
                "--count", "3", "--iterations", "4", "--curve-every", "-1", "--out", out.toString(),
                "--inception", EvalCommandTest.INCEPTION.toString());
        assertEquals(0, b.code(), b.err());
        List<String> results = Files.readAllLines(out.resolve("results.csv"));
        for (String metric : List.of("fid", "kid")) {
            String prefix = "template,-,baseline,1," + metric + ",";
            String row = results.stream().filter(r -> r.startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new AssertionError(prefix + " in " + results));
            assertTrue(Double.isFinite(Double.parseDouble(row.substring(prefix.length()))), row);
        }
        CliTest.assertUserError(cgml("bench", "--task", "template", "--methods", "baseline", "--seeds", "1", "--out",
                tmp.resolve("x").toString(), "--inception", tmp.resolve("absent.pth").toString()), "never downloaded");
    }

    @Test
    void anInterruptedBenchFinishesWithTheSameFigures(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("bench");
        String[] args = {"bench", "--task", "test-line", "--methods", "cgml,baseline", "--seeds", "3", "--modes", "2",
            "--out", out.toString()};
        CliTest.Outcome first = cgml(args);
        assertEquals(0, first.code(), first.err());
        String results = Files.readString(out.resolve("results.csv"));

        // as if killed after the cGML run's checkpoint at iteration 2 of 4: no later checkpoint, no figures
        Path cgmlRun = out.resolve("default/cgml/seed-3");
        Path checkpoints = cgmlRun.resolve("checkpoints");
        Files.delete(cgmlRun.resolve(Bench.FIGURES));
        try (var s = Files.walk(checkpoints.resolve("iteration-000000004"))) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        Files.writeString(checkpoints.resolve("latest"), "iteration-000000002\n");
        Files.delete(out.resolve("results.csv"));
        // and its convergence.csv cut inside the row of iteration 2 (a full disk)
        Path curve = cgmlRun.resolve(Convergence.FILE);
        String rows = Files.readString(curve);
        Files.writeString(curve, rows.substring(0, rows.indexOf("\n2,") + 5));

        CliTest.Outcome again = cgml(args);
        assertEquals(0, again.code(), again.err());
        assertTrue(again.err().contains("continuing from iteration 2"), again.err());
        var resumed = new com.fasterxml.jackson.databind.ObjectMapper().readTree(cgmlRun.resolve("config.json").toFile())
                .path("resumed");
        assertEquals(1, resumed.size(), "the continuing sitting's provenance is recorded");
        assertEquals(2, resumed.get(0).path("from_iteration").asLong());
        assertTrue(again.err().contains("reusing the finished run"), "the baseline run is not retrained: " + again.err());
        assertEquals(strip(results), strip(Files.readString(out.resolve("results.csv"))),
                "same figures, timing aside");

        CliTest.Outcome other = cgml("bench", "--task", "test-line", "--methods", "baseline", "--seeds", "3", "--iterations", "6",
                "--out", out.toString());
        assertEquals(2, other.code(), "a run trained with other settings is not silently reused");
        assertTrue(other.err().contains("choose another --out"), other.err());
        assertFalse(other.err().contains("\tat "), other.err());
    }

    /**
     * A finished run copied under another label (a setting that is the default: test-line's {@code cgml:inner_steps=2}
     * is its {@code cgml}) is reused, and its figures are this bench's column, not the label it was scored under.
     */
    @Test
    void aRunReusedUnderAnotherLabelIsThisBenchsColumn(@TempDir Path tmp) throws Exception {
        Path first = tmp.resolve("first");
        CliTest.Outcome a = cgml("bench", "--task", "test-line", "--methods", "cgml:inner_steps=2", "--seeds", "1",
                "--modes", "2", "--out", first.toString());
        assertEquals(0, a.code(), a.err());
        Path second = tmp.resolve("second");
        Path from = first.resolve("default/cgml:inner_steps=2/seed-1");
        Path to = second.resolve("default/cgml/seed-1");
        Files.createDirectories(to.getParent());
        Files.copy(first.resolve("bench.json"), Files.createDirectories(second).resolve("bench.json"));
        try (var files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(from.relativize(f).toString()));
            }
        }
        CliTest.Outcome b = cgml("bench", "--task", "test-line", "--methods", "cgml", "--seeds", "1", "--modes", "2",
                "--out", second.toString());
        assertEquals(0, b.code(), b.err());
        assertTrue(b.err().contains("reusing the finished run"), b.err());
        String results = Files.readString(second.resolve("results.csv"));
        assertFalse(results.contains("inner_steps"), results);
        assertTrue(results.contains("test-line,-,cgml,1,"), results);
        assertEquals(Files.readString(first.resolve("results.csv")).replace("cgml:inner_steps=2", "cgml"), results,
                "the same figures, under this bench's label");
    }

    /** An entry METHOD:KEY=VALUE is the method with its own settings, benched beside the plain one. */
    @Test
    void aMethodWithItsOwnSettingsIsItsOwnColumn(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("bench");
        CliTest.Outcome b = cgml("bench", "--task", "test-line", "--methods", "cgml,cgml:recipe=paper:inner_steps=2",
                "--seeds", "1", "--modes", "2", "--out", out.toString());
        assertEquals(0, b.code(), b.err());
        assertTrue(Files.readString(out.resolve("summary.md")).contains("| metric | cgml | cgml:recipe=paper:inner_steps=2 |"));
        String variant = Files.readString(out.resolve("default/cgml:recipe=paper:inner_steps=2/seed-1/config.json"));
        assertTrue(variant.matches("(?s).*\"inner_steps\" : \\{\\s*\"value\" : 2,\\s*\"origin\" : \"user\".*"), variant);
        assertTrue(variant.matches("(?s).*\"dynamics_fit\" : \\{\\s*\"value\" : \"step\".*"), variant);
        String plain = Files.readString(out.resolve("default/cgml/seed-1/config.json"));
        assertTrue(plain.matches("(?s).*\"dynamics_fit\" : \\{\\s*\"value\" : \"flow\".*"), plain);

        CliTest.Outcome bad = cgml("bench", "--task", "test-line", "--methods", "cgml:inner_steps", "--seeds", "1",
                "--out", tmp.resolve("bad").toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("METHOD:KEY=VALUE"), bad.err());
    }

    /**
     * A method's own setting (conditional IMLE's imle_samples, declared by the method, not by cgml-api) is set by an
     * entry METHOD:KEY=VALUE as the engine's are, and config.json records it with its origin.
     */
    @Test
    void aMethodsOwnSettingIsSetByItsEntry(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("bench");
        CliTest.Outcome b = cgml("bench", "--task", "test-line", "--methods", "cimle,cimle:imle_samples=3",
                "--iterations", "4", "--seeds", "1", "--modes", "2", "--out", out.toString());
        assertEquals(0, b.code(), b.err());
        String variant = Files.readString(out.resolve("default/cimle:imle_samples=3/seed-1/config.json"));
        assertTrue(variant.matches("(?s).*\"imle_samples\" : \\{\\s*\"value\" : 3,\\s*\"origin\" : \"user\".*"),
                variant);
        String plain = Files.readString(out.resolve("default/cimle/seed-1/config.json"));
        assertTrue(plain.matches("(?s).*\"imle_samples\" : \\{\\s*\"value\" : 10,\\s*\"origin\" : \"default\".*"),
                plain);
        assertFalse(plain.contains("kl_weight"), "the cVAE's setting is not conditional IMLE's");

        CliTest.Outcome typo = cgml("bench", "--task", "test-line", "--methods", "cimle:imle_sample=3", "--seeds", "1",
                "--out", tmp.resolve("typo").toString());
        assertEquals(2, typo.code());
        assertTrue(typo.err().contains("imle_samples"), "the valid keys are listed: " + typo.err());
    }

    /**
     * A finished run benched again under other settings that only sampling reads (cGML's pool, support and first
     * sample) is scored under them, not trained again nor refused; its config.json records them, its training's
     * provenance kept; a setting that shapes the training still refuses it.
     */
    @Test
    void aRunIsScoredAgainUnderOtherSamplingSettings(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("bench");
        List<String> bench = List.of("bench", "--task", "test-line", "--methods", "cgml", "--iterations", "4",
                "--seeds", "1", "--modes", "2", "--out", out.toString());
        CliTest.Outcome first = cgml(bench.toArray(String[]::new));
        assertEquals(0, first.code(), first.err());
        Path config = out.resolve("default/cgml/seed-1/config.json");
        String trained = Files.readString(config).replaceFirst(
                "(?s),\\s*\"sampling_support\" : \\{[^}]*\\}", ""); // as a run written before the setting
        assertFalse(trained.contains("sampling_support"), trained);
        Files.writeString(config, trained);
        List<String> pooled = new java.util.ArrayList<>(bench);
        pooled.addAll(List.of("--config", "sampling_pool=1", "--config", "sampling_first=drawn"));
        CliTest.Outcome again = cgml(pooled.toArray(String[]::new));
        assertEquals(0, again.code(), again.err());
        assertTrue(again.err().contains("sampling_pool 3 -> 1, sampling_first central -> drawn"), again.err());
        assertFalse(again.err().contains("iteration 1/"), "not trained again: " + again.err());
        String rescored = Files.readString(config);
        assertTrue(rescored.matches("(?s).*\"sampling_pool\" : \\{\\s*\"value\" : 1,\\s*\"origin\" : \"user\".*"),
                rescored);
        assertTrue(rescored.matches("(?s).*\"sampling_support\" : \\{\\s*\"value\" : 3.0,\\s*\"origin\" : \"default\".*"),
                "every sampling setting recorded, the unchanged too: " + rescored);
        assertEquals(trained.substring(trained.indexOf("\"provenance\"")),
                rescored.substring(rescored.indexOf("\"provenance\"")));
        assertNotEquals(Files.readString(out.resolve("results.csv")).lines().filter(l -> l.contains("diversity"))
                .toList(), first.out().lines().filter(l -> l.contains("diversity")).toList(),
                "all K drawn, none kept apart: the diversity differs");
        CliTest.Outcome same = cgml(pooled.toArray(String[]::new));
        assertTrue(same.err().contains("reusing the finished run"), same.err());

        List<String> other = new java.util.ArrayList<>(bench);
        other.addAll(List.of("--config", "beta=0.5"));
        CliTest.assertUserError(cgml(other.toArray(String[]::new)), "trained otherwise than this bench asks for: beta ");
    }

    /**
     * A bench of two methods draws their front (each method's best of K against its diversity, labelled with its
     * price) beside the convergence picture; a bench of one method draws none.
     */
    @Test
    void twoMethodsGetAFrontAndOneMethodNone(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("bench");
        CliTest.Outcome b = cgml("bench", "--task", "test-line", "--methods", "mean,baseline", "--seeds", "1,2",
                "--modes", "2", "--curve-every", "-1", "--out", out.toString());
        assertEquals(0, b.code(), b.err());
        Path png = out.resolve("default/front.png");
        assertTrue(Files.isRegularFile(png) && Files.size(png) > 0, b.err());
        assertEquals(600, javax.imageio.ImageIO.read(png.toFile()).getWidth(), "one panel: the L1 error");
        String svg = Files.readString(out.resolve("default/front.svg"));
        for (String method : List.of("mean", "baseline")) {
            String passes = Files.readAllLines(out.resolve("results.csv")).stream()
                    .filter(r -> r.startsWith("test-line,-," + method + ",1,generator_passes_per_sample,"))
                    .map(r -> org.cgml.eval.Figures.tick(Double.parseDouble(r.substring(r.lastIndexOf(',') + 1))))
                    .findFirst().orElseThrow();
            assertTrue(svg.contains(method + ", " + passes + " pass"), method + "'s price in the front: " + svg);
        }
        assertTrue(svg.contains("L1 error, lower is better"), "the axis says which way is better");
        assertTrue(b.err().contains("front of the task defaults in " + png), b.err());

        Path one = tmp.resolve("one");
        meanBench(one, "--seeds", "1");
        assertTrue(Files.isDirectory(one.resolve("default")));
        assertFalse(Files.exists(one.resolve("default/front.png")), "no front of one method");
    }

    /** A front's file is named after its view and T as the sample grids are. */
    @Test
    void aFrontIsNamedAfterItsViewAndT() {
        assertEquals("front", Bench.frontStem(""));
        assertEquals("front-random25", Bench.frontStem(";view=random25"));
        assertEquals("front-random25-T20-norho", Bench.frontStem(";view=random25;T=20;rho=no"));
        assertEquals("front-T0", Bench.frontStem(";T=0"));
    }

    /** A bench of the mean method on test-line into {@code out}, with more arguments; it must succeed. */
    private static CliTest.Outcome meanBench(Path out, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("bench", "--task", "test-line", "--methods", "mean",
                "--modes", "2", "--out", out.toString()));
        args.addAll(List.of(more));
        CliTest.Outcome b = cgml(args.toArray(String[]::new));
        assertEquals(0, b.code(), b.err());
        return b;
    }

    /** A run's figures.csv damaged three ways is scored again; no summary figure is over fewer seeds than asked for. */
    @Test
    void aDamagedFiguresFileIsScoredAgainNotCountedShort(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("bench");
        meanBench(out, "--seeds", "1,2,3");
        String results = Files.readString(out.resolve("results.csv"));
        Path seed1 = out.resolve("default/mean/seed-1/figures.csv");
        Path seed2 = out.resolve("default/mean/seed-2/figures.csv");
        Path seed3 = out.resolve("default/mean/seed-3/figures.csv");
        Files.writeString(seed1, Files.readString(seed1).replaceFirst("(on_a_line,)[^\n]*", "$1abc"));
        List<String> two = Files.readAllLines(seed2);
        Files.write(seed2, two.subList(0, two.size() - 3)); // cut after a whole line: a run with fewer figures
        String three = Files.readString(seed3);
        Files.writeString(seed3, three.substring(0, three.indexOf("on_a_line") + 12)); // cut mid-line
        Path curve = out.resolve("default/mean/seed-1").resolve(Convergence.FILE);
        Files.writeString(curve, Files.readString(curve).replaceFirst("\n0,([^\n]*),[^,\n]*\n", "\n0,$1,abc\n"));
        assertTrue(Files.readString(curve).contains(",abc\n"), Files.readString(curve));
        Files.deleteIfExists(out.resolve(Bench.MARKER)); // as a bench folder written before folders were marked

        CliTest.Outcome again = meanBench(out, "--seeds", "1,2,3");
        assertFalse(again.err().contains("For input string"), again.err());
        assertEquals(3, again.err().split("scoring the run again", -1).length - 1, again.err());
        assertTrue(again.err().contains("'abc' is not a number"), again.err());
        assertTrue(again.err().contains("the convergence of - mean seed 1 is left out"), again.err());
        assertEquals(strip(results), strip(Files.readString(out.resolve("results.csv"))), "the same figures");
        List<List<String>> summary = org.cgml.nn.run.Csv.parse(Files.readString(out.resolve("summary.csv")), "summary");
        assertEquals(Bench.SUMMARY_HEADER, summary.get(0));
        for (List<String> row : summary.subList(1, summary.size())) {
            assertEquals(List.of("3", "1 2 3"), row.subList(7, 9), "every figure over the three seeds: " + row);
        }
        assertTrue(Files.readString(out.resolve(Bench.MARKER)).contains("cgml bench"), "the earlier bench is marked");
    }

    /** A run rescored after its metrics.csv lost its last row reports no training speed rather than failing. */
    @Test
    void aRunWithoutItsLastMetricsRowIsScoredWithoutItsSpeed(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("bench");
        meanBench(out, "--seeds", "1");
        Path metrics = out.resolve("default/mean/seed-1/metrics.csv");
        String rows = Files.readString(metrics);
        Files.writeString(metrics, rows.substring(0, rows.lastIndexOf("\n4,") + 4)); // cut inside the last row
        CliTest.Outcome again = meanBench(out, "--seeds", "1", "--modes", "3"); // other K: the run is scored again
        assertTrue(again.err().contains("no training time"), again.err());
        String summary = Files.readString(out.resolve("summary.csv"));
        assertFalse(summary.contains("train_s_per_iteration"), summary);
        assertTrue(summary.contains("test-line,-,mean,parameters,1,1,1,1,1\n"), summary);
    }

    /** A run whose figures are not finite is named and left out; no NaN reaches summary.md. */
    @Test
    void aNonFiniteRunIsLeftOutAndNamed(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("bench");
        meanBench(out, "--seeds", "1,2");
        Path seed2 = out.resolve("default/mean/seed-2/figures.csv");
        Files.writeString(seed2, Files.readString(seed2).replaceFirst("(on_a_line,)[^\n]*", "$1NaN"));
        CliTest.Outcome again = meanBench(out, "--seeds", "1,2");
        assertTrue(again.err().contains("left out"), again.err());
        String md = Files.readString(out.resolve("summary.md"));
        assertFalse(md.contains("NaN"), md);
        assertTrue(md.contains("Seeds counted 1 (asked for 1, 2)"), md);
        assertTrue(md.contains("- -, mean, seed 2: non-finite figures (on_a_line: not a number)"), md);
        assertFalse(again.out().contains(",mean,2,"), "no row of the run left out: " + again.out());
        assertFalse(Files.readString(out.resolve("results.csv")).contains(",mean,2,"));
        for (String row : Files.readAllLines(out.resolve("summary.csv")).subList(1, 2)) {
            assertTrue(row.endsWith(",1,1"), "counted over seed 1 only: " + row);
        }
    }

    /** summary.csv and results.csv hold every number exactly: the mean is the mean of the results, whole numbers whole. */
    @Test
    void everyNumberOfTheTablesReadsBackExactly(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("bench");
        CliTest.Outcome b = CliTest.cgml(List.of(new LineTask.Provider()), List.of(new MeanMethod(100613)), "bench",
                "--task", "test-line", "--methods", "mean", "--seeds", "1,2", "--modes", "2", "--out", out.toString());
        assertEquals(0, b.code(), b.err());
        List<List<String>> results = org.cgml.nn.run.Csv.parse(Files.readString(out.resolve("results.csv")), "r");
        List<List<String>> summary = org.cgml.nn.run.Csv.parse(Files.readString(out.resolve("summary.csv")), "s");
        int checked = 0;
        for (List<String> s : summary.subList(1, summary.size())) {
            double[] v = results.stream().filter(r -> r.get(1).equals(s.get(1)) && r.get(2).equals(s.get(2))
                    && r.get(4).equals(s.get(3))).mapToDouble(r -> Double.parseDouble(r.get(5))).toArray();
            assertEquals(2, v.length, s.toString());
            assertEquals(java.util.Arrays.stream(v).sum() / 2, Double.parseDouble(s.get(4)), 0.0, s.toString());
            assertEquals(Math.min(v[0], v[1]), Double.parseDouble(s.get(5)), 0.0, s.toString());
            assertEquals(Math.max(v[0], v[1]), Double.parseDouble(s.get(6)), 0.0, s.toString());
            checked++;
        }
        assertTrue(checked >= 8, "every figure checked: " + summary);
        assertTrue(summary.contains(List.of("test-line", "-", "mean", "parameters", "100613", "100613", "100613", "2",
                "1 2")), "a count as an integer: " + Files.readString(out.resolve("summary.csv")));
        assertTrue(Files.readString(out.resolve("summary.md")).contains("| parameters | 100613 |"));
    }

    /** A run trained past the bench's budget is never reused as if trained to it; a resume may not lower the budget. */
    @Test
    void aRunTrainedOtherwiseThanItsBudgetIsNotReused(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("bench");
        meanBench(out, "--seeds", "1");
        Path run = out.resolve("default/mean/seed-1");
        String config = Files.readString(run.resolve("config.json"));
        CliTest.assertUserError(cgml("train", "--out", run.toString(), "--resume", "--iterations", "2"),
                "trained to iteration 4; --resume may not lower --iterations");
        assertEquals(config, Files.readString(run.resolve("config.json")), "config.json untouched");
        // as an earlier cgml left it: config.json rewritten to 2 iterations over weights trained to 4
        Files.writeString(run.resolve("config.json"), config.replaceFirst(
                "(\"iterations\" : \\{\\s*\"value\" : )4", "$12"));
        CliTest.assertUserError(cgml("bench", "--task", "test-line", "--methods", "mean", "--seeds", "1",
                "--iterations", "2", "--modes", "2", "--out", out.toString()), "was trained to iteration 4");

        // figures of a shorter training are not those of the run resumed past it
        Path other = tmp.resolve("other");
        meanBench(other, "--seeds", "1", "--iterations", "2");
        Path short2 = other.resolve("default/mean/seed-1");
        assertEquals(0, cgml("train", "--out", short2.toString(), "--resume", "--iterations", "4").code());
        CliTest.Outcome longer = meanBench(other, "--seeds", "1", "--iterations", "4");
        assertFalse(longer.err().contains("reusing"), longer.err());
        assertTrue(Files.readString(short2.resolve(Bench.FIGURES)).startsWith("# modes=2 count=200 sampling_steps=[20] "
                + "updates=[MOMENTUM] trained_to=4\n"), Files.readString(short2.resolve(Bench.FIGURES)));
    }

    /** Edits to what a run records of its training make the bench refuse it, naming what differs. */
    @Test
    void editsToARunsRecordedTrainingAreNoticed(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("bench");
        meanBench(out, "--seeds", "1");
        Path file = out.resolve("default/mean/seed-1/config.json");
        String config = Files.readString(file);
        Map<String, String[]> edits = new java.util.LinkedHashMap<>();
        edits.put("method", new String[] {"\"method\" : \"mean\"", "\"method\" : \"baseline\""});
        edits.put("seed", new String[] {"\"seed\" : 1,", "\"seed\" : 7,"});
        edits.put("cost", new String[] {"\"cost\" : \"", "\"cost\" : \"l2 "});
        edits.put("task", new String[] {"\"task\" : \"test-line\"", "\"task\" : \"toy\""});
        for (Map.Entry<String, String[]> e : edits.entrySet()) {
            assertTrue(config.contains(e.getValue()[0]), e.getKey() + " in " + config);
            Files.writeString(file, config.replaceFirst(java.util.regex.Pattern.quote(e.getValue()[0]),
                    java.util.regex.Matcher.quoteReplacement(e.getValue()[1])));
            CliTest.Outcome b = cgml("bench", "--task", "test-line", "--methods", "mean", "--seeds", "1", "--modes", "2",
                    "--out", out.toString());
            CliTest.assertUserError(b, "trained otherwise than this bench asks for: " + e.getKey() + " ");
        }
        Files.writeString(file, config);
        assertTrue(meanBench(out, "--seeds", "1").err().contains("reusing the finished run"));
    }

    /** A folder the bench did not write is not written into; a seed or method given twice is refused. */
    @Test
    void aForeignFolderAndRepeatedSeedsAreRefused(@TempDir Path tmp) throws Exception {
        Path mine = Files.createDirectory(tmp.resolve("mine"));
        Files.writeString(mine.resolve("results.csv"), "my,own\n1,2\n");
        CliTest.assertUserError(cgml("bench", "--task", "test-line", "--methods", "mean", "--seeds", "1", "--out",
                mine.toString()), "is not empty and is not a cgml bench folder");
        assertEquals("my,own\n1,2\n", Files.readString(mine.resolve("results.csv")));
        try (var files = Files.list(mine)) {
            assertEquals(1, files.count(), "nothing added");
        }
        Path marked = Files.createDirectory(tmp.resolve("marked"));
        Files.writeString(marked.resolve(Bench.MARKER), "{\"mine\": true}\n");
        CliTest.assertUserError(cgml("bench", "--task", "test-line", "--methods", "mean", "--seeds", "1", "--out",
                marked.toString()), "that cgml bench did not write");

        Path out = tmp.resolve("bench");
        CliTest.assertUserError(cgml("bench", "--task", "test-line", "--methods", "mean", "--seeds", "1,1", "--out",
                out.toString()), "--seeds names 1 twice");
        CliTest.assertUserError(cgml("bench", "--task", "test-line", "--methods", "mean,cgml,mean", "--seeds", "1",
                "--out", out.toString()), "--methods names mean twice");
        CliTest.assertUserError(cgml("bench", "--task", "test-line", "--methods", "mean", "--seeds", "1", "--modes",
                "2000000000", "--out", out.toString()), "--modes 2000000000 x");
        assertFalse(Files.exists(out));
    }

    /** Task options are typed in config.json; a run folder whose options are text (as earlier ones) is still read. */
    @Test
    void taskOptionsAreTypedAndOldTextOptionsStillRead(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("bench");
        meanBench(out, "--seeds", "1", "--set", "slope=0.5");
        Path file = out.resolve("setting/mean/seed-1/config.json".replace("setting", "default"));
        com.fasterxml.jackson.databind.JsonNode value = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(file.toFile()).path("task_options").path("slope").path("value");
        assertTrue(value.isNumber() && value.doubleValue() == 0.5, "a number: " + value);
        String config = Files.readString(file);
        Files.writeString(file, config.replaceFirst("(\"slope\" : \\{\\s*\"value\" : )0.5", "$1\"0.50\""));
        assertTrue(Files.readString(file).contains("\"0.50\""), "an old-style config");
        assertTrue(meanBench(out, "--seeds", "1", "--set", "slope=0.5").err().contains("reusing the finished run"));
        CliTest.assertUserError(cgml("bench", "--task", "test-line", "--methods", "mean", "--seeds", "1", "--modes",
                "2", "--set", "slope=0.6", "--out", out.toString()), "slope 0.50 (this bench: 0.6)");
        Path csv = tmp.resolve("s.csv");
        CliTest.Outcome sample = cgml("sample", "--run", file.getParent().toString(), "--modes", "2", "--csv",
                csv.toString());
        assertEquals(0, sample.code(), sample.err());
    }

    /** The rows without the timing figures (wall-clock differs between runs). */
    private static List<String> strip(String csv) {
        return csv.lines().filter(l -> !l.contains("_per_s") && !l.contains("_s_per_") && !l.contains("inference_s")).toList();
    }
}
