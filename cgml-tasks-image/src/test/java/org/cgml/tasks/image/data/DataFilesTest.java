package org.cgml.tasks.image.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image data readers open regular files only: a FIFO, a link to /dev/zero or a folder under a data file's name is
 * named in the reader's message, never opened and never silently left out.
 */
class DataFilesTest {

    private static void mkfifo(Path file) throws Exception {
        Process p = new ProcessBuilder("mkfifo", file.toString()).start();
        Assumptions.assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo");
    }

    private static void picture(Path file, int w, int h) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (x * 4 << 16) | (y * 4 << 8) | 90);
            }
        }
        ImageIO.write(img, "png", file.toFile());
    }

    @Test
    void photoFoldersNameFifosAndDevices(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/zero")), "a Unix /dev/zero");
        picture(dir.resolve("a.png"), 48, 40);
        picture(dir.resolve("b.png"), 48, 40);
        Files.createDirectories(dir.resolve("more.png")); // a folder of that name is searched, not read
        picture(dir.resolve("more.png").resolve("c.png"), 48, 40);
        assertEquals(3, Photos.read(dir, 32, 16).count());
        mkfifo(dir.resolve("pipe.png"));
        Files.createSymbolicLink(dir.resolve("zero.jpg"), Path.of("/dev/zero"));
        IOException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(IOException.class, () -> Photos.read(dir, 32, 16)));
        assertTrue(e.getMessage().contains(dir.resolve("pipe.png") + ": is not a regular file"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.resolve("zero.jpg") + ": is not a regular file"), e.getMessage());
        assertTrue(e.getMessage().startsWith("2 bad photo file(s)"), e.getMessage());
    }

    @Test
    void pairFoldersNameAFolderOfAPictureName(@TempDir Path dir) throws Exception {
        picture(dir.resolve("p0.png"), 32, 16);
        assertEquals(1, AlignedPairs.read(dir, 8).count());
        Files.createDirectory(dir.resolve("x.jpg"));
        IOException e = assertThrows(IOException.class, () -> AlignedPairs.read(dir, 8));
        assertTrue(e.getMessage().contains(dir.resolve("x.jpg") + ": is a folder, not a PNG or JPEG picture"),
                e.getMessage());
    }

    @Test
    void idxFilesMustBeRegular(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectory(dir.resolve("train-images-idx3-ubyte"));
        IOException f = assertThrows(IOException.class, () -> Idx.read(folder));
        assertEquals(folder + ": is a folder, not an IDX file", f.getMessage());
        Path pipe = dir.resolve("t10k-images-idx3-ubyte.gz");
        mkfifo(pipe);
        IOException p = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(IOException.class, () -> Idx.read(pipe)));
        assertTrue(p.getMessage().startsWith(pipe + ": is not a regular file"), p.getMessage());
        Path missing = dir.resolve("none");
        IOException m = assertThrows(IOException.class, () -> Idx.read(missing));
        assertEquals(missing + ": no such file", m.getMessage());
    }
}
