package org.cgml.tasks.image.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.cgml.api.FuzzTarget;

/** The image-data readers offered to {@code cgml bench fuzz}: IDX files, photo folders and pix2pix pair folders. */
public final class Fuzz {
    private Fuzz() {
    }

    /** A small picture with some structure (so that its compressed data is not trivial). */
    private static BufferedImage picture(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, ((x * 37) & 0xFF) << 16 | ((y * 53) & 0xFF) << 8 | ((x * y) & 0xFF));
            }
        }
        return img;
    }

    /** MNIST-style IDX files, plain and gzip-compressed. */
    public static final class IdxFiles implements FuzzTarget {
        @Override
        public String name() {
            return "idx";
        }

        @Override
        public List<Path> seeds(Path dir) throws IOException {
            byte[] data = new byte[4 * 6 * 6];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) (i * 7);
            }
            Path plain = dir.resolve("images-idx3-ubyte");
            Path gz = dir.resolve("images-idx3-ubyte.gz");
            Idx.write(plain, new int[] {4, 6, 6}, data);
            Idx.write(gz, new int[] {4, 6, 6}, data);
            return List.of(plain, gz);
        }

        @Override
        public void read(Path file) throws IOException {
            Idx.read(file);
        }
    }

    /** A folder of photographs (PNG and JPEG), as inpainting and colorization read it. */
    public static final class PhotoFolder implements FuzzTarget {
        @Override
        public String name() {
            return "png-folder";
        }

        @Override
        public List<Path> seeds(Path dir) throws IOException {
            Path png = dir.resolve("photo.png");
            Path jpg = dir.resolve("jpeg").resolve("photo.jpg");
            Files.createDirectories(jpg.getParent());
            ImageIO.write(picture(40, 24), "png", png.toFile());
            ImageIO.write(picture(40, 24), "jpg", jpg.toFile());
            return List.of(png, jpg);
        }

        /** The mutated photo beside a valid one (a folder needs two: one for training, one held out). */
        @Override
        public void read(Path file) throws IOException {
            Path other = file.resolveSibling("zz-valid-other.png");
            if (!Files.exists(other)) {
                ImageIO.write(picture(24, 24), "png", other.toFile());
            }
            Photos.read(file.getParent(), 16, 8);
        }
    }

    /** A folder of pix2pix pairs (A and B side by side). */
    public static final class PairFolder implements FuzzTarget {
        @Override
        public String name() {
            return "pix2pix-pairs";
        }

        @Override
        public List<Path> seeds(Path dir) throws IOException {
            Path png = dir.resolve("pair.png");
            ImageIO.write(picture(32, 16), "png", png.toFile());
            return List.of(png);
        }

        @Override
        public void read(Path file) throws IOException {
            AlignedPairs.read(file.getParent(), 16);
        }
    }
}
