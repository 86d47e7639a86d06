package org.cgml.nn.run;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.cgml.api.TrainingConfig;
import org.cgml.api.TrainingListener;
import org.cgml.nn.Checkpoints;
import org.cgml.nn.Trainer;

/**
 * A run's metrics.csv: one row per training iteration (iteration, cost, dynamics_loss, lipschitz, learning_rate,
 * seconds, then the method's own figures), appended durably before each checkpoint, and read back up to an iteration
 * as a kill or a full disk leaves it.
 */
final class MetricsFile {
    private static final String HEADER = "iteration,cost,dynamics_loss,lipschitz,learning_rate,seconds";

    private MetricsFile() {
    }

    /**
     * The rows of a CSV file keyed by an increasing iteration in its first column (metrics.csv, convergence.csv)
     * up to {@code iteration}: the header first (or none, when the file is absent or empty), then each intact row
     * (as many fields as the header, each a number or empty) whose iteration is above the one before, as a kill or
     * a full disk leaves them (a row cut short, a half-written line). When {@code complete} says the file holds one
     * row per iteration, rows missing up to {@code iteration} are told to {@code warnings} in one message.
     */
    static List<String> rowsUpTo(Path file, long iteration, boolean complete,
                                        java.util.function.Consumer<String> warnings) {
        List<String> keep = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return keep;
        }
        String text;
        try {
            text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + org.cgml.api.OutputFiles.reason(e));
        }
        List<String> lines = text.lines().toList();
        if (lines.isEmpty() || !lines.get(0).startsWith("iteration,")) {
            if (!lines.isEmpty()) {
                warnings.accept(file + " has no header; its rows are dropped");
            }
            return keep;
        }
        keep.add(lines.get(0));
        int columns = lines.get(0).split(",", -1).length;
        long last = -1;
        // a line is whole only when a newline ends it: the last one may be cut mid-number
        int whole = text.endsWith("\n") ? lines.size() : lines.size() - 1;
        for (int i = 1; i < lines.size(); i++) {
            Long at = i < whole ? iteration(lines.get(i), columns) : null;
            if (at == null || at <= last) {
                continue; // cut short, not a row, or a repeated iteration
            }
            if (at <= iteration) {
                keep.add(lines.get(i));
                last = at;
            }
        }
        long missing = complete ? iteration - (keep.size() - 1) : 0;
        if (missing > 0) {
            warnings.accept(file + " lacks " + missing + " of the rows up to iteration " + iteration
                    + " (damaged or lost); they stay missing and the run goes on");
        }
        return keep;
    }

    /** The iteration of an intact CSV row of {@code columns} numeric (or empty) fields, else null. */
    private static Long iteration(String line, int columns) {
        String[] f = line.split(",", -1);
        if (f.length != columns || !f[0].matches("[0-9]{1,18}")) {
            return null;
        }
        for (int c = 1; c < f.length; c++) {
            if (!f[c].isEmpty()) {
                try {
                    Double.parseDouble(f[c]);
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return Long.parseLong(f[0]);
    }

    /**
     * A listener appending one CSV row per iteration, with a column for each of the method's own figures {@code extra};
     * on resume, rows after the restored iteration are dropped first (and rows up to it are kept, each once). Values are
     * written as {@link Csv#number(float)} writes them (numbers only: no field needs quoting), so they read back as
     * the very floats the iteration returned. The rows are flushed every 50 iterations and made durable (flushed and synced to the disk) at every
     * {@code checkpoint_every} and at the end, before the checkpoint of that iteration is written: a run killed at
     * any moment keeps every row up to its latest checkpoint. It must come before the checkpoint saver among the
     * listeners (as in {@link Trainer#fit(org.cgml.nn.Checkpoints, List)}); when a row cannot be written, its
     * {@code onEnd} fails too, so no checkpoint is saved beyond the rows on disk.
     */
    static TrainingListener writer(Path dir, long resumedStep, List<String> extra,
                                   java.util.function.Consumer<String> warnings) {
        Path file = dir.resolve(Run.METRICS);
        List<String> keep = rowsUpTo(file, resumedStep, true, warnings);
        String header = HEADER + extra.stream().map(e -> "," + e).collect(java.util.stream.Collectors.joining());
        if (!keep.isEmpty() && keep.get(0).split(",", -1).length != header.split(",", -1).length) {
            warnings.accept(file + " has other columns (" + keep.get(0) + ") than this run writes (" + header
                    + "); its rows are dropped");
            keep.clear();
        }
        if (keep.isEmpty()) {
            keep.add(header);
        } else {
            keep.set(0, header);
        }
        Run.writeAtomically(file, String.join("\n", keep) + "\n");
        java.io.FileOutputStream stream;
        try {
            stream = new java.io.FileOutputStream(file.toFile(), true);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + file + ": " + org.cgml.api.OutputFiles.reason(e));
        }
        BufferedWriter w = new BufferedWriter(new java.io.OutputStreamWriter(stream, StandardCharsets.UTF_8));
        // seconds of training over every process that trained the run: a resumed run counts on
        String lastRow = keep.get(keep.size() - 1);
        String lastSeconds = keep.size() > 1 ? lastRow.split(",", -1)[5] : "";
        double before = lastSeconds.isEmpty() ? 0 : Double.parseDouble(lastSeconds);
        return new TrainingListener() {
            private double seconds = before;
            private int every;
            private IOException failed;

            @Override
            public void onBegin(TrainingConfig config, long firstIteration) {
                every = config.get(TrainingConfig.CHECKPOINT_EVERY);
            }

            @Override
            public void onIteration(IterationInfo s) {
                seconds += s.nanos() / 1e9;
                StringBuilder row = new StringBuilder().append(s.iteration()).append(',').append(Csv.number(s.cost()))
                        .append(',').append(Csv.number(s.dynamicsLoss())).append(',').append(Csv.number(s.lipschitz()))
                        .append(',').append(Csv.number(s.learningRate())).append(',')
                        .append(String.format(Locale.ROOT, "%.4f", seconds));
                for (String e : extra) {
                    Float v = s.extra().get(e);
                    row.append(',').append(v == null ? "" : Csv.number(v));
                }
                try {
                    w.write(row.append('\n').toString());
                    if (every > 0 && s.iteration() % every == 0) {
                        durable(); // before the checkpoint of this iteration (the saver comes after)
                    } else if (s.iteration() % 50 == 0) {
                        w.flush();
                    }
                } catch (IOException e) {
                    failed = e;
                    throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
                }
            }

            private void durable() throws IOException {
                w.flush();
                stream.getFD().sync();
            }

            @Override
            public void onEnd(long lastIteration) {
                try {
                    if (failed == null) {
                        durable();
                    }
                    w.close();
                } catch (IOException e) {
                    failed = failed == null ? e : failed;
                }
                if (failed != null) { // no checkpoint past the rows on disk: the listeners after this one are skipped
                    throw new UncheckedIOException("cannot write " + file + ": " + failed.getMessage(), failed);
                }
            }
        };
    }

}
