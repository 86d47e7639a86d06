package org.cgml.nn.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.cgml.api.Task;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.Method;

/**
 * A run's config.json: the task, method and seed, every resolved value of the training config with its origin
 * (default, task or user), the task options (typed as the task reads them), the provenance of the training that started
 * the run and, under {@code resumed}, that of each sitting that continued it (with the iteration it continued from);
 * written and read back as a config builder.
 */
final class ConfigFile {
    private static final Set<String> TOP_LEVEL = Set.of("task", "method", "seed", "lipschitz_used", "cost", "latent",
            "architecture", "config", "task_options", "provenance", "resumed");
    /** Doubles in their shortest form that reads back as the same double. */
    private static final ObjectMapper JSON = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build())
            .enable(SerializationFeature.INDENT_OUTPUT);

    private ConfigFile() {
    }

    /** The keys config.json records: those the config holds values of, then the settings its method declares. */
    private static List<org.cgml.api.Key<?>> recordedKeys(TrainingConfig config, Method method) {
        List<org.cgml.api.Key<?>> keys = new ArrayList<>(config.keys());
        method.settings().stream().filter(k -> !keys.contains(k)).forEach(keys::add);
        return keys;
    }

    /**
     * Writes the resolved config with each value's origin, the task options and the run's provenance; for a run
     * continued from iteration {@code resumedFrom} (null: a new run), the provenance already recorded stays and this
     * sitting's is added to {@code resumed}.
     */
    static void write(Path dir, Task task, TrainingConfig config, Method method,
                      Map<String, Run.Setting> taskOptions, String command, Long resumedFrom) {
        ObjectNode root = JSON.createObjectNode();
        root.put("task", task.name());
        root.put("method", config.get(TrainingConfig.METHOD));
        root.put("seed", config.get(TrainingConfig.SEED));
        root.put("lipschitz_used", method.lipschitz(config).name().toLowerCase(java.util.Locale.ROOT));
        root.put("cost", config.cost(task).describe());
        root.putObject("latent").put("dimension", task.latent().dimension()).put("sphere", task.latent().sphere());
        root.put("architecture", task.architecture().toString());
        ObjectNode values = root.putObject("config");
        for (org.cgml.api.Key<?> k : recordedKeys(config, method)) {
            put(values, k, config);
        }
        ObjectNode options = root.putObject("task_options");
        taskOptions.forEach((k, s) -> {
            ObjectNode entry = options.putObject(k);
            entry.set("value", typed(task, k, s.value()));
            entry.put("origin", s.origin());
        });
        JsonNode now = provenance(command, config, task);
        JsonNode before = resumedFrom == null ? null : existing(dir);
        if (before != null && before.get("provenance") instanceof ObjectNode first) {
            root.set("provenance", first); // the training that started the run
            root.set("resumed", resumes(before, now, resumedFrom));
        } else {
            root.set("provenance", now);
        }
        try {
            Run.writeAtomically(dir.resolve(Run.CONFIG), JSON.writeValueAsString(root) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The key's value in {@code config} and its origin as the entry {@code name: {value, origin}} of {@code values}. */
    private static void put(ObjectNode values, org.cgml.api.Key<?> k, TrainingConfig config) {
        ObjectNode entry = values.putObject(k.name());
        String v = config.text(k);
        if (k.type() == Boolean.class) {
            entry.put("value", Boolean.parseBoolean(v));
        } else if (v.matches("-?[0-9]+")) {
            entry.put("value", Long.parseLong(v));
        } else if (v.matches("-?[0-9.]+([eE][-+]?[0-9]+)?")) {
            entry.put("value", Double.parseDouble(v));
        } else {
            entry.put("value", v);
        }
        entry.put("origin", config.origin(k).toString());
    }

    /**
     * Adds this sitting's provenance ({@code command}, continuing from iteration {@code from}) to the {@code resumed}
     * list of the config.json of {@code dir}, leaving every other entry as it is.
     */
    static void recordResume(Path dir, TrainingConfig config, Task task, String command, long from) {
        Path file = dir.resolve(Run.CONFIG);
        JsonNode root = existing(dir);
        if (!(root instanceof ObjectNode top)) {
            throw new IllegalArgumentException(file + " holds no JSON object: not a cGML run folder");
        }
        top.set("resumed", resumes(top, provenance(command, config, task), from));
        try {
            Run.writeAtomically(file, JSON.writeValueAsString(root) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This sitting's provenance as JSON: {@code command} training {@code task} under {@code config}. */
    private static JsonNode provenance(String command, TrainingConfig config, Task task) {
        return JSON.valueToTree(Provenance.now(command, config.threads(),
                org.cgml.nn.graph.PrecisionChoice.of(config, task.architecture(), true)));
    }

    /** The {@code resumed} list of {@code root} with {@code now} (continuing from iteration {@code from}) added. */
    private static com.fasterxml.jackson.databind.node.ArrayNode resumes(JsonNode root, JsonNode now, long from) {
        com.fasterxml.jackson.databind.node.ArrayNode list = JSON.createArrayNode();
        if (root.get("resumed") instanceof com.fasterxml.jackson.databind.node.ArrayNode earlier) {
            list.addAll(earlier);
        }
        ObjectNode entry = JSON.createObjectNode().put("from_iteration", from);
        entry.setAll((ObjectNode) now);
        list.add(entry);
        return list;
    }

    /** The config.json of {@code dir} as JSON, or null when there is none or it does not read. */
    private static JsonNode existing(Path dir) {
        try {
            Path file = dir.resolve(Run.CONFIG);
            return java.nio.file.Files.exists(file) ? JSON.readTree(file.toFile()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Rewrites the values of {@code keys} in the config.json of {@code dir} to those of {@code config}, leaving every
     * other entry (the provenance of the training among them) as it is.
     */
    static void update(Path dir, TrainingConfig config, java.util.Collection<? extends org.cgml.api.Key<?>> keys) {
        Path file = dir.resolve(Run.CONFIG);
        try {
            JsonNode root = JSON.readTree(file.toFile());
            if (!(root instanceof ObjectNode top) || !(top.get("config") instanceof ObjectNode values)) {
                throw new IllegalArgumentException(file + " has no config object to update");
            }
            for (org.cgml.api.Key<?> k : keys) {
                put(values, k, config);
            }
            Run.writeAtomically(file, JSON.writeValueAsString(root) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A task option's value as JSON: a number or a boolean as such (as the task's option reads the text), any other
     * value as text. Readers take either (earlier runs recorded every option as text).
     */
    private static JsonNode typed(Task task, String name, String text) {
        for (org.cgml.api.TaskOption o : task.options()) {
            if (o.name().equals(name)) {
                Object v;
                try {
                    v = o.parse(text);
                } catch (IllegalArgumentException e) {
                    break;
                }
                if (v instanceof Integer || v instanceof Long) {
                    return JSON.getNodeFactory().numberNode(((Number) v).longValue());
                }
                if (v instanceof Double || v instanceof Float) {
                    return JSON.getNodeFactory().numberNode(((Number) v).doubleValue());
                }
                if (v instanceof Boolean b) {
                    return JSON.getNodeFactory().booleanNode(b);
                }
                break;
            }
        }
        return JSON.getNodeFactory().textNode(text);
    }

    /**
     * The precision the run last computed in, as its provenance records it ({@code fp32} or {@code bf16}), or empty
     * for a run written before the setting existed or a config.json without it.
     */
    static java.util.Optional<String> recordedPrecision(Path dir) {
        try {
            JsonNode root = JSON.readTree(dir.resolve(Run.CONFIG).toFile());
            JsonNode resumed = root.path("resumed");
            JsonNode p = (resumed.isArray() && !resumed.isEmpty() ? resumed.get(resumed.size() - 1)
                    : root.path("provenance")).path("precision"); // the last sitting's
            return p.isTextual() ? java.util.Optional.of(p.asText()) : java.util.Optional.empty();
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * The recorded task, method, config builder (values with their origins) and task options; the settings of the
     * installed methods and {@code settings} are known besides the engine's.
     */
    static Run.Recorded read(Path dir, java.util.Collection<? extends org.cgml.api.Key<?>> settings) {
        Path file = dir.resolve(Run.CONFIG);
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not readable JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + " holds no JSON object: not a cGML run folder");
        }
        List<String> unknown = new ArrayList<>();
        root.fieldNames().forEachRemaining(k -> {
            if (!TOP_LEVEL.contains(k)) {
                unknown.add(k);
            }
        });
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(file + " has unknown keys " + unknown + "; known: " + TOP_LEVEL);
        }
        JsonNode task = root.get("task");
        if (task == null || !task.isTextual()) {
            throw new IllegalArgumentException(file + " names no task: not a cGML run folder");
        }
        JsonNode values = root.get("config");
        if (values == null || !values.isObject() || values.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no config values: not a cGML run folder");
        }
        TrainingConfig.Builder builder = TrainingConfig.builder().declare(Method.settings(Method.installed()))
                .declare(settings);
        // the recipe first, so that the values recorded after it are the ones kept; a run written before recipes
        // existed ran the paper's (one search start, Z fitted on the steps)
        String recipe = TrainingConfig.RECIPE.name();
        builder.origin(TrainingConfig.Origin.DEFAULT).set(recipe, values.has(recipe)
                ? setting(file, recipe, values.get(recipe)).value() : "paper");
        if (!values.has(TrainingConfig.BETA_SCALED.name())) { // written before the step was scaled: it took beta as given
            builder.set(TrainingConfig.BETA_SCALED, false);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals(recipe)) {
                continue;
            }
            Run.Setting s = setting(file, e.getKey(), e.getValue());
            try {
                builder.origin(TrainingConfig.Origin.valueOf(s.origin().toUpperCase(Locale.ROOT))).set(e.getKey(), s.value());
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(file + " is damaged: " + ex.getMessage());
            }
        }
        Map<String, Run.Setting> options = new LinkedHashMap<>();
        JsonNode opts = root.get("task_options");
        if (opts != null && opts.isObject()) {
            opts.fields().forEachRemaining(e -> options.put(e.getKey(), setting(file, e.getKey(), e.getValue())));
        }
        builder.origin(TrainingConfig.Origin.USER);
        return new Run.Recorded(task.asText(), builder.build().get(TrainingConfig.METHOD), builder, options);
    }

    private static Run.Setting setting(Path file, String key, JsonNode node) {
        JsonNode value = node.get("value");
        JsonNode origin = node.get("origin");
        if (value == null || !value.isValueNode() || origin == null || !origin.isTextual()) {
            throw new IllegalArgumentException(file + " is damaged: '" + key + "' needs a value and an origin");
        }
        return new Run.Setting(value.asText(), origin.asText());
    }

}
