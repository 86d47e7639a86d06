package org.cgml.nn.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.Method;
import org.cgml.nn.Trainer;
import org.cgml.nn.toy.ToyTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.SessionLog;
import org.tensorflow.proto.Summary;

/** A toy run's TensorBoard files are valid TFRecords of Event protos whose scalars equal metrics.csv. */
class TensorBoardTest {

    /** Every record of a TFRecord file, each length and data CRC checked. */
    static List<Event> read(Path file) throws Exception {
        return TensorBoardFolder.records(file);
    }

    @Test
    void theMaskedCrcIsCrc32cRotatedAndOffsetAsTensorFlowMasksIt() {
        // the CRC-32C check value (RFC 3720 / iSCSI): crc32c("123456789") = 0xE3069283
        byte[] digits = "123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int c = 0xE3069283;
        int masked = ((c >>> 15) | (c << 17)) + 0xa282ead8; // tensorflow/core/lib/hash/crc32c.h, Mask
        assertArrayEquals(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(masked).array(),
                TensorBoard.crc(digits));
    }

    /**
     * A toy run stopped at step 25 whose checkpoint of step 25 is lost (as a crash after step 25 loses it: the files
     * hold steps beyond the checkpoint of step 20), resumed to step 30: under TensorBoard's loading rules (both
     * accumulators) its train/ folder shows every step 1..30 exactly once, steps 21..30 from the resumed process, and
     * the values equal metrics.csv.
     */
    @Test
    void aRunResumedAfterACrashPastItsCheckpointShowsEveryStepOnce(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run");
        Run run = Run.create(dir);
        ToyTask task = new ToyTask();
        TrainingConfig config = TrainingConfig.forTask(task).set(TrainingConfig.ITERATIONS, 30L)
                .set(TrainingConfig.INNER_STEPS, 2).set(TrainingConfig.CHECKPOINT_EVERY, 10)
                .build();
        run.writeConfig(task, config, Method.named(config.get(TrainingConfig.METHOD), Method.installed()), Map.of(), "test");
        try (Trainer t = new Trainer(task, task.data(1), config)) {
            run.train(t, false, List.of(new org.cgml.api.TrainingListener() {
                @Override
                public void onIteration(IterationInfo s) {
                    if (s.iteration() == 25) {
                        t.requestStop();
                    }
                }
            }));
        }
        Path checkpoints = run.checkpoints().directory();
        org.cgml.nn.Folders.deleteTree(checkpoints.resolve("iteration-000000025"));
        Files.writeString(checkpoints.resolve("latest"), "iteration-000000020\n");
        List<Path> before = TensorBoardFolder.files(dir.resolve(TensorBoard.TRAIN));
        assertEquals(1, before.size(), before.toString());
        assertEquals(25, read(before.get(0)).stream().filter(Event::hasSummary).count(), "steps 1..25 written");
        try (Trainer t = new Trainer(task, task.data(1), config)) {
            Run.open(dir).train(t, true, List.of());
        }
        List<Path> files = TensorBoardFolder.files(dir.resolve(TensorBoard.TRAIN));
        assertEquals(2, files.size(), "one event file per process: " + files);
        Path resumed = files.get(1);
        long[] starts = new long[2];
        for (int i = 0; i < 2; i++) {
            List<Event> events = read(files.get(i));
            assertEquals("brain.Event:2", events.get(0).getFileVersion(), files.get(i).toString());
            assertEquals(SessionLog.SessionStatus.START, events.get(1).getSessionLog().getStatus());
            starts[i] = events.get(1).getStep();
        }
        assertArrayEquals(new long[] {1, 21}, starts, "each process marks its first step");
        try (var s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().contains("tfevents")),
                    "no event file beside the streams' folders");
        }
        List<String> metrics = Files.readAllLines(dir.resolve(Run.METRICS));
        assertEquals(31, metrics.size(), "header and 30 iterations");
        String[] tags = {"train/cost", "train/dynamics_loss", "train/lipschitz", "train/learning_rate"};
        for (TensorBoardFolder.Loader loader : TensorBoardFolder.Loader.values()) {
            Map<String, List<TensorBoardFolder.Point>> shown = TensorBoardFolder.points(dir.resolve(TensorBoard.TRAIN),
                    loader);
            for (int c = 0; c < tags.length; c++) {
                List<TensorBoardFolder.Point> points = shown.get(tags[c]);
                assertEquals(java.util.stream.LongStream.rangeClosed(1, 30).boxed().toList(),
                        points.stream().map(TensorBoardFolder.Point::step).toList(),
                        loader + " " + tags[c] + ": every step once, in order");
                for (TensorBoardFolder.Point p : points) {
                    String[] f = metrics.get((int) p.step()).split(",");
                    assertEquals(p.step(), Long.parseLong(f[0]));
                    double csv = Double.parseDouble(f[c + 1]);
                    assertEquals(csv, p.value().getSimpleValue(), Math.abs(csv) * 1e-5 + 1e-12,
                            loader + " step " + p.step() + " " + tags[c]);
                    assertEquals(p.step() > 20, p.file().equals(resumed), loader + " step " + p.step() + " "
                            + tags[c] + " comes from " + p.file().getFileName());
                }
            }
        }
        assertTrue(Arrays.stream(metrics.get(metrics.size() - 1).split(",")).count() >= 6);
        double secondsAt20 = Double.parseDouble(metrics.get(20).split(",")[5]);
        double secondsAt21 = Double.parseDouble(metrics.get(21).split(",")[5]);
        assertTrue(secondsAt21 > secondsAt20, "training seconds count on over a resume: " + secondsAt20 + ", "
                + secondsAt21);
    }

    /** One TFRecord of {@code e}, framed as TensorFlow frames it. */
    private static byte[] record(Event e) {
        byte[] data = e.toByteArray();
        byte[] length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(data.length).array();
        return ByteBuffer.allocate(16 + data.length).put(length).put(TensorBoard.crc(length)).put(data)
                .put(TensorBoard.crc(data)).array();
    }

    private static Event scalar(long step, String tag, float v) {
        return Event.newBuilder().setStep(step).setSummary(Summary.newBuilder().addValue(
                Summary.Value.newBuilder().setTag(tag).setSimpleValue(v))).build();
    }

    private static Event start(long step) {
        return Event.newBuilder().setStep(step).setSessionLog(SessionLog.newBuilder()
                .setStatus(SessionLog.SessionStatus.START)).build();
    }

    private static void write(Path file, Event... events) throws Exception {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        for (Event e : events) {
            b.write(record(e));
        }
        Files.write(file, b.toByteArray());
    }

    private static List<String> shown(Path dir, TensorBoardFolder.Loader loader, String tag) throws Exception {
        return TensorBoardFolder.points(dir, loader).getOrDefault(tag, List.of()).stream()
                .map(p -> p.step() + "=" + p.value().getSimpleValue()).toList();
    }

    /** The loading rules themselves, on hand-written folders with known outcomes. */
    @Test
    void theLoadingRulesPurgeAsTensorBoardDoes(@TempDir Path tmp) throws Exception {
        Event v2 = Event.newBuilder().setFileVersion("brain.Event:2").build();
        Path a = Files.createDirectories(tmp.resolve("a"));
        // files in name order, not in the order written; the later file's START at 3 drops both tags' steps >= 3
        write(a.resolve("events.out.tfevents.2.h.x"), v2, start(3), scalar(3, "t", 30), scalar(3, "u", 31));
        write(a.resolve("events.out.tfevents.1.h.x"), v2, start(1), scalar(1, "t", 1), scalar(2, "t", 2),
                scalar(3, "t", 3), scalar(4, "t", 4), scalar(4, "u", 4));
        Files.writeString(a.resolve("notes.txt"), "not an event file");
        for (TensorBoardFolder.Loader l : TensorBoardFolder.Loader.values()) {
            assertEquals(List.of("1=1.0", "2=2.0", "3=30.0"), shown(a, l, "t"), l.toString());
            assertEquals(List.of("3=31.0"), shown(a, l, "u"), l.toString());
        }
        // a folder whose first START marks a restart: the plugin accumulator takes it for a start and keeps both
        Path b = Files.createDirectories(tmp.resolve("b"));
        write(b.resolve("events.out.tfevents.1.h.x"), v2, scalar(1, "t", 1), scalar(2, "t", 2));
        write(b.resolve("events.out.tfevents.2.h.x"), v2, start(2), scalar(2, "t", 20));
        assertEquals(List.of("1=1.0", "2=20.0"), shown(b, TensorBoardFolder.Loader.EVENT_ACCUMULATOR, "t"));
        assertEquals(List.of("1=1.0", "2=2.0", "2=20.0"),
                shown(b, TensorBoardFolder.Loader.PLUGIN_EVENT_ACCUMULATOR, "t"), "a step shown twice");
        // no file version: a step below the most recent one drops that tag's points from its step on, only that tag's
        Path c = Files.createDirectories(tmp.resolve("c"));
        write(c.resolve("events.out.tfevents.1.h.x"), scalar(1, "t", 1), scalar(2, "t", 2), scalar(3, "u", 3),
                scalar(2, "t", 22));
        for (TensorBoardFolder.Loader l : TensorBoardFolder.Loader.values()) {
            assertEquals(List.of("1=1.0", "2=22.0"), shown(c, l, "t"), l.toString());
            assertEquals(List.of("3=3.0"), shown(c, l, "u"), l.toString());
        }
        // a damaged record is an error naming it
        byte[] bytes = Files.readAllBytes(c.resolve("events.out.tfevents.1.h.x"));
        bytes[20] ^= 1;
        Files.write(c.resolve("events.out.tfevents.1.h.x"), bytes);
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> TensorBoardFolder.points(c, TensorBoardFolder.Loader.EVENT_ACCUMULATOR));
        assertTrue(e.getMessage().contains("record 0"), e.getMessage());
    }
}
