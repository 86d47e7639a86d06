package org.cgml.nn.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.Method;
import org.cgml.nn.Trainer;
import org.cgml.nn.run.Run;
import org.cgml.nn.toy.ToyTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reuse-or-resume decision of a run folder: train, continue, finished, or refused saying what differs. */
class ReuseTest {
    private final ToyTask toy = new ToyTask();
    private final Method baseline = Method.named("baseline", Method.installed());

    private TrainingConfig config(long iterations, long seed) {
        return TrainingConfig.forTask(toy).set(TrainingConfig.ITERATIONS, (long) iterations).set(TrainingConfig.SEED, (long) seed).set(TrainingConfig.METHOD, "baseline").build();
    }

    /** A new run folder in {@code dir} whose config.json records {@code method} under {@code config}. */
    private Run recorded(Path dir, Method method, TrainingConfig config) {
        Run run = Run.create(dir);
        run.writeConfig(toy, config, method, Run.taskOptions(toy, Map.of()), "a test");
        return run;
    }

    /** Trains {@code run} to {@code config}'s iterations. */
    private void train(Run run, Method method, TrainingConfig config) throws Exception {
        try (Trainer trainer = new Trainer(method, toy, toy.data(1), config)) {
            run.train(trainer, false, List.of());
        }
    }

    @Test
    void aRunIsTrainedContinuedReusedOrRefused(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run");
        TrainingConfig four = config(4, 1);
        assertEquals(Reuse.Decision.TRAIN, Reuse.decide(dir, toy, baseline, four, Map.of()), "no run yet");
        Run run = recorded(dir, baseline, four);
        assertEquals(Reuse.Decision.TRAIN, Reuse.decide(dir, toy, baseline, four, Map.of()), "no checkpoint yet");
        train(run, baseline, four);
        assertEquals(Reuse.Decision.FINISHED, Reuse.decide(dir, toy, baseline, four, Map.of()));
        assertThrows(Reuse.Refused.class, () -> Reuse.decide(dir, toy, baseline, config(8, 1), Map.of()),
                "another budget is another run (cgml train --resume --iterations N changes a run's budget)");

        Reuse.Refused seed = assertThrows(Reuse.Refused.class,
                () -> Reuse.decide(dir, toy, baseline, config(4, 2), Map.of()));
        assertEquals(new Reuse.Difference("1", "2"), seed.differences().get("seed"), seed.differences().toString());

        // a run of 8 iterations stopped at its checkpoint of iteration 4
        Path file = dir.resolve(Run.CONFIG);
        String recorded = Files.readString(file);
        Files.writeString(file, recorded.replaceFirst("(\"iterations\" : \\{\\s*\"value\" : )4", "$18"));
        assertEquals(Reuse.Decision.CONTINUE, Reuse.decide(dir, toy, baseline, config(8, 1), Map.of()));

        // config.json rewritten to 2 iterations over weights trained to 4 (as an earlier cgml could leave it)
        Files.writeString(file, recorded.replaceFirst("(\"iterations\" : \\{\\s*\"value\" : )4", "$12"));
        Reuse.Refused past = assertThrows(Reuse.Refused.class,
                () -> Reuse.decide(dir, toy, baseline, config(2, 1), Map.of()));
        assertEquals(Map.of(), past.differences());
        assertEquals(4, past.trainedTo());
    }

    @Test
    void aPeerRunIsReusedAcrossSettingsOnlyALatentSearchReads(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run");
        TrainingConfig two = config(2, 1);
        train(recorded(dir, baseline, two), baseline, two);
        // cGML's defaults moved (as beta_scaled arrived): the baseline never read them
        TrainingConfig moved = TrainingConfig.forTask(toy).set(TrainingConfig.ITERATIONS, 2L)
                .set(TrainingConfig.METHOD, "baseline").set(TrainingConfig.INNER_STEPS, 3)
                .set(TrainingConfig.BETA_SCALED, false).set(TrainingConfig.SEARCH_STARTS, 2)
                .set(TrainingConfig.LIPSCHITZ_WEIGHT, 0.5f).build();
        assertEquals(Map.of(), Reuse.differences(Run.open(dir), toy, baseline, moved, Map.of()));
        assertEquals(Reuse.Decision.FINISHED, Reuse.decide(dir, toy, baseline, moved, Map.of()));
        // what it reads still refuses the run
        Reuse.Refused rate = assertThrows(Reuse.Refused.class, () -> Reuse.decide(dir, toy, baseline,
                TrainingConfig.forTask(toy).set(TrainingConfig.ITERATIONS, 2L).set(TrainingConfig.METHOD, "baseline")
                        .set(TrainingConfig.LEARNING_RATE, 0.5f).build(), Map.of()));
        assertEquals(java.util.Set.of("learning_rate"), rate.differences().keySet());
        // and a method with a latent search reads them all
        Method cgml = Method.named("cgml", Method.installed());
        assertEquals(java.util.Set.of("inner_steps", "beta_scaled", "search_starts", "lipschitz_weight"),
                Reuse.differences(Run.open(dir), toy, cgml, moved, Map.of()).keySet().stream()
                        .filter(k -> !k.equals("method") && !k.equals("lipschitz_used"))
                        .collect(java.util.stream.Collectors.toSet()));
    }

    /** cGML at l = 0 takes no inner step: a run is reused across the step's settings, and refused on what it reads. */
    @Test
    void cgmlWithoutInnerStepsIsReusedAcrossTheStepsSettings(@TempDir Path tmp) throws Exception {
        Method cgml = Method.named("cgml", Method.installed());
        TrainingConfig trained = TrainingConfig.forTask(toy).set(TrainingConfig.ITERATIONS, 2L)
                .set(TrainingConfig.METHOD, "cgml").set(TrainingConfig.INNER_STEPS, 0).set(TrainingConfig.BETA, 0.1f)
                .build();
        Path dir = tmp.resolve("run");
        train(recorded(dir, cgml, trained), cgml, trained);
        TrainingConfig.Builder asked = TrainingConfig.forTask(toy).set(TrainingConfig.ITERATIONS, 2L)
                .set(TrainingConfig.METHOD, "cgml").set(TrainingConfig.INNER_STEPS, 0).set(TrainingConfig.BETA, 0.003f)
                .set(TrainingConfig.BETA_SCALED, false).set(TrainingConfig.ALPHA, 2f)
                .set(TrainingConfig.DYNAMICS_TAIL, 5);
        assertEquals(Reuse.Decision.FINISHED, Reuse.decide(dir, toy, cgml, asked.build(), Map.of()),
                "l = 0 takes no step: the step's size, scaling, alpha and tail are idle");
        Reuse.Refused stepped = assertThrows(Reuse.Refused.class, () -> Reuse.decide(dir, toy, cgml,
                asked.set(TrainingConfig.INNER_STEPS, 1).build(), Map.of()));
        assertEquals(java.util.Set.of("inner_steps", "beta", "beta_scaled", "alpha", "dynamics_tail"),
                stepped.differences().keySet());
        Reuse.Refused starts = assertThrows(Reuse.Refused.class, () -> Reuse.decide(dir, toy, cgml,
                asked.set(TrainingConfig.INNER_STEPS, 0).set(TrainingConfig.SEARCH_STARTS, 3).build(), Map.of()));
        assertEquals(java.util.Set.of("search_starts"), starts.differences().keySet(), "the starts are still read");
    }

    @Test
    void everyPeerReadsTheTrainingSettingsAndNoneOfALatentSearch() {
        for (Method m : Method.installed()) {
            TrainingConfig c = config(2, 1);
            assertTrue(m.reads(TrainingConfig.LEARNING_RATE, c) && m.reads(TrainingConfig.SCHEDULE, c)
                    && m.reads(TrainingConfig.BATCH_SIZE, c) && m.reads(TrainingConfig.DISTANCE, c), m.name());
            boolean search = m.name().equals("cgml");
            for (org.cgml.api.Key<?> k : Method.LATENT_SEARCH_SETTINGS) {
                assertEquals(search, m.reads(k, c.toBuilder().set(TrainingConfig.INNER_STEPS, 1).build()),
                        m.name() + " reads " + k.name());
            }
        }
    }

    @Test
    void settingsOnlySamplingReadsAreScoredNotRefused(@TempDir Path tmp) throws Exception {
        Method cgml = Method.named("cgml", Method.installed());
        TrainingConfig trained = TrainingConfig.forTask(toy).set(TrainingConfig.ITERATIONS, 2L)
                .set(TrainingConfig.METHOD, "cgml").set(org.cgml.nn.method.cgml.Cgml.SAMPLING_POOL, 2).build();
        Path dir = tmp.resolve("run");
        train(recorded(dir, cgml, trained), cgml, trained);
        TrainingConfig asked = TrainingConfig.forTask(toy).set(TrainingConfig.ITERATIONS, 2L)
                .set(TrainingConfig.METHOD, "cgml").set(org.cgml.nn.method.cgml.Cgml.SAMPLING_SUPPORT, 0.5).build();
        assertEquals(Reuse.Decision.FINISHED, Reuse.decide(dir, toy, cgml, asked, Map.of()),
                "pool and support only choose among samples: the trained run is reused");
        Map<org.cgml.api.Key<?>, Reuse.Difference> changed = Reuse.samplingChanges(Run.open(dir), cgml, asked);
        assertEquals(Map.of(org.cgml.nn.method.cgml.Cgml.SAMPLING_POOL, new Reuse.Difference("2", "3"),
                org.cgml.nn.method.cgml.Cgml.SAMPLING_SUPPORT, new Reuse.Difference("3.0", "0.5")), changed);

        String before = Files.readString(dir.resolve(Run.CONFIG));
        Run.open(dir).updateSampling(asked, changed.keySet());
        assertEquals(Map.of(), Reuse.samplingChanges(Run.open(dir), cgml, asked), "recorded now");
        String after = Files.readString(dir.resolve(Run.CONFIG));
        assertEquals(before.substring(before.indexOf("\"provenance\"")), after.substring(after.indexOf("\"provenance\"")),
                "the training's provenance is kept");
        assertEquals(Reuse.Decision.FINISHED, Reuse.decide(dir, toy, cgml, asked, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Run.open(dir).updateSampling(asked,
                List.of(TrainingConfig.BETA)), "a setting that shapes the training is not rewritten");
        Reuse.Refused starts = assertThrows(Reuse.Refused.class, () -> Reuse.decide(dir, toy, cgml,
                TrainingConfig.forTask(toy).set(TrainingConfig.ITERATIONS, 2L).set(TrainingConfig.METHOD, "cgml")
                        .set(TrainingConfig.SEARCH_STARTS, 3).build(), Map.of()));
        assertEquals(java.util.Set.of("search_starts"), starts.differences().keySet());
    }
}
