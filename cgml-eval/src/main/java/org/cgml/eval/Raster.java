package org.cgml.eval;

/**
 * An image as doubles in row-major height x width x channels order (channels interleaved), in its own units
 * (0..255 for 8-bit files). Metrics take the data range explicitly.
 */
public record Raster(int height, int width, int channels, double[] pixels) {
    public Raster {
        if (height < 1 || width < 1 || channels < 1 || pixels.length != (long) height * width * channels) {
            throw new IllegalArgumentException("raster " + height + "x" + width + "x" + channels + " needs "
                    + (long) height * width * channels + " values, got " + pixels.length);
        }
    }

    /** Value of channel {@code c} at row {@code y}, column {@code x}. */
    public double at(int y, int x, int c) {
        return pixels[(y * width + x) * channels + c];
    }

    /** Whether two rasters have the same height, width and channels. */
    public boolean sameShape(Raster other) {
        return height == other.height && width == other.width && channels == other.channels;
    }

    /** "HxWxC", for messages. */
    public String shape() {
        return height + "x" + width + "x" + channels;
    }

    static void requireSameShape(Raster a, Raster b) {
        if (!a.sameShape(b)) {
            throw new IllegalArgumentException("images differ in size: " + a.shape() + " vs " + b.shape());
        }
    }
}
