package org.cgml.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link Images#decode} makes of CMYK JPEGs, of files cut short, and of paths that are not regular files:
 * the right colours, or one message naming the file, never a hang or a silently grey picture.
 */
class PictureFilesTest {

    private static Path resource(String name) throws Exception {
        return Path.of(PictureFilesTest.class.getResource(name).toURI());
    }

    /** scripts/jpeg-fixtures.py: the coffee crop saved by PIL as a CMYK (Adobe) JPEG, baseline and progressive. */
    @Test
    void cmykJpegsDecodeInTheirOwnColours() throws Exception {
        Raster original = Images.read(resource("ssim/coffee_ref.png"));
        for (String name : new String[] {"jpeg/coffee-cmyk.jpg", "jpeg/coffee-cmyk-progressive.jpg"}) {
            Raster cmyk = Images.read(resource(name));
            assertEquals(original.shape(), cmyk.shape(), name);
            double psnr = Psnr.of(original, cmyk, 255);
            // PIL decodes these at 44.9 dB; the JDK's own JPEG reader gave 13 dB (inverted, unconverted inks)
            assertTrue(psnr > 35, name + ": PSNR " + psnr + " dB against the RGB original");
        }
    }

    private static BufferedImage gradient(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, ((x * 255 / w) << 16) | ((y * 255 / h) << 8) | ((x + y) * 127 / (w + h)));
            }
        }
        return img;
    }

    @Test
    void truncatedJpegsAndPngsAreRefusedByName(@TempDir Path tmp) throws Exception {
        for (String format : new String[] {"jpeg", "png"}) {
            Path whole = tmp.resolve("whole." + format);
            assertTrue(ImageIO.write(gradient(64, 48), format, whole.toFile()));
            assertEquals(64, Images.decode(whole).getWidth(), "the whole file decodes");
            byte[] bytes = Files.readAllBytes(whole);
            // cut inside the data, and just before the end marker (JPEG's EOI, PNG's IEND chunk)
            for (int keep : new int[] {bytes.length * 2 / 3, bytes.length - (format.equals("png") ? 12 : 2)}) {
                Path cut = Files.write(tmp.resolve("cut-" + keep + "." + format), Arrays.copyOf(bytes, keep));
                IOException e = assertThrows(IOException.class, () -> Images.decode(cut), format + " cut at " + keep);
                assertTrue(e.getMessage().startsWith(cut.toString()), e.getMessage());
                assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("cannot decode"),
                        e.getMessage());
            }
        }
    }

    @Test
    void foldersFifosAndDevicesAreNamedNotOpened(@TempDir Path tmp) throws Exception {
        Path folder = Files.createDirectory(tmp.resolve("x.png"));
        IOException dir = assertThrows(IOException.class, () -> Images.decode(folder));
        assertEquals(folder + ": is a folder, not a PNG or JPEG picture", dir.getMessage());

        Path zero = Files.createSymbolicLink(tmp.resolve("zero.jpg"), Path.of("/dev/zero"));
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/zero")), "a Unix /dev/zero");
        IOException device = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(IOException.class, () -> Images.decode(zero)));
        assertTrue(device.getMessage().startsWith(zero + ": is not a regular file"), device.getMessage());

        Path fifo = tmp.resolve("pipe.png");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        Assumptions.assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo");
        IOException pipe = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(IOException.class, () -> Images.decode(fifo)));
        assertTrue(pipe.getMessage().startsWith(fifo + ": is not a regular file"), pipe.getMessage());

        IOException missing = assertThrows(IOException.class, () -> Images.decode(tmp.resolve("none.png")));
        assertTrue(missing.getMessage().contains("none.png: no such file"), missing.getMessage());
    }
}
