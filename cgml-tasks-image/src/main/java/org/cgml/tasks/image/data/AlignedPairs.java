package org.cgml.tasks.image.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * pix2pix's "aligned" format: each file holds A and B side by side (width twice the height). Each half is scaled to
 * S x S and stored as RGB floats in [-1, 1]. Unreadable files, files that are not two squares side by side, and
 * picture names that are not regular files (a folder, a FIFO, a link to a device) are all named in one exception.
 */
public final class AlignedPairs {
    private final List<float[]> a = new ArrayList<>();
    private final List<float[]> b = new ArrayList<>();

    private AlignedPairs() {
    }

    public static AlignedPairs read(Path dir, int size) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": no such folder");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) { // a folder, FIFO or device of a picture's name is named by decode()
            files = s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(png|jpe?g)$"))
                    .sorted().toList();
        }
        AlignedPairs pairs = new AlignedPairs();
        List<String> problems = new ArrayList<>();
        for (Path f : files) {
            try {
                BufferedImage img = org.cgml.eval.Images.decode(f); // names the file if it is not a picture
                if (img.getWidth() != 2 * img.getHeight()) {
                    problems.add(f + ": " + img.getWidth() + "x" + img.getHeight() + " is not A and B side by side "
                            + "(width must be twice the height)");
                } else {
                    int h = img.getHeight();
                    pairs.a.add(half(img, 0, h, size));
                    pairs.b.add(half(img, h, h, size));
                }
            } catch (IOException e) { // names the file and what is wrong with it
                problems.add(e.getMessage());
            } catch (RuntimeException e) {
                problems.add(f + ": cannot decode (" + e.getMessage() + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new IOException(problems.size() + " bad file(s): " + String.join("; ", problems));
        }
        if (pairs.count() == 0) {
            throw new IOException(dir + ": no PNG or JPEG pairs");
        }
        return pairs;
    }

    private static float[] half(BufferedImage img, int x0, int side, int size) {
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, size, size, x0, 0, x0 + side, side, null);
        g.dispose();
        float[] p = new float[size * size * 3];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int rgb = out.getRGB(x, y);
                int i = (y * size + x) * 3;
                p[i] = ((rgb >> 16) & 0xFF) / 127.5f - 1f;
                p[i + 1] = ((rgb >> 8) & 0xFF) / 127.5f - 1f;
                p[i + 2] = (rgb & 0xFF) / 127.5f - 1f;
            }
        }
        return p;
    }

    public int count() {
        return a.size();
    }

    /** Side A of pair i. */
    public float[] a(int i) {
        return a.get(i);
    }

    /** Side B of pair i. */
    public float[] b(int i) {
        return b.get(i);
    }
}
