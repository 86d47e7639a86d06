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
import java.util.TreeMap;
import org.cgml.api.TrainingConfig;
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
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<Event> events = new ArrayList<>();
        while (b.hasRemaining()) {
            byte[] length = new byte[8];
            b.get(length);
            byte[] lengthCrc = new byte[4];
            b.get(lengthCrc);
            assertArrayEquals(TensorBoard.crc(length), lengthCrc, "length CRC of record " + events.size());
            byte[] data = new byte[(int) ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).getLong()];
            b.get(data);
            byte[] dataCrc = new byte[4];
            b.get(dataCrc);
            assertArrayEquals(TensorBoard.crc(data), dataCrc, "data CRC of record " + events.size());
            events.add(Event.parseFrom(data));
        }
        return events;
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

    @Test
    void aToyRunsScalarsEqualItsMetricsAndAResumeMarksItsStep(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run");
        Run run = Run.create(dir);
        ToyTask task = new ToyTask();
        TrainingConfig config = TrainingConfig.forTask(task).setIterations(30).optInnerSteps(2).optCheckpointEvery(10)
                .build();
        run.writeConfig(task, config, "penalty", Map.of(), "test");
        try (Trainer t = new Trainer(task, task.data(1), config.toBuilder().setIterations(20).build())) {
            run.train(t, false, List.of());
        }
        try (Trainer t = new Trainer(task, task.data(1), config)) {
            Run.open(dir).train(t, true, List.of());
        }
        List<Path> files;
        try (var s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().startsWith(TensorBoard.PREFIX)).sorted().toList();
        }
        assertEquals(2, files.size(), "one event file per process: " + files);
        Map<Long, Map<String, Float>> scalars = new TreeMap<>();
        boolean resumeMarked = false;
        for (Path f : files) {
            List<Event> events = read(f);
            assertEquals("brain.Event:2", events.get(0).getFileVersion(), f.toString());
            for (Event e : events.subList(1, events.size())) {
                if (e.hasSessionLog()) {
                    resumeMarked |= e.getSessionLog().getStatus() == SessionLog.SessionStatus.START && e.getStep() == 20;
                }
                for (Summary.Value v : e.getSummary().getValueList()) {
                    scalars.computeIfAbsent(e.getStep(), k -> new TreeMap<>()).put(v.getTag(), v.getSimpleValue());
                }
            }
        }
        assertTrue(resumeMarked, "the resumed process starts with a session-start marker at step 20");
        List<String> metrics = Files.readAllLines(dir.resolve(Run.METRICS));
        assertEquals(31, metrics.size(), "header and 30 iterations");
        assertEquals(30, scalars.size());
        for (String line : metrics.subList(1, metrics.size())) {
            String[] f = line.split(",");
            Map<String, Float> at = scalars.get(Long.parseLong(f[0]));
            String[] tags = {"train/cost", "train/dynamics_loss", "train/lipschitz", "train/learning_rate"};
            for (int c = 0; c < tags.length; c++) {
                double csv = Double.parseDouble(f[c + 1]);
                assertEquals(csv, at.get(tags[c]), Math.abs(csv) * 1e-5 + 1e-12, "step " + f[0] + " " + tags[c]);
            }
        }
        assertTrue(Arrays.stream(metrics.get(metrics.size() - 1).split(",")).count() >= 6);
        double secondsAt20 = Double.parseDouble(metrics.get(20).split(",")[5]);
        double secondsAt21 = Double.parseDouble(metrics.get(21).split(",")[5]);
        assertTrue(secondsAt21 > secondsAt20, "training seconds count on over a resume: " + secondsAt20 + ", "
                + secondsAt21);
    }
}
