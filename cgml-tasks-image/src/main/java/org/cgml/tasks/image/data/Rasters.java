package org.cgml.tasks.image.data;

import java.awt.image.BufferedImage;

/** Turns task tensors (S x S x C in [-1, 1], row-major, channels last) into pictures. */
public final class Rasters {
    private Rasters() {
    }

    /** A grey (C = 1) or RGB (C = 3) picture of the values at {@code offset}; other channel counts show channel 0. */
    public static BufferedImage picture(float[] v, int offset, int[] shape) {
        int h = shape[0];
        int w = shape[1];
        int c = shape[2];
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int base = offset + (y * w + x) * c;
                int r = byteOf(v[base]);
                int g = c == 3 ? byteOf(v[base + 1]) : r;
                int b = c == 3 ? byteOf(v[base + 2]) : r;
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return img;
    }

    /** Columns x0../y0.. and pictures drawn by {@link #picture}. */
    public static org.cgml.api.Presentation presentation(int inputSize, int outputSize) {
        return presentation(inputSize, outputSize, Rasters::picture);
    }

    /** Columns x0../y0.. and pictures drawn by {@code draw(values, offset, shape)}. */
    public static org.cgml.api.Presentation presentation(int inputSize, int outputSize, Drawing draw) {
        org.cgml.api.Presentation columns = org.cgml.api.Presentation.indexed(inputSize, outputSize);
        return new org.cgml.api.Presentation() {
            @Override
            public java.util.List<String> inputColumns() {
                return columns.inputColumns();
            }

            @Override
            public java.util.List<String> outputColumns() {
                return columns.outputColumns();
            }

            @Override
            public java.util.Optional<BufferedImage> image(float[] values, int offset, int[] shape) {
                return java.util.Optional.of(draw.picture(values, offset, shape));
            }
        };
    }

    /** Draws one input or output. */
    @FunctionalInterface
    public interface Drawing {
        BufferedImage picture(float[] values, int offset, int[] shape);
    }

    /** Parses an image-size option: a power of two, at least 16 (the U-Net goes down to 4 x 4). */
    /** The image-size option S of the image tasks ({@code --size}, a power of two >= 16, default 32). */
    public static org.cgml.api.TaskOption sizeOption(String description) {
        return new org.cgml.api.TaskOption("size", description, "32", Rasters::imageSize);
    }

    public static int imageSize(String value) {
        int s;
        try {
            s = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            s = -1;
        }
        if (s < 16 || Integer.bitCount(s) != 1) {
            throw new IllegalArgumentException("--size must be a power of two >= 16 (got " + value + ")");
        }
        return s;
    }

    static int byteOf(float v) {
        return Math.max(0, Math.min(255, Math.round((v + 1) * 127.5f)));
    }
}
