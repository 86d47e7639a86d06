package org.cgml.nn;

/**
 * Draws K outputs per input from a trained model (cGML: paper Eq. 4 from prior codes; the regression baseline: its
 * one output K times). Outputs go through {@link org.cgml.api.Task#finish} and are bounded to the data range.
 */
public interface Sampler extends org.cgml.api.Evaluation.Features {

    /**
     * K = {@code modes} samples for each of the {@code count} inputs stored flat in {@code inputs}; returns
     * {@code count * modes * outputSize} floats, input-major then mode, after {@code steps} sampling steps T moving
     * z with {@code update}. Codes z_0 come from {@code seed}.
     */
    float[] sample(float[] inputs, int count, int modes, int steps, LatentUpdate update, long seed);

    /** Whether sampling moves codes (so that the sampling steps T and the update matter). */
    default boolean movesCodes() {
        return true;
    }

    /** G(H(x), z) at given codes, one per input; methods without codes do not support it. */
    default float[] generate(float[] inputs, float[] codes, int count) {
        throw new UnsupportedOperationException("this method's sampler takes no codes");
    }

    /** Length of one input's frozen feature vector h = H(x), flattened; 0 when the method has no encoder. */
    @Override
    default int featureSize() {
        return 0;
    }

    /** h = H(x) for {@code count} inputs ({@code count * featureSize()} floats), for linear probes. */
    @Override
    default float[] features(float[] inputs, int count) {
        throw new UnsupportedOperationException("this method has no encoder H");
    }
}
