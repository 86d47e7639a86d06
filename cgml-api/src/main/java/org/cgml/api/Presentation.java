package org.cgml.api;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/** How a task's inputs and outputs are shown to humans: CSV column names and, for images, pictures. */
public interface Presentation {

    /** Columns x0.. and y0.. for flat inputs and outputs of the given sizes, without pictures. */
    static Presentation indexed(int inputSize, int outputSize) {
        List<String> in = IntStream.range(0, inputSize).mapToObj(i -> "x" + i).toList();
        List<String> out = IntStream.range(0, outputSize).mapToObj(i -> "y" + i).toList();
        return new Presentation() {
            @Override
            public List<String> inputColumns() {
                return in;
            }

            @Override
            public List<String> outputColumns() {
                return out;
            }
        };
    }

    /** CSV column names of one input, {@code prod(inputShape)} of them. */
    List<String> inputColumns();

    /** CSV column names of one output, {@code prod(outputShape)} of them. */
    List<String> outputColumns();

    /** A picture of one input or output stored at {@code offset} with {@code shape}, where that makes sense. */
    default Optional<BufferedImage> image(float[] values, int offset, int[] shape) {
        return Optional.empty();
    }

    /**
     * Whether the pictures of {@link #image} are the outputs themselves (photographs, digits, colour images), so
     * that picture metrics such as PSNR and SSIM apply to them; false for pictures of other values (heat maps of
     * coefficients), which are scored as numbers.
     */
    default boolean photometric() {
        return true;
    }

    /**
     * A figure of a whole sampling run, where one says more than a grid (e.g. the toy task's samples over the
     * true branches): {@code count} inputs, {@code modes} outputs each, stored flat input-major. A {@link Figure}, so
     * that it is written as PNG and SVG.
     */
    default Optional<Figure> plot(float[] inputs, float[] outputs, int count, int modes) {
        return Optional.empty();
    }
}
