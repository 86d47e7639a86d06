package org.cgml.eval;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Reads PNG and JPEG files into {@link Raster}s of 0..255 values: grey files as 1 channel, the rest as RGB. JPEGs are
 * decoded by TwelveMonkeys' reader, which converts CMYK and YCCK (Adobe) JPEGs to RGB (through their ICC profile
 * where they embed one); truncated files are refused by name, not decoded with a grey remainder.
 */
public final class Images {
    /** The most pixels a picture file may declare (as 64 megapixels: 256 MB decoded as RGB ints). */
    public static final long MAX_PIXELS = 64L << 20;
    /** The largest picture file read (512 MiB). */
    public static final long MAX_FILE_BYTES = 512L << 20;

    private Images() {
    }

    /**
     * The picture in {@code file}, decoded after its header's size is checked against {@link #MAX_PIXELS} (so a small
     * file declaring a huge picture costs nothing); an {@link IOException} naming the file if it is missing, not a
     * regular file (a folder, a FIFO, a device), not a picture, too large, truncated or corrupt.
     */
    public static BufferedImage decode(Path file) throws IOException {
        long size = org.cgml.api.InputFiles.requireRegular(file, MAX_FILE_BYTES, "a PNG or JPEG picture");
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
                java.util.List<String> truncated = new java.util.ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> {
                    if (TRUNCATION.matcher(warning).find()) { // libjpeg fills the rest of the picture with grey
                        truncated.add(warning);
                    }
                });
                BufferedImage image = reader.read(0);
                if (!truncated.isEmpty()) {
                    throw new IOException(file + ": truncated or corrupt " + reader.getFormatName().toUpperCase(
                            java.util.Locale.ROOT) + " (" + String.join("; ", truncated) + ")");
                }
                if (reader.getFormatName().equalsIgnoreCase("png") && !endsWithIend(file, size)) {
                    throw new IOException(file + ": truncated PNG (no IEND chunk at its end)");
                }
                return image;
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

    /** The JPEG readers' warnings of a file that ends early ("Premature end of JPEG file", "Missing EOI marker"). */
    private static final java.util.regex.Pattern TRUNCATION = java.util.regex.Pattern.compile(
            "(?i)truncated|missing eoi|premature end");

    /**
     * Whether the last 64 KiB of a PNG file hold its IEND chunk (what a PNG ends with; the JDK's reader stops after
     * the image data and would not notice a file cut inside or after its last IDAT).
     */
    private static boolean endsWithIend(Path file, long size) throws IOException {
        int tail = (int) Math.min(size, 1 << 16);
        byte[] b = new byte[tail];
        try (java.nio.channels.SeekableByteChannel c = Files.newByteChannel(file)) {
            c.position(size - tail);
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(b);
            while (buffer.hasRemaining() && c.read(buffer) > 0) {
                // reads the tail
            }
        }
        for (int i = tail - 8; i >= 4; i--) { // length 0, "IEND", then its CRC
            if (b[i] == 'I' && b[i + 1] == 'E' && b[i + 2] == 'N' && b[i + 3] == 'D' && b[i - 1] == 0 && b[i - 2] == 0
                    && b[i - 3] == 0 && b[i - 4] == 0) {
                return true;
            }
        }
        return false;
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
