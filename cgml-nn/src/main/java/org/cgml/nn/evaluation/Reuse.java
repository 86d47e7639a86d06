package org.cgml.nn.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.cgml.api.Task;
import org.cgml.api.TaskOption;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.Method;
import org.cgml.nn.run.Run;

/**
 * What to do with the run folder a bench would train a method into: train it (no run, or none that reached its first
 * checkpoint), continue it from its latest checkpoint, or use it as it is (finished); a run trained otherwise, or past
 * the iterations asked for, is {@link Refused}.
 */
public final class Reuse {
    /**
     * Settings that may differ between a run and a bench that reuses it; so may those only sampling reads
     * ({@link org.cgml.api.Key#sampling()}: the bench scores the run under its own, {@link #samplingChanges}).
     */
    public static final Set<String> RUN_ONLY = Set.of("threads", "checkpoint_every");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Reuse() {
    }

    /** What to do with a run folder. */
    public enum Decision {
        /** No run, or one that never reached its first checkpoint (it is cleared and starts over). */
        TRAIN,
        /** A run of the same settings, checkpointed before its last iteration. */
        CONTINUE,
        /** A run of the same settings, checkpointed at its last iteration. */
        FINISHED
    }

    /** A value the run recorded and the one asked for now. */
    public record Difference(String recorded, String wanted) {
    }

    /** A run folder that may not be reused: trained otherwise ({@link #differences}) or past the iterations asked for. */
    public static final class Refused extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final transient Map<String, Difference> differences;
        private final long trainedTo;

        Refused(Path dir, Map<String, Difference> differences, long trainedTo, long iterations) {
            super(differences.isEmpty()
                    ? "run folder " + dir + " was trained to iteration " + trainedTo + ", past the " + iterations
                    + " iterations asked for"
                    : "run folder " + dir + " holds a run trained otherwise: " + differences);
            this.differences = Collections.unmodifiableMap(new TreeMap<>(differences));
            this.trainedTo = trainedTo;
        }

        /** What differs, by setting name; empty when the run was trained past the iterations asked for. */
        public Map<String, Difference> differences() {
            return differences;
        }

        /** The iteration of the run's latest checkpoint. */
        public long trainedTo() {
            return trainedTo;
        }
    }

    /**
     * The decision for the run folder {@code dir}, to hold {@code method} trained on {@code task} (given
     * {@code options}) with {@code config}; {@link Refused} when a run there was trained otherwise or further.
     */
    public static Decision decide(Path dir, Task task, Method method, TrainingConfig config, Map<String, String> options) {
        if (!Run.exists(dir)) {
            return Decision.TRAIN;
        }
        Run run = Run.open(dir);
        Map<String, Difference> differ = differences(run, task, method, config, options);
        long trained = run.checkpoints().latestIteration().orElse(0L);
        if (!differ.isEmpty() || trained > config.get(TrainingConfig.ITERATIONS)) {
            throw new Refused(dir, differ, trained, config.get(TrainingConfig.ITERATIONS));
        }
        if (run.checkpoints().latest().isEmpty()) {
            return Decision.TRAIN;
        }
        return run.finished(config) ? Decision.FINISHED : Decision.CONTINUE;
    }

    /** The settings only sampling reads among {@code config}'s and {@code method}'s own. */
    public static List<org.cgml.api.Key<?>> samplingKeys(Method method, TrainingConfig config) {
        List<org.cgml.api.Key<?>> keys = keys(method, config);
        keys.removeIf(k -> !k.sampling());
        return keys;
    }

    /** The keys {@code config} holds values of, then the settings {@code method} declares besides (defaults too). */
    private static List<org.cgml.api.Key<?>> keys(Method method, TrainingConfig config) {
        List<org.cgml.api.Key<?>> keys = new java.util.ArrayList<>(config.keys());
        method.settings().stream().filter(k -> !keys.contains(k)).forEach(keys::add);
        return keys;
    }

    /**
     * The settings only sampling reads whose values in {@code config} differ from those the run recorded (its
     * method's own among them), by key: a bench that reuses the run records them all ({@link Run#updateSampling}
     * with {@link #samplingKeys}) and scores it again.
     */
    public static Map<org.cgml.api.Key<?>, Difference> samplingChanges(Run run, Method method, TrainingConfig config) {
        TrainingConfig recorded = run.readConfig(method.settings()).builder().build();
        Map<org.cgml.api.Key<?>, Difference> changed = new LinkedHashMap<>();
        for (org.cgml.api.Key<?> k : samplingKeys(method, config)) {
            if (!config.text(k).equals(recorded.text(k))) {
                changed.put(k, new Difference(recorded.text(k), config.text(k)));
            }
        }
        return changed;
    }

    /**
     * How the run differs from one trained now: its task, its config.json's method, seed, cost, Lipschitz form,
     * latent space and architecture, every training setting the method reads under {@code config}
     * ({@link Method#reads}; {@link #RUN_ONLY}
     * and sampling ones aside) and the task
     * options (compared
     * as the task reads them, so that {@code 0.5} and {@code "0.5"} are the same); sorted by name.
     */
    public static Map<String, Difference> differences(Run run, Task task, Method method, TrainingConfig config,
                                                      Map<String, String> options) {
        Run.Recorded rec = run.readConfig(method.settings());
        Map<String, Difference> differ = new TreeMap<>();
        if (!rec.task().equals(task.name())) {
            differ.put("task", new Difference(rec.task(), task.name()));
        }
        TrainingConfig recorded = rec.builder().build();
        for (org.cgml.api.Key<?> k : keys(method, config)) {
            if (!RUN_ONLY.contains(k.name()) && !k.sampling() && method.reads(k, config)
                    && !config.text(k).equals(recorded.text(k))) {
                differ.put(k.name(), new Difference(recorded.text(k), config.text(k)));
            }
        }
        JsonNode root;
        try {
            root = JSON.readTree(run.dir().resolve(Run.CONFIG).toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(run.dir().resolve(Run.CONFIG) + " is not readable JSON: " + e.getMessage());
        }
        Map<String, String> described = new LinkedHashMap<>();
        described.put("method", config.get(TrainingConfig.METHOD));
        described.put("seed", Long.toString(config.get(TrainingConfig.SEED)));
        described.put("cost", config.cost(task).describe());
        described.put("lipschitz_used", method.lipschitz(config).name().toLowerCase(Locale.ROOT));
        described.put("architecture", task.architecture().toString());
        described.forEach((k, v) -> {
            if (!root.path(k).isValueNode() || !root.path(k).asText().equals(v)) {
                differ.put(k, new Difference(root.has(k) ? root.get(k).toString() : "missing", v));
            }
        });
        JsonNode latent = root.path("latent");
        if (latent.path("dimension").asInt(-1) != task.latent().dimension()
                || !latent.path("sphere").isBoolean() || latent.path("sphere").asBoolean() != task.latent().sphere()) {
            differ.put("latent", new Difference(latent.toString(), "dimension " + task.latent().dimension()
                    + ", sphere " + task.latent().sphere()));
        }
        Map<String, String> recOptions = rec.optionValues();
        Run.values(Run.taskOptions(task, options)).forEach((k, v) -> {
            if (!sameOption(task, k, recOptions.get(k), v)) {
                differ.put(k, new Difference(recOptions.get(k), v));
            }
        });
        recOptions.keySet().stream().filter(k -> task.options().stream().noneMatch(o -> o.name().equals(k)))
                .forEach(k -> differ.put(k, new Difference(recOptions.get(k), "no such option")));
        return differ;
    }

    /** Whether a recorded task option and the one asked for hold the same value as the task reads them. */
    private static boolean sameOption(Task task, String name, String recorded, String wanted) {
        if (recorded == null) {
            return false;
        }
        if (recorded.equals(wanted)) {
            return true;
        }
        for (TaskOption o : task.options()) {
            if (o.name().equals(name)) {
                try {
                    return o.parse(recorded).equals(o.parse(wanted));
                } catch (IllegalArgumentException e) {
                    return false;
                }
            }
        }
        return false;
    }
}
