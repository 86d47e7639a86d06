package org.cgml.nn.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.SessionLog;
import org.tensorflow.proto.Summary;

/**
 * One folder of TensorBoard event files (one run, as TensorBoard names runs: a folder's own files, not those of its
 * subfolders) read back as TensorBoard loads it, to check what a user sees after crashes and resumes. The rules, from
 * TensorBoard's own loaders (project tensorflow/tensorboard, files {@code tensorboard/backend/event_processing/}
 * {@code io_wrapper.py}, {@code directory_watcher.py}, {@code directory_loader.py}, {@code event_accumulator.py},
 * {@code plugin_event_accumulator.py} and {@code reservoir.py}):
 * <ul>
 *   <li>the event files of a folder are the files whose name contains {@code tfevents}, read one after the other in
 *       name order, each record after record;</li>
 *   <li>a record with a {@code file_version} ("brain.Event:2") sets the folder's version;</li>
 *   <li>with a version of 2 or more, a SessionLog START record at step s drops the points of every tag with a step
 *       of s or more: in {@link Loader#EVENT_ACCUMULATOR} every START does, in
 *       {@link Loader#PLUGIN_EVENT_ACCUMULATOR} (what {@code tensorboard --logdir} uses) every START but the folder's
 *       first;</li>
 *   <li>without a version (or below 2), a record with a summary whose step is below the most recent step drops, for
 *       the tags it holds, the points with a step of its step or more;</li>
 *   <li>then each summary value is appended to its tag's points: nothing merges two points of one step, a step
 *       written twice is shown twice (the reservoirs only thin out a tag past their size, 1,000 scalars by default,
 *       which the checks here stay below).</li>
 * </ul>
 */
public final class TensorBoardFolder {
    private TensorBoardFolder() {
    }

    /** Which of TensorBoard's two event accumulators to follow (they differ only on a folder's first START). */
    public enum Loader {
        /** {@code event_accumulator.py}: every SessionLog START purges. */
        EVENT_ACCUMULATOR,
        /** {@code plugin_event_accumulator.py}: the first START of a folder is a start, not a restart. */
        PLUGIN_EVENT_ACCUMULATOR
    }

    /** A point of one tag: its step, the summary value and the file it was read from. */
    public record Point(long step, Summary.Value value, Path file) {
    }

    /**
     * Every record of a TFRecord file of Event protos, the masked CRC-32C of each length and of each record's data
     * checked; a damaged or cut record is an {@link IOException} naming the file and the record.
     */
    public static List<Event> records(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<Event> events = new ArrayList<>();
        while (b.hasRemaining()) {
            String where = file + ", record " + events.size();
            if (b.remaining() < 12) {
                throw new IOException(where + ": cut within its length");
            }
            byte[] length = new byte[8];
            b.get(length);
            byte[] lengthCrc = new byte[4];
            b.get(lengthCrc);
            if (!Arrays.equals(TensorBoard.crc(length), lengthCrc)) {
                throw new IOException(where + ": the CRC of its length does not match");
            }
            long size = ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (size < 0 || size > b.remaining() - 4L) {
                throw new IOException(where + ": cut within its data");
            }
            byte[] data = new byte[(int) size];
            b.get(data);
            byte[] dataCrc = new byte[4];
            b.get(dataCrc);
            if (!Arrays.equals(TensorBoard.crc(data), dataCrc)) {
                throw new IOException(where + ": the CRC of its data does not match");
            }
            events.add(Event.parseFrom(data));
        }
        return events;
    }

    /** The event files of {@code folder} in the order TensorBoard reads them (name order). */
    public static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.getFileName().toString().contains("tfevents") && Files.isRegularFile(p))
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).toList();
        }
    }

    /** The points of every tag of {@code folder} that TensorBoard's {@code loader} shows, each tag's in load order. */
    public static Map<String, List<Point>> points(Path folder, Loader loader) throws IOException {
        Map<String, List<Point>> points = new LinkedHashMap<>();
        double version = Double.NaN;
        boolean seenStart = false;
        long mostRecentStep = -1;
        for (Path file : files(folder)) {
            for (Event e : records(file)) {
                if (e.hasFileVersion()) {
                    version = fileVersion(e.getFileVersion());
                }
                if (version >= 2) {
                    if (e.hasSessionLog() && e.getSessionLog().getStatus() == SessionLog.SessionStatus.START) {
                        if (loader == Loader.PLUGIN_EVENT_ACCUMULATOR && !seenStart) {
                            seenStart = true;
                        } else {
                            for (List<Point> tag : points.values()) {
                                tag.removeIf(p -> p.step() >= e.getStep());
                            }
                        }
                    }
                } else if (e.getStep() < mostRecentStep && e.hasSummary()) {
                    for (Summary.Value v : e.getSummary().getValueList()) {
                        points.getOrDefault(v.getTag(), new ArrayList<>()).removeIf(p -> p.step() >= e.getStep());
                    }
                } else if (loader == Loader.EVENT_ACCUMULATOR) {
                    mostRecentStep = e.getStep();
                }
                if (loader == Loader.PLUGIN_EVENT_ACCUMULATOR && e.hasSummary()) {
                    mostRecentStep = e.getStep();
                }
                if (e.hasSummary()) {
                    for (Summary.Value v : e.getSummary().getValueList()) {
                        points.computeIfAbsent(v.getTag(), k -> new ArrayList<>()).add(new Point(e.getStep(), v, file));
                    }
                }
            }
        }
        return points;
    }

    /** The number after "brain.Event:", or -1 when there is none (as TensorBoard parses it). */
    private static double fileVersion(String v) {
        String[] parts = v.split("brain\\.Event:", -1);
        try {
            return Double.parseDouble(parts[parts.length - 1]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
