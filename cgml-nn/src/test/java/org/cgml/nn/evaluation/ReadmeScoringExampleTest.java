package org.cgml.nn.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cgml.api.Evaluation;
import org.cgml.api.TrainingConfig;
import org.cgml.eval.StandardFigures;
import org.cgml.nn.LatentUpdate;
import org.cgml.nn.Method;
import org.cgml.nn.Trainer;
import org.cgml.nn.plugin.Registry;
import org.cgml.nn.run.Run;
import org.cgml.nn.toy.ToyTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "score a trained run from Java" example, as written there, on a short toy run. */
class ReadmeScoringExampleTest {
    @Test
    void theReadmeExampleScoresATrainedRun(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("toy-java");
        ToyTask toy = new ToyTask();
        TrainingConfig trained = TrainingConfig.forTask(toy).set(TrainingConfig.ITERATIONS, 20L).set(TrainingConfig.SEED, 1L).build();
        Method cgml = Method.named(trained.get(TrainingConfig.METHOD), Method.installed());
        Run.create(dir).writeConfig(toy, trained, cgml, Map.of(), "a test");
        try (Trainer trainer = new Trainer(cgml, toy, toy.data(trained.get(TrainingConfig.SEED)), trained)) {
            Run.open(dir).train(trainer, false, List.of());
        }
        List<String> printed = new ArrayList<>();
        List<Score> scores;
        // --- README example starts
        Registry registry = Registry.installed();                               // every plugin's tasks and methods
        try (TrainedRun run = TrainedRun.open(dir, registry)) {                  // task, config, sampling model
            int t = run.config().get(TrainingConfig.SAMPLING_STEPS);                 // the run's sampling steps T
            Evaluator evaluator = new Evaluator(8, 64, t);                          // K = 8 modes, 64 inputs
            scores = evaluator.evaluate(run);
            for (Score s : scores) {
                printed.add(s.metric() + " = " + s.value());                     // best-of-K, the task's figures, ...
            }
        }
        // --- README example ends
        assertEquals(scores.size(), printed.size());
        Map<String, Double> figures = new java.util.LinkedHashMap<>();
        scores.stream().filter(s -> s.reference() == null).forEach(s -> figures.put(s.metric(), s.value()));
        assertEquals(64, figures.get("held_out_inputs"));
        assertTrue(figures.containsKey("on_branch"), "the toy task's own figures: " + figures.keySet());

        // the same numbers as the standard figures of the run's model on held-out examples drawn with seed + i
        try (TrainedRun run = TrainedRun.open(dir, registry)) {
            assertEquals("toy", run.task().name());
            assertEquals(20, run.config().get(TrainingConfig.ITERATIONS));
            var test = run.task().testData(1);
            Evaluation.View view = run.task().evaluation().views(run.task(), test, 1).get(0);
            HeldOut held = HeldOut.draw(view.task(), view.test(), 64, 1);
            float[] samples = run.model().sampler().sample(held.inputs(), 64, 8, run.config().get(TrainingConfig.SAMPLING_STEPS),
                    LatentUpdate.MOMENTUM, Evaluator.SAMPLING_SEED);
            Map<String, Double> standard = new java.util.LinkedHashMap<>();
            StandardFigures.score(new Evaluation.Samples(view, 1, 64, 8, held.inputs(), held.targets(), samples, null,
                    null), new Evaluation.Figures() {
                        @Override
                        public void add(String metric, double value) {
                            standard.put(metric, value);
                        }

                        @Override
                        public void reference(String reference, String metric, double value) {
                        }
                    });
            assertTrue(!standard.isEmpty());
            standard.forEach((k, v) -> assertEquals(v, figures.get(k), k));
        }
    }
}
