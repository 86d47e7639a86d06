package org.cgml.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.cgml.nn.LatentUpdate;
import org.cgml.nn.Method;
import org.cgml.nn.MethodModel;
import org.cgml.nn.Sampler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The generic bench: a task and a method that exist only in this test show up in its tables beside the installed
 * ones, and a bench interrupted mid-run finishes with the same figures when run again.
 */
class BenchTest {

    static CliTest.Outcome cgml(String... args) {
        return CliTest.cgml(List.of(new LineTask.Provider()), List.of(new MeanMethod()), args);
    }

    /** y = +x or -x at random for x in [-1, 1]; its own figure: the share of samples within 0.1 of a branch. */
    static final class LineTask implements Task {
        @Override
        public String name() {
            return "test-line";
        }

        @Override
        public TaskData data(long seed) {
            return new TaskData(lines(64, seed), lines(16, seed + 100));
        }

        private static Dataset lines(int n, long seed) {
            return new Dataset() {
                @Override
                public int size() {
                    return n;
                }

                @Override
                public void example(int index, long s, float[] in, int io, float[] target, int to) {
                    java.util.SplittableRandom r = new java.util.SplittableRandom(seed * 1000 + index);
                    in[io] = (float) (r.nextDouble() * 2 - 1);
                    target[to] = r.nextBoolean() ? in[io] : -in[io];
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
            b.setIterations(4).optBatchSize(8).optInnerSteps(2).optThreads(1).optCheckpointEvery(2);
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
                            hits += Math.abs(Math.abs(y) - Math.abs(s.inputs()[i])) <= 0.1 ? 1 : 0;
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

    /** A method of its own: one trained constant output b (gradient descent on L2), whatever the input. */
    static final class MeanMethod implements Method {
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
            Graph g = new Graph();
            Ops tf = Ops.create(g);
            int out = task.outputSize();
            Variable<TFloat32> b = tf.withName("b").variable(tf.fill(tf.constant(new long[] {out}), tf.constant(0.5f)));
            Placeholder<TFloat32> y = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, out)));
            Operand<TFloat32> loss = tf.math.mean(tf.math.square(tf.math.sub(y, b)), tf.constant(new int[] {0, 1}));
            Operand<TFloat32> grad = tf.gradients(loss, List.of(b)).dy(0);
            var train = tf.train.applyGradientDescent(b, tf.constant(config.learningRate() * 1000), grad);
            Session session = new Session(g);
            session.initialize();
            return new MethodModel() {
                @Override
                public Losses trainStep(TFloat32 x, TFloat32 yb, long iteration) {
                    try (TFloat32 y2 = reshape(yb, out);
                         Result r = session.runner().feed(y, y2).addTarget(train).fetch(loss).run()) {
                        float l = ((TFloat32) r.get(0)).getFloat();
                        return new Losses(l, 0, 0, config.learningRate(), Map.of("rms", (float) Math.sqrt(l)));
                    }
                }

                @Override
                public List<String> extraLosses() {
                    return List.of("rms");
                }

                @Override
                public long parameters() {
                    return out;
                }

                @Override
                public Session session() {
                    return session;
                }

                @Override
                public Map<String, float[]> variableValues() {
                    return Map.of("b", value());
                }

                private float[] value() {
                    try (Result r = session.runner().fetch(b).run()) {
                        TFloat32 t = (TFloat32) r.get(0);
                        float[] v = new float[out];
                        for (int i = 0; i < out; i++) {
                            v[i] = t.getFloat(i);
                        }
                        return v;
                    }
                }

                @Override
                public Sampler sampler() {
                    float[] v = value();
                    return new Sampler() {
                        @Override
                        public float[] sample(float[] inputs, int count, int modes, int steps, LatentUpdate u, long s) {
                            float[] o = new float[count * modes * out];
                            for (int i = 0; i < o.length; i++) {
                                o[i] = v[i % out];
                            }
                            return o;
                        }

                        @Override
                        public boolean movesCodes() {
                            return false;
                        }
                    };
                }

                @Override
                public void export(Path dir, int samplingSteps) {
                    // nothing to serve: a constant
                }

                @Override
                public void close() {
                    session.close();
                    g.close();
                }
            };
        }

        private static TFloat32 reshape(TFloat32 y, int out) {
            float[] v = new float[(int) y.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = y.getFloat(i / out, i % out);
            }
            return TFloat32.tensorOf(Shape.of(v.length / out, out), d -> {
                for (int i = 0; i < v.length; i++) {
                    d.setFloat(v[i], i / out, i % out);
                }
            });
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
        assertTrue(summary.startsWith("task,setting,method,metric,mean,min,max,seeds\n"), summary);
        assertTrue(summary.contains("test-line,-,mean,on_a_line,"), summary);
        String md = Files.readString(out.resolve("summary.md"));
        assertTrue(md.contains("| metric | cgml | mean |"), md);
        for (String run : List.of("cgml/seed-1", "cgml/seed-2", "mean/seed-1", "mean/seed-2")) {
            for (String f : List.of("config.json", "metrics.csv", "loss.png", "checkpoints/latest", "figures.csv")) {
                assertTrue(Files.exists(out.resolve("default").resolve(run).resolve(f)), run + "/" + f);
            }
        }
        assertTrue(b.err().contains("[bench 4/4 test-line - mean seed 2]"), "progress names the run: " + b.err());
        List<String> metrics = Files.readAllLines(out.resolve("default/mean/seed-1/metrics.csv"));
        assertEquals("iteration,cost,dynamics_loss,lipschitz,learning_rate,seconds,rms", metrics.get(0),
                "a method's own losses are metrics.csv columns");
        String[] row = metrics.get(1).split(",");
        assertEquals(Math.sqrt(Double.parseDouble(row[1])), Double.parseDouble(row[6]), 1e-4);
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
        try (var s = Files.walk(checkpoints.resolve("step-000000004"))) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        Files.writeString(checkpoints.resolve("latest"), "step-000000002\n");
        Files.delete(out.resolve("results.csv"));

        CliTest.Outcome again = cgml(args);
        assertEquals(0, again.code(), again.err());
        assertTrue(again.err().contains("continuing from iteration 2"), again.err());
        assertTrue(again.err().contains("reusing the finished run"), "the baseline run is not retrained: " + again.err());
        assertEquals(strip(results), strip(Files.readString(out.resolve("results.csv"))),
                "same figures, timing aside");

        CliTest.Outcome other = cgml("bench", "--task", "test-line", "--methods", "baseline", "--seeds", "3", "--iterations", "6",
                "--out", out.toString());
        assertEquals(2, other.code(), "a run trained with other settings is not silently reused");
        assertTrue(other.err().contains("choose another --out"), other.err());
        assertFalse(other.err().contains("\tat "), other.err());
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

    /** The rows without the timing figures (wall-clock differs between runs). */
    private static List<String> strip(String csv) {
        return csv.lines().filter(l -> !l.contains("_per_s") && !l.contains("_s_per_") && !l.contains("inference_s")).toList();
    }
}
