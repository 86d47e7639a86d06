package org.cgml.tasks.image.paired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.cgml.api.Dataset;
import org.cgml.api.TaskData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairedTest {
    /** A|B files: A red, B blue. */
    static void aligned(Path dir, int count) throws Exception {
        Files.createDirectories(dir);
        for (int i = 0; i < count; i++) {
            BufferedImage img = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 20; y++) {
                for (int x = 0; x < 40; x++) {
                    img.setRGB(x, y, x < 20 ? 0xFF0000 : 0x0000FF);
                }
            }
            ImageIO.write(img, "png", dir.resolve("p" + i + ".png").toFile());
        }
    }

    @Test
    void readsBothSplitsInBothDirections(@TempDir Path dir) throws Exception {
        aligned(dir.resolve("train"), 3);
        aligned(dir.resolve("val"), 2);
        TaskData d = new Paired().withOptions(Map.of("data", dir.toString(), "size", "16")).data(1);
        assertEquals(3, d.train().size());
        assertEquals(2, d.test().size());
        float[] x = new float[16 * 16 * 3];
        float[] y = new float[16 * 16 * 3];
        d.train().example(0, 0, x, 0, y, 0);
        assertEquals(1f, x[0], 1e-6, "A is red");
        assertEquals(1f, y[2], 1e-6, "B is blue");
        Dataset back = new Paired().withOptions(Map.of("data", dir.toString(), "size", "16", "direction", "BtoA"))
                .data(1).train();
        back.example(0, 0, x, 0, y, 0);
        assertEquals(1f, x[2], 1e-6, "B -> A");
    }

    @Test
    void wrongFilesAreNamed(@TempDir Path dir) throws Exception {
        aligned(dir.resolve("train"), 2);
        aligned(dir.resolve("test"), 1);
        ImageIO.write(new BufferedImage(30, 20, BufferedImage.TYPE_INT_RGB), "png", dir.resolve("train/square.png").toFile());
        Files.writeString(dir.resolve("train/broken.png"), "nope");
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> new Paired().withOptions(Map.of("data", dir.toString())).data(1));
        assertTrue(e.getMessage().contains("square.png") && e.getMessage().contains("broken.png"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Paired().withOptions(Map.of("direction", "up")));
    }
}
