package org.cgml.api;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Optional;

/** How a task's inputs and outputs are shown to humans: CSV column names and, for images, pictures. */
public interface Presentation {

    /** CSV column names of one input, {@code prod(inputShape)} of them. */
    List<String> inputColumns();

    /** CSV column names of one output, {@code prod(outputShape)} of them. */
    List<String> outputColumns();

    /** A picture of one input or output stored at {@code offset} with {@code shape}, where that makes sense. */
    default Optional<BufferedImage> image(float[] values, int offset, int[] shape) {
        return Optional.empty();
    }

    /**
     * A picture of a whole sampling run, where one says more than a grid (e.g. the toy task's samples over the
     * true branches): {@code count} inputs, {@code modes} outputs each, stored flat input-major.
     */
    default Optional<BufferedImage> plot(float[] inputs, float[] outputs, int count, int modes) {
        return Optional.empty();
    }
}
