package org.cgml.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Picture files are checked against their declared size before they are decoded. */
class ImagesTest {

    /** A PNG chunk: length, type, data, CRC-32 of type and data. */
    private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeInt(data.length);
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }

    /** A valid PNG signature and header declaring {@code w x h} RGB pixels, then no image data. */
    static byte[] header(int w, int h) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(ihdr);
        d.writeInt(w);
        d.writeInt(h);
        d.write(new byte[] {8, 2, 0, 0, 0}); // 8 bits, RGB, deflate, no filter, no interlace
        chunk(out, "IHDR", ihdr.toByteArray());
        chunk(out, "IDAT", new byte[0]);
        chunk(out, "IEND", new byte[0]);
        return bytes.toByteArray();
    }

    @Test
    void aTinyFileDeclaringAHugePictureIsRefusedBeforeDecoding(@TempDir Path tmp) throws Exception {
        Path png = tmp.resolve("huge.png");
        Files.write(png, header(26000, 13000));
        assertTrue(Files.size(png) < 100);
        Runtime rt = Runtime.getRuntime();
        long before = rt.totalMemory() - rt.freeMemory();
        IOException e = assertThrows(IOException.class, () -> Images.read(png));
        long grown = rt.totalMemory() - rt.freeMemory() - before;
        assertTrue(e.getMessage().startsWith(png.toString()) && e.getMessage().contains("26000x13000"), e.getMessage());
        assertTrue(grown < 64L << 20, "no picture-sized allocation: " + (grown >> 20) + " MiB");
    }

    @Test
    void aSmallPictureStillReads(@TempDir Path tmp) throws Exception {
        Path png = tmp.resolve("small.png");
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(5, 3, java.awt.image.BufferedImage.TYPE_INT_RGB);
        img.setRGB(4, 2, 0xff8040);
        javax.imageio.ImageIO.write(img, "png", png.toFile());
        Raster r = Images.read(png);
        assertEquals(5, r.width());
        assertEquals(3, r.height());
        IOException e = assertThrows(IOException.class, () -> Images.read(tmp.resolve("absent.png")));
        assertTrue(e.getMessage().contains("no such file"));
        Files.writeString(tmp.resolve("text.png"), "not a picture");
        assertTrue(assertThrows(IOException.class, () -> Images.read(tmp.resolve("text.png"))).getMessage()
                .contains("not a PNG or JPEG"));
    }
}
