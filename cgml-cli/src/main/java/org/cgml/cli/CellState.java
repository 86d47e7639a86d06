package org.cgml.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import org.cgml.nn.run.Run;

/**
 * Where one cell of a bench stands, read from its run folder and its log alone (so for a local bench and a SLURM one
 * alike): finished (its figures written), running (a process holds its run folder's write lock; the iteration its
 * metrics.csv has reached), failed (its log ends
 * with the bench's {@code failed: } line), stopped at an iteration (a checkpoint, nobody writing it: the next bench
 * continues it) or not started; {@code bench status} adds queued, for a SLURM task that SLURM holds pending.
 */
record CellState(State state, OptionalLong iteration, String detail) {
    /** The states, in the words {@code cgml bench status} prints. */
    enum State {
        FINISHED("finished"), RUNNING("running"), FAILED("failed"), STOPPED("stopped"), QUEUED("queued"),
        NOT_STARTED("not started");

        final String words;

        State(String words) {
            this.words = words;
        }
    }

    /**
     * The state of the cell numbered {@code index} of the bench in {@code out}, whose run folder is {@code run}, trained
     * to {@code iterations} when finished.
     */
    static CellState of(Path out, Path run, int index, long iterations) {
        OptionalLong iteration = OptionalLong.empty();
        if (Files.isDirectory(run)) {
            try {
                java.util.Optional<Long> latest = Run.open(run).checkpoints().latestIteration();
                iteration = latest.isPresent() ? OptionalLong.of(latest.get()) : OptionalLong.empty();
            } catch (RuntimeException notARun) {
                // a folder without a run's marker: nothing trained there
            }
        }
        if (finished(run.resolve(Bench.FIGURES)) && iteration.isPresent() && iteration.getAsLong() >= iterations) {
            return new CellState(State.FINISHED, iteration, "");
        }
        if (Files.isDirectory(run) && Run.beingWritten(run)) { // the iteration its metrics.csv has reached
            String row = lastLine(run.resolve(Run.METRICS));
            String first = row.contains(",") ? row.substring(0, row.indexOf(',')) : "";
            OptionalLong reached = first.matches("\\d{1,18}") ? OptionalLong.of(Long.parseLong(first)) : iteration;
            return new CellState(State.RUNNING, reached,
                    reached.isPresent() && reached.getAsLong() >= iterations ? "scoring" : "");
        }
        String last = lastLine(Bench.cellLog(out, index));
        if (last.startsWith(Bench.FAILED)) {
            return new CellState(State.FAILED, iteration, last.substring(Bench.FAILED.length()));
        }
        return new CellState(iteration.isPresent() ? State.STOPPED : State.NOT_STARTED, iteration, "");
    }

    /** A figures.csv whose closing line is there (it is written last, as a whole). */
    private static boolean finished(Path figures) {
        if (!Files.isRegularFile(figures)) {
            return false;
        }
        String last = lastLine(figures);
        return last.startsWith("# end: ") && last.endsWith(" figures");
    }

    /** The last line of a text file that is not blank (read from its last 8 KiB), or "" when none or unreadable. */
    static String lastLine(Path file) {
        try (java.nio.channels.SeekableByteChannel ch = Files.newByteChannel(file)) {
            long size = ch.size();
            java.nio.ByteBuffer tail = java.nio.ByteBuffer.allocate((int) Math.min(size, 8192));
            ch.position(size - tail.capacity());
            while (tail.hasRemaining() && ch.read(tail) >= 0) {
                // fill
            }
            List<String> lines = new String(tail.array(), 0, tail.position(), StandardCharsets.UTF_8).lines().toList();
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return lines.get(i).strip();
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // none
        }
        return "";
    }

    /** The state in a few words: "stopped at iteration 1200", "running (iteration 400)", "failed: why". */
    String words() {
        String at = iteration.isPresent() ? String.format(Locale.ROOT, "iteration %d", iteration.getAsLong()) : "";
        return switch (state) {
            case FINISHED, NOT_STARTED, QUEUED -> state.words;
            case RUNNING -> at.isEmpty() ? "running" : "running (at " + at + ")";
            case STOPPED -> "stopped at " + at;
            case FAILED -> "failed: " + detail;
        };
    }
}
