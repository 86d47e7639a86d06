package org.cgml.tasks.image.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhotoDataTest {

    /** Photo i is a flat colour whose red channel is 20 * i, so a crop tells which photo it came from. */
    static Photos flatPhotos(int count, int w, int h) {
        Photos p = Photos.empty();
        for (int i = 0; i < count; i++) {
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    img.setRGB(x, y, (20 * i) << 16 | 0x4080);
                }
            }
            p.add("p" + i, img);
        }
        return p;
    }

    private static int photoOf(float[] patch) {
        return Math.round((patch[0] + 1) * 127.5f / 20);
    }

    @Test
    void heldOutPhotosNeverGiveTrainingCrops() {
        PhotoPatches patches = new PhotoPatches(flatPhotos(10, 40, 40), 16, 5);
        Set<Integer> test = new HashSet<>();
        for (int t : patches.testPhotos()) {
            test.add(t);
        }
        assertEquals(2, test.size(), "a fifth held out");
        float[] patch = new float[16 * 16 * 3];
        Set<Integer> seenTrain = new HashSet<>();
        for (long s = 0; s < 300; s++) {
            patches.trainPatch(s, patch, 0);
            seenTrain.add(photoOf(patch));
        }
        for (int i = 0; i < 50; i++) {
            patches.testPatch(i, patch, 0);
            assertTrue(test.contains(photoOf(patch)), "test crop from a held-out photo");
        }
        seenTrain.retainAll(test);
        assertTrue(seenTrain.isEmpty(), "training never sees held-out photos");
        float[] again = new float[patch.length];
        patches.testPatch(7, patch, 0);
        patches.testPatch(7, again, 0);
        assertArrayEquals(patch, again, "test crops are fixed");
    }

    @Test
    void badPhotoFilesAreAllNamedBeforeAnythingTrains(@TempDir Path dir) throws IOException {
        BufferedImage ok = new BufferedImage(120, 80, BufferedImage.TYPE_INT_RGB);
        ImageIO.write(ok, "png", dir.resolve("a.png").toFile());
        ImageIO.write(ok, "png", dir.resolve("b.png").toFile());
        assertEquals(2, Photos.read(dir, 64, 32).count());
        Files.writeString(dir.resolve("broken.jpg"), "not a jpeg");
        byte[] png = Files.readAllBytes(dir.resolve("a.png"));
        Files.write(dir.resolve("truncated.png"), java.util.Arrays.copyOf(png, png.length / 3));
        IOException e = assertThrows(IOException.class, () -> Photos.read(dir, 64, 32));
        assertTrue(e.getMessage().contains("broken.jpg") && e.getMessage().contains("truncated.png"), e.getMessage());
        assertThrows(IOException.class, () -> Photos.read(dir.resolve("none"), 64, 32));
    }

    @Test
    void masksCoverTheRequestedAreas() {
        SplittableRandom rng = new SplittableRandom(1);
        assertEquals(0.10, Masks.area(Masks.areaSquare(32, 0.10, rng)), 0.02);
        assertEquals(0.15, Masks.area(Masks.areaSquare(32, 0.15, rng)), 0.02);
        assertEquals(0.25, Masks.area(Masks.areaSquare(32, 0.25, rng)), 0.02);
        assertEquals(0.25, Masks.area(Masks.centre(32)), 1e-9);
        for (int i = 0; i < 20; i++) {
            double a = Masks.area(Masks.strokes(32, rng));
            assertTrue(a >= 0.15 && a < 0.4, "strokes cover " + a);
            double sq = Masks.area(Masks.randomSquare(32, 4, 16, rng));
            assertTrue(sq >= 16.0 / 1024 && sq <= 256.0 / 1024, "training square " + sq);
        }
    }
}
