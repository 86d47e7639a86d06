package org.cgml.tasks.image.sketch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import org.cgml.api.Dataset;
import org.cgml.tasks.image.data.Canny;
import org.cgml.tasks.image.data.Idx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SketchToImageTest {

    @Test
    void cannyOutlinesASquareAndNothingElse() {
        int s = 32;
        double[] img = new double[s * s];
        for (int y = 8; y < 24; y++) {
            for (int x = 8; x < 24; x++) {
                img[y * s + x] = 1;
            }
        }
        boolean[] e = new Canny(1.0, 0.1, 0.25).edges(img, s, s);
        int on = 0;
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                if (e[y * s + x]) {
                    on++;
                    boolean nearBorder = (Math.abs(x - 7.5) <= 1.5 || Math.abs(x - 23.5) <= 1.5) && y >= 5 && y <= 26
                            || (Math.abs(y - 7.5) <= 1.5 || Math.abs(y - 23.5) <= 1.5) && x >= 5 && x <= 26;
                    assertTrue(nearBorder, "edge at (" + x + ", " + y + ") is on the square's outline");
                }
            }
        }
        assertTrue(on >= 56 && on <= 72, "a one-pixel closed outline (about 4 x 16), " + on + " pixels");
        assertEquals(0, count(new Canny(1.0, 0.1, 0.25).edges(new double[s * s], s, s)), "flat image: no edges");
        assertThrows(IllegalArgumentException.class, () -> new Canny(1.0, 0.3, 0.2));
    }

    private static int count(boolean[] b) {
        int n = 0;
        for (boolean v : b) {
            n += v ? 1 : 0;
        }
        return n;
    }

    @Test
    void keepsShoesAndBagsAndSketchesThem(@TempDir Path dir) throws Exception {
        int n = 12;
        byte[] images = new byte[n * 784];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 10);
            for (int y = 6; y < 22; y++) {
                for (int x = 6; x < 22; x++) {
                    images[i * 784 + y * 28 + x] = (byte) 230;
                }
            }
        }
        for (String split : new String[] {"train", "t10k"}) {
            Idx.write(dir.resolve(split + "-images-idx3-ubyte.gz"), new int[] {n, 28, 28}, images);
            Idx.write(dir.resolve(split + "-labels-idx1-ubyte.gz"), new int[] {n}, labels);
        }
        Dataset train = new SketchToImage().withOptions(Map.of("data", dir.toString())).data(1).train();
        assertEquals(4, train.size(), "labels 0..9, 0, 1: only the sandal, sneaker, bag and ankle boot are kept");
        float[] x = new float[1024];
        float[] y = new float[1024];
        train.example(0, 0, x, 0, y, 0);
        int edges = 0;
        for (float v : x) {
            edges += v > 0 ? 1 : 0;
        }
        assertTrue(edges > 30, "the square's outline is sketched: " + edges);
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> new SketchToImage().withOptions(Map.of("data", dir.resolve("no").toString())).data(1));
        assertTrue(e.getMessage().contains("fetch-data.sh fashion"), e.getMessage());
    }
}
