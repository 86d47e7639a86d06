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
 * Colour photographs read from a folder (PNG and JPEG, searched recursively, in name order), each scaled so that its
 * short side is {@code shortSide} pixels, stored as RGB floats in [-1, 1]. Every unreadable or too-small file, and
 * every picture name that is not a regular file (a FIFO, a link to a device), is named in one exception before
 * anything trains.
 */
public final class Photos {
    private final List<float[]> pixels = new ArrayList<>();
    private final List<int[]> sizes = new ArrayList<>();
    private final List<String> names = new ArrayList<>();

    private Photos() {
    }

    /** Reads every photo of {@code dir}; {@code minSide} is the patch size they must be able to hold. */
    public static Photos read(Path dir, int shortSide, int minSide) throws IOException {
        return read(dir, shortSide, minSide, null);
    }

    /**
     * The photos of {@code dir} with only the ones {@link PhotoPatches} holds out under {@code seed} decoded (the
     * others are counted, not read): what sampling a trained model needs, whatever the size of the training set.
     */
    public static Photos readHeldOut(Path dir, int shortSide, int minSide, long seed) throws IOException {
        int n = files(dir).size();
        java.util.Set<Integer> held = new java.util.HashSet<>();
        for (int i : PhotoPatches.heldOut(n, seed)) {
            held.add(i);
        }
        return read(dir, shortSide, minSide, held);
    }

    private static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": no such folder");
        }
        // every name of a picture but the folders walked into: a FIFO or a link to a device is named by decode()
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(png|jpe?g)$"))
                    .filter(p -> !Files.isDirectory(p)).sorted().toList();
        }
    }

    private static Photos read(Path dir, int shortSide, int minSide, java.util.Set<Integer> only) throws IOException {
        List<Path> files = files(dir);
        Photos photos = new Photos();
        List<String> problems = new ArrayList<>();
        for (int index = 0; index < files.size(); index++) {
            Path f = files.get(index);
            if (only != null && !only.contains(index)) {
                photos.pixels.add(null); // counted, not decoded
                photos.sizes.add(new int[] {0, 0});
                photos.names.add(f.getFileName().toString());
                continue;
            }
            try {
                BufferedImage img = org.cgml.eval.Images.decode(f); // names the file if it is not a picture
                double scale = (double) shortSide / Math.min(img.getWidth(), img.getHeight());
                int w = Math.max(1, (int) Math.round(img.getWidth() * scale));
                int h = Math.max(1, (int) Math.round(img.getHeight() * scale));
                if (Math.min(w, h) < minSide) {
                    problems.add(f + ": " + w + "x" + h + " after scaling, smaller than " + minSide);
                    continue;
                }
                photos.add(f.getFileName().toString(), scaled(img, w, h));
            } catch (IOException e) { // names the file and what is wrong with it
                problems.add(e.getMessage());
            } catch (RuntimeException e) {
                problems.add(f + ": cannot decode (" + e.getMessage() + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new IOException(problems.size() + " bad photo file(s): " + String.join("; ", problems));
        }
        if (photos.count() < 2) {
            throw new IOException(dir + ": needs at least 2 photographs (one for training, one held out), found "
                    + photos.count());
        }
        return photos;
    }

    private static BufferedImage scaled(BufferedImage img, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        // halve repeatedly first so bilinear sampling does not alias on large photos
        BufferedImage src = img;
        while (src.getWidth() / 2 >= w && src.getHeight() / 2 >= h) {
            BufferedImage half = new BufferedImage(src.getWidth() / 2, src.getHeight() / 2, BufferedImage.TYPE_INT_RGB);
            Graphics2D hg = half.createGraphics();
            hg.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            hg.drawImage(src, 0, 0, half.getWidth(), half.getHeight(), null);
            hg.dispose();
            src = half;
        }
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    /** Adds a photo (for generated data in tests). */
    public void add(String name, BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        float[] p = new float[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x, y);
                int i = (y * w + x) * 3;
                p[i] = ((rgb >> 16) & 0xFF) / 127.5f - 1f;
                p[i + 1] = ((rgb >> 8) & 0xFF) / 127.5f - 1f;
                p[i + 2] = (rgb & 0xFF) / 127.5f - 1f;
            }
        }
        pixels.add(p);
        sizes.add(new int[] {w, h});
        names.add(name);
    }

    /** An empty collection to {@link #add} to. */
    public static Photos empty() {
        return new Photos();
    }

    public int count() {
        return pixels.size();
    }

    public String name(int i) {
        return names.get(i);
    }

    public int width(int i) {
        return sizes.get(i)[0];
    }

    public int height(int i) {
        return sizes.get(i)[1];
    }

    /** Copies the S x S RGB patch of photo {@code i} at (x, y) into {@code out} at {@code off}. */
    public void patch(int i, int x, int y, int s, float[] out, int off) {
        float[] p = pixels.get(i);
        int w = sizes.get(i)[0];
        for (int r = 0; r < s; r++) {
            System.arraycopy(p, ((y + r) * w + x) * 3, out, off + r * s * 3, s * 3);
        }
    }
}
