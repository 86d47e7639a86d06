package org.cgml.nn;

import java.io.IOException;
import java.nio.file.Path;
import org.tensorflow.types.TFloat32;

/**
 * What a {@link Method} trains: its training iteration (as Keras' {@code train_step}, apart from the loop in
 * {@link Trainer#fit}), its state, its sampler and its export. All randomness of an iteration derives from the run
 * seed and the iteration number, so a model restored from a checkpoint continues bit for bit.
 */
public interface MethodModel extends AutoCloseable {

    /**
     * One training iteration on a batch ({@code x}: {@code [batch, input...]}, {@code y}: {@code [batch, output...]}).
     *
     * @param iteration iterations done before this one (0 for the first)
     */
    Figures trainStep(TFloat32 x, TFloat32 y, long iteration);

    /**
     * Saves every variable of the model (weights, optimizer slots) as the checkpoint {@code prefix}: what resume reads.
     * A failure to write is an unchecked exception (TensorFlow's, or an {@link java.io.UncheckedIOException}).
     */
    void save(Path prefix);

    /**
     * Restores every variable of the model from the checkpoint {@code prefix} that {@link #save} wrote; entries the
     * model has no variable for are ignored. An unreadable checkpoint is an unchecked exception saying why.
     */
    void restore(Path prefix);

    /** Every variable of the model (weights, optimizer slots, ...) by name: what resume must reproduce. */
    java.util.Map<String, float[]> variableValues();

    /** K outputs per input from the current weights. */
    Sampler sampler();

    /**
     * One output per input at the code this method finds when it knows the target (cGML: the inner loop's z_l), or
     * null when the method has no such code; it tells whether G holds a target's mode at all.
     */
    default float[] oracle(float[] inputs, float[] targets, int count, long seed) {
        return null;
    }

    /** Exports the model as a SavedModel whose sampler runs {@code samplingSteps} steps T. */
    void export(Path dir, int samplingSteps) throws IOException;

    @Override
    void close();

    /** Trainable parameters of every network the method trains and samples with (discriminators, encoders counted). */
    long parameters();

    /**
     * Trainable parameters of the networks sampling uses (H and G, and Z for cGML; no discriminator, no encoder of
     * the target): the values the exported SavedModel stores. By default {@link #parameters()}.
     */
    default long samplingParameters() {
        return parameters();
    }

    /** The names of the method's own per-iteration figures ({@link Figures#extra}), fixed for a run; none by default. */
    default java.util.List<String> extraLosses() {
        return java.util.List.of();
    }
}
