package org.cgml.nn.run;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.zip.CRC32C;
import javax.imageio.ImageIO;
import org.cgml.api.TrainingConfig;
import org.cgml.api.TrainingListener;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.SessionLog;
import org.tensorflow.proto.Summary;

/**
 * A TensorBoard event file ({@code events.out.tfevents.<seconds>.<host>.<suffix>}) in one stream's subfolder of a run
 * folder ({@link #TRAIN}, {@link #HELDOUT}; TensorBoard shows each subfolder as a run of its own, as Keras lays them
 * out): TensorFlow's own Event protos framed as TFRecords (length, masked CRC-32C of the length, data, masked CRC-32C
 * of the data), so that {@code tensorboard --logdir runs/} reads scalars and images without any other dependency. As a
 * training listener it records every iteration's cost, Z loss, Lipschitz term, learning rate and the method's own
 * figures.
 *
 * <p>Every process writes its own file, and TensorBoard reads the files of a folder in name order (oldest first, as
 * the names start with the creation time). Each file starts, after its version record, with TensorBoard's
 * session-start marker at the first step the process writes: on loading a restart, TensorBoard drops every point of
 * the folder at that step or later, so the steps a crash past a checkpoint wrote and the resumed process writes again
 * are shown once, with the resumed values. One stream per folder keeps one stream's marker from dropping another's
 * points (held-out figures written by another file of the same folder would be lost at every resume).
 */
public final class TensorBoard implements TrainingListener, AutoCloseable {
    /** Prefix of every event file. */
    public static final String PREFIX = "events.out.tfevents.";
    /** Subfolder of a run folder holding the per-iteration training figures. */
    public static final String TRAIN = "train";
    /** Subfolder of a run folder holding the held-out figures and sample grids. */
    public static final String HELDOUT = "heldout";
    private static final int MASK_DELTA = 0xa282ead8;
    private static final int FLUSH_EVERY = 50;

    private final Path file;
    private final OutputStream out;

    /**
     * A new event file in {@code dir} (created when absent), its name ending in {@code suffix} (a folder holds the
     * files of one stream, one per process that wrote it).
     */
    public TensorBoard(Path dir, String suffix) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir + ": " + e.getMessage(), e);
        }
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9.-]", "_");
        } catch (IOException e) {
            host = "localhost";
        }
        long now = System.currentTimeMillis();
        Path f = dir.resolve(PREFIX + now / 1000 + "." + host + "." + suffix);
        for (int i = 1; Files.exists(f); i++) { // two writers in one second
            f = dir.resolve(PREFIX + now / 1000 + "." + host + "." + suffix + "-" + i);
        }
        this.file = f;
        try {
            this.out = new java.io.BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE_NEW));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        write(Event.newBuilder().setWallTime(now / 1000.0).setFileVersion("brain.Event:2").build());
    }

    public Path file() {
        return file;
    }

    /** Marks the start at the first iteration this process trains, {@code firstIteration + 1}: see {@link #start}. */
    @Override
    public void onBegin(TrainingConfig config, long firstIteration) {
        start(firstIteration + 1);
    }

    /**
     * TensorBoard's session-start marker at {@code step}, the first step this file holds points of: on loading it,
     * TensorBoard drops the points of earlier files of the folder at {@code step} or later (a fresh run's marker
     * drops nothing). Written once, before any point.
     */
    public void start(long step) {
        write(Event.newBuilder().setWallTime(System.currentTimeMillis() / 1000.0).setStep(step)
                .setSessionLog(SessionLog.newBuilder().setStatus(SessionLog.SessionStatus.START)).build());
        flush();
    }

    @Override
    public void onIteration(IterationInfo s) {
        Summary.Builder summary = Summary.newBuilder();
        add(summary, "train/cost", s.cost());
        add(summary, "train/dynamics_loss", s.dynamicsLoss());
        add(summary, "train/lipschitz", s.lipschitz());
        add(summary, "train/learning_rate", s.learningRate());
        for (Map.Entry<String, Float> e : new java.util.TreeMap<>(s.extra()).entrySet()) {
            add(summary, "train/" + e.getKey(), e.getValue());
        }
        write(event(s.iteration(), summary));
        if (s.iteration() % FLUSH_EVERY == 0) {
            flush();
        }
    }

    @Override
    public void onEnd(long lastIteration) {
        close();
    }

    /** Scalars at one step, by tag. */
    public void scalars(long step, Map<String, Double> values) {
        Summary.Builder summary = Summary.newBuilder();
        values.forEach((tag, v) -> add(summary, tag, v.floatValue()));
        write(event(step, summary));
        flush();
    }

    /** A picture at one step, stored as PNG. */
    public void image(long step, String tag, BufferedImage image) {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Summary.Image img = Summary.Image.newBuilder().setHeight(image.getHeight()).setWidth(image.getWidth())
                .setColorspace(3).setEncodedImageString(com.google.protobuf.ByteString.copyFrom(png.toByteArray()))
                .build();
        write(event(step, Summary.newBuilder().addValue(Summary.Value.newBuilder().setTag(tag).setImage(img))));
        flush();
    }

    private static void add(Summary.Builder summary, String tag, float value) {
        summary.addValue(Summary.Value.newBuilder().setTag(tag).setSimpleValue(value));
    }

    private static Event event(long step, Summary.Builder summary) {
        return Event.newBuilder().setWallTime(System.currentTimeMillis() / 1000.0).setStep(step).setSummary(summary)
                .build();
    }

    /** One TFRecord: little-endian length, masked CRC of the length, the data, masked CRC of the data. */
    private synchronized void write(Event event) {
        byte[] data = event.toByteArray();
        byte[] length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(data.length).array();
        try {
            out.write(length);
            out.write(crc(length));
            out.write(data);
            out.write(crc(data));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** TFRecord's masked CRC-32C, little-endian. */
    static byte[] crc(byte[] bytes) {
        CRC32C c = new CRC32C();
        c.update(bytes);
        int crc = (int) c.getValue();
        int masked = ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(masked).array();
    }

    private synchronized void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
