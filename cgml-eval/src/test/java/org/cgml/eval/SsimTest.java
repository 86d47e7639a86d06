package org.cgml.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * SSIM and PSNR against scikit-image 0.19.3 on crops of real photographs (fixtures and expected values written by
 * scripts/ssim-reference.py with Debian's python3-skimage).
 */
class SsimTest {
    private static Raster load(String name) throws IOException {
        try (InputStream in = SsimTest.class.getResourceAsStream("ssim/" + name)) {
            return Images.of(ImageIO.read(in));
        }
    }

    private static List<String[]> expected() throws IOException {
        try (InputStream in = SsimTest.class.getResourceAsStream("ssim/expected.csv")) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            return lines.subList(1, lines.size()).stream().map(l -> l.split(",")).toList();
        }
    }

    @Test
    void matchesScikitImageOnPhotographs() throws IOException {
        List<String[]> rows = expected();
        assertEquals(4, rows.size());
        boolean[] mask = Images.mask(load("mask.png"));
        for (String[] r : rows) {
            Raster ref = load(r[0] + "_ref.png");
            Raster pred = load(r[0] + "_pred.png");
            assertEquals(Integer.parseInt(r[1]), ref.channels(), r[0] + " channels");
            assertEquals(Double.parseDouble(r[2]), Psnr.of(ref, pred, 255), 1e-4, r[0] + " PSNR");
            assertEquals(Double.parseDouble(r[3]), Ssim.mean(ref, pred, 255), 1e-4, r[0] + " SSIM");
            assertEquals(Double.parseDouble(r[4]), Ssim.maskedMean(ref, pred, 255, mask), 1e-4, r[0] + " masked SSIM");
        }
    }

    @Test
    void identicalImagesScoreOne() throws IOException {
        Raster a = load("coffee_ref.png");
        assertEquals(1.0, Ssim.mean(a, a, 255), 1e-12);
        assertEquals(Double.POSITIVE_INFINITY, Psnr.of(a, a, 255));
    }

    @Test
    void rejectsMismatchedShapesTinyImagesAndBadRange() throws IOException {
        Raster colour = load("coffee_ref.png");
        Raster grey = load("camera_ref.png");
        assertThrows(IllegalArgumentException.class, () -> Ssim.mean(colour, grey, 255));
        Raster tiny = new Raster(8, 8, 1, new double[64]);
        assertThrows(IllegalArgumentException.class, () -> Ssim.mean(tiny, tiny, 255));
        assertThrows(IllegalArgumentException.class, () -> Ssim.mean(grey, grey, 0));
    }

    @Test
    void reflectIsHalfSampleSymmetric() {
        assertEquals(0, Ssim.reflect(-1, 5));
        assertEquals(1, Ssim.reflect(-2, 5));
        assertEquals(4, Ssim.reflect(5, 5));
        assertEquals(3, Ssim.reflect(6, 5));
    }
}
