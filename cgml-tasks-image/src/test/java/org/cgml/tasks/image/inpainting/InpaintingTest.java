package org.cgml.tasks.image.inpainting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.util.Map;
import org.cgml.api.Dataset;
import org.cgml.api.TaskData;
import org.cgml.tasks.image.data.Photos;
import org.junit.jupiter.api.Test;

class InpaintingTest {
    /** A 48 x 40 picture of random colours. */
    private static BufferedImage noise(java.util.SplittableRandom rng) {
        BufferedImage img = new BufferedImage(48, 40, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 48; x++) {
                img.setRGB(x, y, rng.nextInt(1 << 24));
            }
        }
        return img;
    }

    private static Photos noisyPhotos() {
        Photos p = Photos.empty();
        java.util.SplittableRandom rng = new java.util.SplittableRandom(2);
        for (int i = 0; i < 5; i++) {
            p.add("n" + i, noise(rng));
        }
        return p;
    }

    @Test
    void theTestSplitAloneDecodesOnlyTheHeldOutPhotosAndEqualsTheFullSplit(@org.junit.jupiter.api.io.TempDir
                                                                           java.nio.file.Path dir) throws Exception {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
        for (int i = 0; i < 10; i++) {
            javax.imageio.ImageIO.write(noise(rng), "png", dir.resolve("p" + i + ".png").toFile());
        }
        Inpainting task = (Inpainting) new Inpainting().withOptions(Map.of("data", dir.toString(), "size", "16",
                "short-side", "32"));
        Dataset full = task.data(7).test();
        // a training photo that cannot be decoded: the full read refuses it, the test split alone never opens it
        int[] held = org.cgml.tasks.image.data.PhotoPatches.heldOut(10, 7);
        int train = java.util.stream.IntStream.range(0, 10).filter(i -> java.util.Arrays.binarySearch(held, i) < 0)
                .findFirst().orElseThrow();
        java.nio.file.Files.writeString(dir.resolve("p" + train + ".png"), "not a picture");
        Dataset alone = task.testData(7);
        assertEquals(full.size(), alone.size());
        float[][] a = {new float[16 * 16 * 4], new float[16 * 16 * 3]};
        float[][] b = {new float[16 * 16 * 4], new float[16 * 16 * 3]};
        for (int i = 0; i < full.size(); i += 37) {
            full.example(i, 7 + i, a[0], 0, a[1], 0);
            alone.example(i, 7 + i, b[0], 0, b[1], 0);
            assertArrayEquals(a[0], b[0], "input " + i);
            assertArrayEquals(a[1], b[1], "target " + i);
        }
        assertThrows(java.io.UncheckedIOException.class, () -> task.data(7));
    }

    @Test
    void inputsCarryTheHoleAndSamplesKeepTheKnownPixels() {
        Inpainting task = (Inpainting) new Inpainting().withOptions(Map.of("size", "16", "eval-mask", "centre"));
        TaskData data = task.data(noisyPhotos(), 3);
        Dataset test = data.test();
        float[] x = new float[16 * 16 * 4];
        float[] y = new float[16 * 16 * 3];
        test.example(0, 99, x, 0, y, 0);
        int holes = 0;
        for (int p = 0; p < 256; p++) {
            boolean hole = x[p * 4 + 3] > 0;
            int row = p / 16;
            int col = p % 16;
            assertEquals(row >= 4 && row < 12 && col >= 4 && col < 12, hole, "centre hole at " + p);
            if (hole) {
                holes++;
                assertEquals(0f, x[p * 4]);
            } else {
                assertEquals(y[p * 3 + 1], x[p * 4 + 1]);
            }
        }
        assertEquals(64, holes);
        float[] out = new float[256 * 3];
        java.util.Arrays.fill(out, 0.5f);
        task.finish(x, 0, out, 0);
        assertEquals(y[0], out[0], "known pixel kept");
        assertEquals(0.5f, out[(5 * 16 + 5) * 3], "hole pixel from the generator");
        float[] x2 = new float[x.length];
        float[] y2 = new float[y.length];
        test.example(0, 12345, x2, 0, y2, 0);
        assertArrayEquals(x, x2, "test examples are fixed whatever the epoch");
    }

    @Test
    void optionsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new Inpainting().withOptions(Map.of("eval-mask", "round")));
        assertThrows(IllegalArgumentException.class, () -> new Inpainting().withOptions(Map.of("size", "20")));
        assertThrows(IllegalArgumentException.class,
                () -> new Inpainting().withOptions(Map.of("size", "64", "short-side", "48")));
    }
}
