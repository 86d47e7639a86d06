package org.cgml.nn.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

    @Test
    void aRunIsTrainedContinuedReusedOrRefused(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run");
        TrainingConfig four = config(4, 1);
        assertEquals(Reuse.Decision.TRAIN, Reuse.decide(dir, toy, baseline, four, Map.of()), "no run yet");
        Run run = Run.create(dir);
        run.writeConfig(toy, four, baseline.lipschitz(four).name().toLowerCase(java.util.Locale.ROOT),
                Run.taskOptions(toy, Map.of()), "a test");
        assertEquals(Reuse.Decision.TRAIN, Reuse.decide(dir, toy, baseline, four, Map.of()), "no checkpoint yet");
        try (Trainer trainer = new Trainer(baseline, toy, toy.data(1), four)) {
            run.train(trainer, false, List.of());
        }
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
    void settingsOnlySamplingReadsAreScoredNotRefused(@TempDir Path tmp) throws Exception {
        Method cgml = Method.named("cgml", Method.installed());
        TrainingConfig trained = TrainingConfig.forTask(toy).set(TrainingConfig.ITERATIONS, 2L)
                .set(TrainingConfig.METHOD, "cgml").set(org.cgml.nn.method.cgml.Cgml.SAMPLING_POOL, 2).build();
        Path dir = tmp.resolve("run");
        Run run = Run.create(dir);
        run.writeConfig(toy, trained, cgml.lipschitz(trained).name().toLowerCase(java.util.Locale.ROOT),
                Run.taskOptions(toy, Map.of()), "a test");
        try (Trainer trainer = new Trainer(cgml, toy, toy.data(1), trained)) {
            run.train(trainer, false, List.of());
        }
        TrainingConfig asked = TrainingConfig.forTask(toy).set(TrainingConfig.ITERATIONS, 2L)
                .set(TrainingConfig.METHOD, "cgml").set(org.cgml.nn.method.cgml.Cgml.SAMPLING_SUPPORT, 0.5).build();
        assertEquals(Reuse.Decision.FINISHED, Reuse.decide(dir, toy, cgml, asked, Map.of()),
                "pool and support only choose among samples: the trained run is reused");
        Map<org.cgml.api.Key<?>, Reuse.Difference> changed = Reuse.samplingChanges(Run.open(dir), cgml, asked);
        assertEquals(Map.of(org.cgml.nn.method.cgml.Cgml.SAMPLING_POOL, new Reuse.Difference("2", "3"),
                org.cgml.nn.method.cgml.Cgml.SAMPLING_SUPPORT, new Reuse.Difference("2.0", "0.5")), changed);

        String before = Files.readString(dir.resolve(Run.CONFIG));
        Run.open(dir).updateSampling(asked, changed.keySet());
        assertEquals(Map.of(), Reuse.samplingChanges(Run.open(dir), cgml, asked), "recorded now");
        String after = Files.readString(dir.resolve(Run.CONFIG));
        assertEquals(before.substring(before.indexOf("\"provenance\"")), after.substring(after.indexOf("\"provenance\"")),
                "the training's provenance is kept");
        assertEquals(Reuse.Decision.FINISHED, Reuse.decide(dir, toy, cgml, asked, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Run.open(dir).updateSampling(asked,
                List.of(TrainingConfig.BETA)), "a setting that shapes the training is not rewritten");
        Reuse.Refused beta = assertThrows(Reuse.Refused.class, () -> Reuse.decide(dir, toy, cgml,
                TrainingConfig.forTask(toy).set(TrainingConfig.ITERATIONS, 2L).set(TrainingConfig.METHOD, "cgml")
                        .set(TrainingConfig.BETA, 0.5f).build(), Map.of()));
        assertEquals(java.util.Set.of("beta"), beta.differences().keySet());
    }
}
