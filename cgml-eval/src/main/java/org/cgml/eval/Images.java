package org.cgml.eval;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Reads PNG and JPEG files into {@link Raster}s of 0..255 values: grey files as 1 channel, the rest as RGB. */
public final class Images {
    private Images() {
    }

    /** The image in {@code file}; an {@link IOException} naming the file if it is missing, unreadable or corrupt. */
    public static Raster read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such file");
        }
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + ": cannot decode (" + e.getMessage() + ")", e);
        }
        if (img == null) {
            throw new IOException(file + ": not a PNG or JPEG image");
        }
        return of(img);
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
