package org.cgml.eval;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Reads PNG and JPEG files into {@link Raster}s of 0..255 values: grey files as 1 channel, the rest as RGB. */
public final class Images {
    /** The most pixels a picture file may declare (as 64 megapixels: 256 MB decoded as RGB ints). */
    public static final long MAX_PIXELS = 64L << 20;

    private Images() {
    }

    /**
     * The picture in {@code file}, decoded after its header's size is checked against {@link #MAX_PIXELS} (so a small
     * file declaring a huge picture costs nothing); an {@link IOException} naming the file if it is missing, not a
     * picture, too large or corrupt.
     */
    public static BufferedImage decode(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such file");
        }
        try (javax.imageio.stream.ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            java.util.Iterator<javax.imageio.ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new IOException(file + ": not a PNG or JPEG image");
            }
            javax.imageio.ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long w = reader.getWidth(0);
                long h = reader.getHeight(0);
                if (w <= 0 || h <= 0 || w * h > MAX_PIXELS) {
                    throw new IOException(file + ": declares a " + w + "x" + h + " picture, more than the "
                            + (MAX_PIXELS >> 20) + " megapixels read here");
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw e.getMessage() != null && e.getMessage().startsWith(file.toString()) ? e
                    : new IOException(file + ": cannot decode (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            throw new IOException(file + ": cannot decode (" + e + ")", e);
        }
    }

    /** The image in {@code file}; an {@link IOException} naming the file if it is missing, unreadable or corrupt. */
    public static Raster read(Path file) throws IOException {
        return of(decode(file));
    }

    /** A raster of a decoded image (alpha dropped). */
    public static Raster of(BufferedImage img) {
        int h = img.getHeight();
        int w = img.getWidth();
        boolean grey = img.getRaster().getNumBands() == 1 && !(img.getColorModel() instanceof IndexColorModel);
        if (grey) {
            double[] px = new double[h * w];
            img.getRaster().getPixels(0, 0, w, h, px);
            if (img.getColorModel().getComponentSize(0) > 8) {
                double scale = 255.0 / ((1 << img.getColorModel().getComponentSize(0)) - 1);
                for (int i = 0; i < px.length; i++) {
                    px[i] *= scale;
                }
            }
            return new Raster(h, w, 1, px);
        }
        double[] px = new double[h * w * 3];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                px[i] = (row[x] >> 16) & 0xFF;
                px[i + 1] = (row[x] >> 8) & 0xFF;
                px[i + 2] = row[x] & 0xFF;
            }
        }
        return new Raster(h, w, 3, px);
    }

    /** A mask from an image: true where the first channel is above half its range (the hole of an inpainting mask). */
    public static boolean[] mask(Raster r) {
        boolean[] m = new boolean[r.height() * r.width()];
        for (int i = 0; i < m.length; i++) {
            m[i] = r.pixels()[i * r.channels()] > 127.5;
        }
        return m;
    }
}
