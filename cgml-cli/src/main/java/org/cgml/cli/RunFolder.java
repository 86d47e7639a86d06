package org.cgml.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.cgml.api.Task;
import org.cgml.api.TrainingConfig;
import org.cgml.api.TrainingListener;
import org.cgml.nn.Checkpoints;

/**
 * One training run's folder: {@code config.json} (task, seed, resolved values each marked default / task / user,
 * provenance), {@code metrics.csv}, {@code checkpoints/}, {@code loss.png} and {@code saved_model/}.
 */
final class RunFolder {
    static final String CONFIG = "config.json";
    static final String METRICS = "metrics.csv";
    static final String LOSS = "loss.png";
    static final String CHECKPOINTS = "checkpoints";
    static final String MODEL = "saved_model";
    private static final String HEADER = "step,cost,dynamics_loss,lipschitz,learning_rate,seconds";
    private static final Pattern ENTRY = Pattern.compile(
            "\"([\\w-]+)\":\\s*\\{\\s*\"value\":\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|[^,}\\s]+),\\s*\"origin\":\\s*\"(\\w+)\"\\s*}");
    private static final Pattern TASK = Pattern.compile("\"task\":\\s*\"([^\"]+)\"");

    private final Path dir;

    private RunFolder(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /** A new run folder: absent or empty, and writable. */
    static RunFolder create(Path dir) {
        if (Files.isRegularFile(dir.resolve(CONFIG))) {
            throw new UserError("run folder " + dir + " already holds a run; continue it with --resume or choose another --out");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UserError("--out " + dir + " is a file, not a folder");
        }
        try {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.list(dir)) {
                    if (s.findAny().isPresent()) {
                        throw new UserError("--out " + dir + " is not empty and is not a cGML run folder");
                    }
                }
            }
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".probe", "");
            Files.delete(probe);
        } catch (AccessDeniedException e) {
            throw new UserError("cannot write to " + dir + " (permission denied)");
        } catch (FileSystemException e) {
            throw new UserError("cannot write to " + dir + ": " + e.getReason());
        } catch (IOException e) {
            throw new UserError("cannot write to " + dir + ": " + e.getMessage());
        }
        return new RunFolder(dir);
    }

    /** An existing run folder (it must hold config.json). */
    static RunFolder open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UserError("run folder " + dir + " does not exist");
        }
        if (!Files.isRegularFile(dir.resolve(CONFIG))) {
            throw new UserError(dir + " is not a cGML run folder (no " + CONFIG + ")");
        }
        return new RunFolder(dir);
    }

    Checkpoints checkpoints() {
        return new Checkpoints(dir.resolve(CHECKPOINTS));
    }

    /** Writes the resolved config with each value's origin and the run's provenance. */
    void writeConfig(Task task, TrainingConfig config, Map<String, String[]> taskOptions, String commandLine) {
        StringBuilder b = new StringBuilder("{\n");
        b.append("  \"task\": ").append(quote(task.name())).append(",\n");
        b.append("  \"seed\": ").append(config.seed()).append(",\n");
        b.append("  \"method\": ").append(quote(config.method().name().toLowerCase(Locale.ROOT))).append(",\n");
        b.append("  \"lipschitz_used\": ").append(quote(config.lipschitz().name().toLowerCase(Locale.ROOT))).append(",\n");
        b.append("  \"cost\": ").append(quote(config.cost(task).describe())).append(",\n");
        b.append("  \"latent\": {\"dimension\": ").append(task.latent().dimension()).append(", \"sphere\": ")
                .append(task.latent().sphere()).append("},\n");
        b.append("  \"architecture\": ").append(quote(task.architecture().toString())).append(",\n");
        b.append("  \"config\": {\n");
        List<String> rows = new ArrayList<>();
        for (Map.Entry<String, String> e : config.asStrings().entrySet()) {
            TrainingConfig.Key key = TrainingConfig.Key.of(e.getKey());
            String v = e.getValue();
            boolean number = v.matches("-?[0-9.eE+-]+");
            rows.add("    " + quote(e.getKey()) + ": {\"value\": " + (number ? v : quote(v)) + ", \"origin\": "
                    + quote(config.origin(key).toString()) + "}");
        }
        b.append(String.join(",\n", rows)).append("\n  },\n");
        List<String> opts = new ArrayList<>();
        for (Map.Entry<String, String[]> e : taskOptions.entrySet()) {
            opts.add("    " + quote(e.getKey()) + ": {\"value\": " + quote(e.getValue()[0]) + ", \"origin\": "
                    + quote(e.getValue()[1]) + "}");
        }
        b.append("  \"task_options\": {").append(opts.isEmpty() ? "" : "\n" + String.join(",\n", opts) + "\n  ")
                .append("},\n");
        b.append("  \"provenance\": {\"created\": ").append(quote(Instant.now().toString()))
                .append(", \"cgml\": ").append(quote(version()))
                .append(", \"tensorflow\": ").append(quote(org.tensorflow.TensorFlow.version()))
                .append(", \"java\": ").append(quote(System.getProperty("java.version")))
                .append(", \"os\": ").append(quote(System.getProperty("os.name") + " " + System.getProperty("os.arch")))
                .append(", \"cpus\": ").append(Runtime.getRuntime().availableProcessors())
                .append(", \"command\": ").append(quote(commandLine)).append("}\n}\n");
        writeAtomically(dir.resolve(CONFIG), b.toString());
    }

    /** The recorded task name and a builder holding the recorded values with their origins. */
    Recorded readConfig() {
        String text;
        try {
            text = Files.readString(dir.resolve(CONFIG), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserError("cannot read " + dir.resolve(CONFIG) + ": " + e.getMessage());
        }
        Matcher t = TASK.matcher(text);
        if (!t.find()) {
            throw new UserError(dir.resolve(CONFIG) + " names no task: not a cGML run folder");
        }
        TrainingConfig.Builder builder = TrainingConfig.builder();
        int split = text.indexOf("\"task_options\"");
        String configPart = split < 0 ? text : text.substring(0, split);
        Map<String, String[]> options = new LinkedHashMap<>();
        if (split >= 0) {
            int end = text.indexOf("\"provenance\"", split);
            Matcher o = ENTRY.matcher(text.substring(split, end < 0 ? text.length() : end));
            while (o.find()) {
                options.put(o.group(1), new String[] {unquote(o.group(2)), o.group(3)});
            }
        }
        Matcher m = ENTRY.matcher(configPart);
        int found = 0;
        while (m.find()) {
            String value = unquote(m.group(2));
            try {
                builder.origin(TrainingConfig.Origin.valueOf(m.group(3).toUpperCase(Locale.ROOT))).set(m.group(1), value);
            } catch (IllegalArgumentException e) {
                throw new UserError(dir.resolve(CONFIG) + " is damaged: " + e.getMessage());
            }
            found++;
        }
        if (found == 0) {
            throw new UserError(dir.resolve(CONFIG) + " holds no config values: not a cGML run folder");
        }
        return new Recorded(t.group(1), builder.origin(TrainingConfig.Origin.USER), options);
    }

    /** Task name, config and task options (name -> {value, origin}) read back from a run folder. */
    record Recorded(String task, TrainingConfig.Builder builder, Map<String, String[]> taskOptions) {
    }

    /** Just the values of recorded task options. */
    static Map<String, String> values(Map<String, String[]> options) {
        Map<String, String> v = new LinkedHashMap<>();
        options.forEach((k, a) -> v.put(k, a[0]));
        return v;
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            return s.substring(1, s.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return s;
    }

    /** A listener appending one CSV row per step; on resume, rows after the restored step are dropped first. */
    TrainingListener metricsWriter(long resumedStep) {
        Path file = dir.resolve(METRICS);
        try {
            List<String> keep = new ArrayList<>();
            keep.add(HEADER);
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.isEmpty() && Character.isDigit(line.charAt(0))
                            && Long.parseLong(line.substring(0, line.indexOf(','))) <= resumedStep) {
                        keep.add(line);
                    }
                }
            }
            writeAtomically(file, String.join("\n", keep) + "\n");
            BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            return new TrainingListener() {
                private double seconds;

                @Override
                public void onStep(StepInfo s) {
                    seconds += s.nanos() / 1e9;
                    try {
                        w.write(String.format(Locale.ROOT, "%d,%.6g,%.6g,%.6g,%.6g,%.4f%n", s.step(), s.cost(),
                                s.dynamicsLoss(), s.lipschitz(), s.learningRate(), seconds));
                        if (s.step() % 50 == 0) {
                            w.flush();
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }

                @Override
                public void onEnd(long lastStep) {
                    try {
                        w.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            };
        } catch (IOException e) {
            throw new UserError("cannot write " + file + ": " + e.getMessage());
        }
    }

    /** Draws the loss curves of metrics.csv into loss.png. */
    void plotLoss() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve(METRICS), StandardCharsets.UTF_8);
            LossCurve.write(lines.subList(1, lines.size()), dir.resolve(LOSS));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw " + dir.resolve(LOSS), e);
        }
    }

    static void writeAtomically(Path file, String text) {
        try {
            Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UserError("cannot write " + file + ": " + e.getMessage());
        }
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> b.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return b.append('"').toString();
    }

    static String version() {
        String v = RunFolder.class.getModule().getDescriptor() == null ? null
                : RunFolder.class.getModule().getDescriptor().rawVersion().orElse(null);
        return v == null ? "dev" : v;
    }
}
