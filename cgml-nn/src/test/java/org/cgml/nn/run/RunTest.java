package org.cgml.nn.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.Method;
import org.cgml.nn.method.cvae.Cvae;
import org.cgml.nn.method.pix2pix.Pix2pix;
import org.cgml.nn.toy.ToyTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** config.json is JSON: any key order reads back the same config; unknown or damaged keys are named. */
class RunTest {

    private static Run written(Path dir) {
        Run run = Run.create(dir);
        ToyTask task = new ToyTask();
        TrainingConfig config = TrainingConfig.forTask(task).set(TrainingConfig.SEED, 7L)
                .set(TrainingConfig.BETA, 0.05f)
                .set(TrainingConfig.METHOD, "baseline").build();
        run.writeConfig(task, config, Method.named(config.get(TrainingConfig.METHOD), Method.installed()),
                Map.of("p", new Run.Setting("0.3", "user")), "cgml test");
        return run;
    }

    @Test
    void readsBackWhatItWroteInAnyKeyOrder(@TempDir Path tmp) throws Exception {
        Run run = written(tmp.resolve("run"));
        Run.Recorded rec = run.readConfig();
        TrainingConfig config = rec.builder().build();
        assertEquals("toy", rec.task());
        assertEquals("baseline", rec.method());
        assertEquals(7, config.get(TrainingConfig.SEED));
        assertEquals(0.05f, config.get(TrainingConfig.BETA));
        assertEquals(TrainingConfig.Origin.USER, config.origin(TrainingConfig.BETA));
        assertEquals(TrainingConfig.Origin.TASK, config.origin(TrainingConfig.BATCH_SIZE));
        assertEquals(TrainingConfig.Origin.DEFAULT, config.origin(TrainingConfig.ALPHA));
        assertEquals(Map.of("p", "0.3"), rec.optionValues());

        // re-saved by another tool: keys sorted, "origin" before "value", compact
        ObjectMapper sorted = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
        Path file = run.dir().resolve(Run.CONFIG);
        Object tree = sorted.readValue(file.toFile(), Object.class);
        Files.writeString(file, sorted.writeValueAsString(tree));
        assertTrue(Files.readString(file).contains("{\"origin\":\"user\",\"value\":0.05}"), Files.readString(file));
        TrainingConfig again = run.readConfig().builder().build();
        assertEquals(config.asStrings(), again.asStrings());
        assertEquals(TrainingConfig.Origin.USER, again.origin(TrainingConfig.BETA));
    }

    /**
     * A method's own setting reaches config.json as the engine's do: the run's method's settings are written (at
     * their default, marked so, when nobody set them) and read back with their origin; another method's are not
     * written, and a run folder that records one (as runs did before methods declared their settings) still reads.
     */
    @Test
    void aMethodsSettingsAreWrittenAndReadBackWithTheirOrigin(@TempDir Path tmp) throws Exception {
        ToyTask task = new ToyTask();
        Run cimle = Run.create(tmp.resolve("cimle"));
        cimle.writeConfig(task, TrainingConfig.forTask(task).set(TrainingConfig.METHOD, "cimle").build(),
                Method.named("cimle", Method.installed()), Map.of(), "cgml test");
        ObjectNode values = (ObjectNode) new ObjectMapper().readTree(cimle.dir().resolve(Run.CONFIG).toFile())
                .get("config");
        assertEquals(10, values.get("imle_samples").get("value").asInt());
        assertEquals("default", values.get("imle_samples").get("origin").asText());
        assertEquals(false, values.has("kl_weight"), "another method's setting is not the run's");

        Run cvae = Run.create(tmp.resolve("cvae"));
        cvae.writeConfig(task, TrainingConfig.forTask(task).set(TrainingConfig.METHOD, "cvae")
                .set(Cvae.KL_WEIGHT, 0.5f).build(), Method.named("cvae", Method.installed()), Map.of(),
                "cgml test");
        TrainingConfig read = cvae.readConfig().builder().build();
        assertEquals(0.5f, read.get(Cvae.KL_WEIGHT));
        assertEquals(TrainingConfig.Origin.USER, read.origin(Cvae.KL_WEIGHT));

        Path file = cvae.dir().resolve(Run.CONFIG);
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(file.toFile());
        ((ObjectNode) root.get("config")).putObject("gan_lambda").put("value", 100.0).put("origin", "default");
        Files.writeString(file, json.writeValueAsString(root));
        assertEquals(100f, cvae.readConfig().builder().build().get(Pix2pix.LAMBDA));
        ((ObjectNode) root.get("config")).putObject("gan_lambdda").put("value", 1.0).put("origin", "user");
        Files.writeString(file, json.writeValueAsString(root));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cvae.readConfig());
        assertTrue(e.getMessage().contains("valid keys") && e.getMessage().contains("imle_samples"), e.getMessage());
    }

    /**
     * A run folder written before recipes existed ran the paper's: read back, it is Algorithm 1 from one start with Z
     * on the steps, whatever the tuned defaults are now; and a recorded value outlives a change of the recipe's.
     */
    @Test
    void aRunWrittenBeforeRecipesReadsAsThePapers(@TempDir Path tmp) throws Exception {
        Run run = written(tmp.resolve("run"));
        Path file = run.dir().resolve(Run.CONFIG);
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(file.toFile());
        ObjectNode values = (ObjectNode) root.get("config");
        for (String key : new String[] {"recipe", "search_starts", "dynamics_fit", "sampling_steps"}) {
            values.remove(key);
        }
        values.putObject("inner_steps").put("value", 7).put("origin", "default");
        Files.writeString(file, json.writeValueAsString(root));
        TrainingConfig old = run.readConfig().builder().build();
        assertEquals(TrainingConfig.Recipe.PAPER, old.get(TrainingConfig.RECIPE));
        assertEquals(1, old.get(TrainingConfig.SEARCH_STARTS));
        assertEquals(TrainingConfig.DynamicsFit.STEP, old.get(TrainingConfig.DYNAMICS_FIT));
        assertEquals(20, old.get(TrainingConfig.SAMPLING_STEPS));
        assertEquals(7, old.get(TrainingConfig.INNER_STEPS), "the recorded value, not the recipe's");
    }

    /** A run written before the inner step was scaled took beta as given, and reads so (a bench refuses to reuse it). */
    @Test
    void aRunWrittenBeforeTheStepWasScaledReadsUnscaled(@TempDir Path tmp) throws Exception {
        Run run = written(tmp.resolve("run"));
        assertEquals(true, run.readConfig().builder().build().get(TrainingConfig.BETA_SCALED));
        Path file = run.dir().resolve(Run.CONFIG);
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(file.toFile());
        assertTrue(root.path("config").path("beta_scaled").path("value").isBoolean(), "a JSON boolean, not text");
        ((ObjectNode) root.get("config")).remove("beta_scaled");
        Files.writeString(file, json.writeValueAsString(root));
        assertEquals(false, run.readConfig().builder().build().get(TrainingConfig.BETA_SCALED));
    }

    @Test
    void aSecondWriterIsRefusedUntilTheFirstLetsGo(@TempDir Path tmp) throws Exception {
        Run run = written(tmp.resolve("run"));
        try (AutoCloseable first = run.lockForWriting()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Run.open(run.dir()).lockForWriting());
            assertTrue(e.getMessage().contains("being written by another cgml process"), e.getMessage());
        }
        try (AutoCloseable again = Run.open(run.dir()).lockForWriting()) {
            assertTrue(Files.exists(run.dir().resolve(Run.LOCK)));
        }
    }

    @Test
    void recordsProvenance(@TempDir Path tmp) throws Exception {
        Run run = written(tmp.resolve("run"));
        var p = new ObjectMapper().readTree(run.dir().resolve(Run.CONFIG).toFile()).path("provenance");
        for (String k : new String[] {"cgml", "tensorflow", "java", "cpu", "threads", "gitCommit", "command"}) {
            assertTrue(p.has(k), k + " in " + p);
        }
        assertEquals("cgml test", p.path("command").asText());
    }

    @Test
    void unknownOrDamagedKeysAreNamed(@TempDir Path tmp) throws Exception {
        Run run = written(tmp.resolve("run"));
        Path file = run.dir().resolve(Run.CONFIG);
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(file.toFile());
        root.put("colour", "blue");
        Files.writeString(file, json.writeValueAsString(root));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, run::readConfig);
        assertTrue(e.getMessage().contains("colour"), e.getMessage());

        root.remove("colour");
        ((ObjectNode) root.get("config")).putObject("inner_stpes").put("value", 3).put("origin", "user");
        Files.writeString(file, json.writeValueAsString(root));
        e = assertThrows(IllegalArgumentException.class, run::readConfig);
        assertTrue(e.getMessage().contains("inner_stpes") && e.getMessage().contains("inner_steps"), e.getMessage());

        Files.writeString(file, "{ not json");
        e = assertThrows(IllegalArgumentException.class, run::readConfig);
        assertTrue(e.getMessage().contains(Run.CONFIG), e.getMessage());
    }
}
