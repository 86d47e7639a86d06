package org.cgml.example;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cgml.api.Task;
import org.cgml.api.TaskProvider;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.Checkpoints;
import org.cgml.nn.Method;
import org.cgml.nn.MethodModel;
import org.cgml.nn.Trainer;
import org.cgml.nn.evaluation.Evaluator;
import org.cgml.nn.evaluation.Score;
import org.cgml.nn.plugin.Registry;
import org.cgml.nn.toy.ToyTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example method and task, found as plugins, trained, scored and resumed as the built-in ones are. */
class MultipleChoiceTest {
    private static final Registry REGISTRY = Registry.installed();

    /** The config of {@code method} on {@code task} for {@code iterations}, with its own settings {@code set}. */
    private static TrainingConfig config(Task task, String method, long iterations,
                                         java.util.function.UnaryOperator<TrainingConfig.Builder> set) {
        return set.apply(TrainingConfig.forTask(task).set(TrainingConfig.METHOD, method)
                .set(TrainingConfig.ITERATIONS, iterations).set(TrainingConfig.CHECKPOINT_EVERY, 0)).build();
    }

    /** The figures without a reference, by metric, of {@code model} on K = {@code modes} samples of 128 inputs. */
    private static Map<String, Double> figures(MethodModel model, Task task, int modes) throws Exception {
        Map<String, Double> out = new TreeMap<>();
        for (Score s : new Evaluator(modes, 128, 0).evaluate(model, task, task.testData(1), 1, null)) {
            if (s.reference() == null) {
                out.put(s.metric(), s.value());
            }
        }
        return out;
    }

    /** Trains {@code config}'s method on {@code task}; returns its figures before and after. */
    private static List<Map<String, Double>> trained(Task task, TrainingConfig config, int modes) throws Exception {
        Method method = REGISTRY.method(config.get(TrainingConfig.METHOD));
        try (Trainer t = new Trainer(method, task, task.data(config.get(TrainingConfig.SEED)), config)) {
            Map<String, Double> before = figures(t.model(), task, modes);
            t.fit(null, List.of());
            return List.of(before, figures(t.model(), task, modes));
        }
    }

    @Test
    void theMethodAndTheTaskAreFoundThroughThePluginModule() {
        assertInstanceOf(Levels.class, REGISTRY.task(Levels.NAME));
        assertInstanceOf(MultipleChoice.class, REGISTRY.method("multiple-choice"));
        assertTrue(REGISTRY.providers().containsKey("toy") && REGISTRY.methods().containsKey("baseline"),
                "beside the built-in plugins: " + REGISTRY.providers().keySet());
        assertFalse(TaskProvider.installed().stream().anyMatch(p -> p.name().equals(Levels.NAME)),
                "the task comes through the Guice module, not as a TaskProvider service");
        assertTrue(Method.settings(REGISTRY.methods().values()).contains(MultipleChoice.CHOICES),
                "its setting is known to config.json and the command line");
    }

    @Test
    void itsFiguresAreTheTasksOwn() {
        Levels task = new Levels();
        Task wide = task.withOptions(Map.of("gap", "2"));
        // two inputs' worth of K = 3 samples: at the three levels of x, then at one level and two misses
        float[] y = {0.25f - 1, 0.25f, 0.25f + 1, 0.25f, 5, 0.25f + 0.5f};
        Map<String, Double> figures = new TreeMap<>();
        var test = task.data(1).test();
        for (Task t : List.of(task, wide)) {
            var view = new org.cgml.api.Evaluation.View("", t, test);
            t.evaluation().score(new org.cgml.api.Evaluation.Samples(view, 1, 2, 3, new float[] {0.5f, 0.5f}, null, y,
                    null, null), new org.cgml.api.Evaluation.Figures() {
                        @Override
                        public void add(String metric, double value) {
                            figures.put(t == task ? metric : "wide_" + metric, value);
                        }

                        @Override
                        public void reference(String reference, String metric, double value) {
                        }
                    });
        }
        assertEquals(4 / 6.0, figures.get("on_level"), 1e-12);
        assertEquals((3 + 1) / 6.0, figures.get("levels_reached"), 1e-12);
        assertEquals(2 / 6.0, figures.get("wide_on_level"), 1e-12, "the gap option moves the levels");
        assertThrows(IllegalArgumentException.class, () -> task.withOptions(Map.of("gap", "0")));
    }

    @Test
    void onItsTaskItReachesTheLevelsTheBaselineMisses() throws Exception {
        Levels task = new Levels();
        Map<String, Double> choice = trained(task, config(task, "multiple-choice", 1500,
                b -> b.set(MultipleChoice.CHOICES, 3)), 3).get(1);
        Map<String, Double> baseline = trained(task, config(task, "baseline", 1500, b -> b), 3).get(1);
        assertTrue(baseline.get("levels_reached") <= 1 / 3.0 + 1e-9, "one output per input: " + baseline);
        assertTrue(choice.get("levels_reached") > 0.6, "three codes, three levels: " + choice);
        assertTrue(choice.get("on_level") > baseline.get("on_level"), choice + " against " + baseline);
    }

    @Test
    void itTrainsOnTheToyTask() throws Exception {
        ToyTask task = new ToyTask();
        List<Map<String, Double>> f = trained(task, config(task, "multiple-choice", 400,
                b -> b.set(TrainingConfig.ITERATIONS, 400L)), 2);
        assertTrue(f.get(1).get("l1_best_of_k") < 0.5 * f.get(0).get("l1_best_of_k"), "best of the two codes: " + f);
        assertTrue(f.get(1).get("on_branch") > f.get(0).get("on_branch"), f.toString());
    }

    @Test
    void moreChoicesThanTheSphereHasAxesAreRefused() {
        ToyTask task = new ToyTask();
        TrainingConfig config = config(task, "multiple-choice", 10, b -> b.set(MultipleChoice.CHOICES, 5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(new MultipleChoice(), task, task.data(1), config));
        assertTrue(e.getMessage().contains("2n = 4"), e.getMessage());
    }

    /** Training 2N iterations equals N, a checkpoint, a restore into a new trainer and N more, bit for bit. */
    @Test
    void aResumedRunEqualsTheUninterruptedOneBitForBit(@TempDir Path dir) throws Exception {
        int n = 40;
        Levels task = new Levels();
        TrainingConfig config = config(task, "multiple-choice", 2L * n, b -> b.set(MultipleChoice.CHOICES, 3)
                .set(TrainingConfig.CHECKPOINT_EVERY, n));
        Checkpoints checkpoints = new Checkpoints(dir, 3, w -> { });
        Map<String, float[]> straight;
        try (Trainer t = new Trainer(new MultipleChoice(), task, task.data(1), config)) {
            t.fit(checkpoints, List.of());
            straight = t.model().variableValues();
        }
        // as if the process had been killed after the checkpoint of iteration N: only that checkpoint is left
        Path last = checkpoints.latest().orElseThrow();
        List<Path> steps = new ArrayList<>();
        try (var s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().startsWith("iteration-")).sorted().forEach(steps::add);
        }
        assertEquals(2, steps.size(), steps.toString());
        assertEquals(last, steps.get(1));
        try (var s = Files.walk(last)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        Files.writeString(dir.resolve("latest"), steps.get(0).getFileName() + "\n");
        Map<String, float[]> resumed;
        try (Trainer t = new Trainer(new MultipleChoice(), task, task.data(1), config)) {
            assertEquals(n, checkpoints.restore(t));
            t.fit(null, List.of());
            resumed = t.model().variableValues();
        }
        assertEquals(straight.keySet(), resumed.keySet());
        assertTrue(straight.keySet().stream().anyMatch(k -> k.contains("-m")), "Adam's slots compared: " + straight.keySet());
        for (String k : straight.keySet()) {
            assertArrayEquals(straight.get(k), resumed.get(k), 0f, k);
        }
    }
}
