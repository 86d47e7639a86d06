package org.cgml.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cgml.eval.torch.TorchFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The FID Inception-v3 against PyTorch (scripts/fid-reference.py, Debian's python3-torch): pytorch-fid's network with
 * every channel count divided by 32 and random weights, saved with torch.save in the key layout of pytorch-fid's
 * weight file (checked there against torchvision's Inception3 at full width), and the pool3 features PyTorch gives
 * two PNG images, one upsampled and one downsampled to 299 x 299.
 */
class InceptionV3Test {

    static Path resource(String name, Path dir) throws IOException {
        Path p = dir.resolve(name);
        try (InputStream in = InceptionV3Test.class.getResourceAsStream("fid/" + name)) {
            Files.write(p, in.readAllBytes());
        }
        return p;
    }

    static Map<String, double[]> expected() throws IOException {
        try (InputStream in = InceptionV3Test.class.getResourceAsStream("fid/features.csv")) {
            Map<String, double[]> m = new LinkedHashMap<>();
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            for (String l : lines.subList(1, lines.size())) {
                String[] f = l.split(",");
                String[] v = f[1].split(";");
                double[] row = new double[v.length];
                for (int i = 0; i < v.length; i++) {
                    row[i] = Double.parseDouble(v[i]);
                }
                m.put(f[0], row);
            }
            return m;
        }
    }

    /** Within 1e-3 relative: element-wise (beside a floor of 1e-5 of the largest feature) and in norm. */
    static void assertClose(double[] want, double[] got, String what) {
        assertEquals(want.length, got.length, what);
        double max = 0;
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < want.length; i++) {
            max = Math.max(max, Math.abs(want[i]));
            diff += (want[i] - got[i]) * (want[i] - got[i]);
            norm += want[i] * want[i];
        }
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-3 * Math.abs(want[i]) + 1e-5 * max, what + " feature " + i);
        }
        assertTrue(Math.sqrt(diff / norm) < 1e-3, what + ": relative error " + Math.sqrt(diff / norm));
    }

    @Test
    void poolFeaturesEqualPyTorch(@TempDir Path dir) throws IOException {
        Map<String, double[]> want = expected();
        try (InceptionV3 net = InceptionV3.load(resource("inception-reduced.pth", dir))) {
            assertEquals(64, net.dimension());
            List<Raster> images = new java.util.ArrayList<>();
            for (Map.Entry<String, double[]> e : want.entrySet()) {
                Raster r = Images.read(resource(e.getKey(), dir));
                images.add(r);
                assertClose(e.getValue(), net.features(r, 255), e.getKey());
            }
            // batches of one size, and the other size after them, give the same rows in order
            List<Raster> several = List.of(images.get(0), images.get(0), images.get(1), images.get(0));
            double[][] rows = net.features(several, 255);
            assertEquals(4, rows.length);
            for (int i = 0; i < 4; i++) {
                assertArrayEquals(net.features(several.get(i), 255), rows[i], 1e-5, "row " + i);
            }
            // range: the same picture on 0..1
            Raster unit = scaled(images.get(0), 1 / 255.0);
            assertClose(want.get("image0.png"), net.features(unit, 1), "image0 on [0, 1]");
        }
    }

    @Test
    void greyImagesAreRepeatedOnThreeChannels(@TempDir Path dir) throws IOException {
        try (InceptionV3 net = InceptionV3.load(resource("inception-reduced.pth", dir))) {
            Raster rgb = Images.read(resource("image0.png", dir));
            double[] grey = new double[rgb.height() * rgb.width()];
            double[] repeated = new double[grey.length * 3];
            for (int i = 0; i < grey.length; i++) {
                grey[i] = rgb.pixels()[i * 3 + 1];
                for (int c = 0; c < 3; c++) {
                    repeated[i * 3 + c] = grey[i];
                }
            }
            assertArrayEquals(net.features(new Raster(rgb.height(), rgb.width(), 3, repeated), 255),
                    net.features(new Raster(rgb.height(), rgb.width(), 1, grey), 255), 1e-6);
        }
    }

    @Test
    void missingWeightsSayWhereToGetThemAndThatNothingIsDownloaded(@TempDir Path dir) {
        Path file = dir.resolve(InceptionV3.WEIGHTS_FILE);
        IOException e = assertThrows(IOException.class, () -> InceptionV3.load(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(InceptionV3.WEIGHTS_URL), e.getMessage());
        assertTrue(e.getMessage().contains("never downloaded"), e.getMessage());
    }

    @Test
    void otherStateDictsAreRefusedByName(@TempDir Path dir) throws IOException {
        Map<String, TorchFile.Tensor> sd = TorchFile.read(resource("inception-reduced.pth", dir));
        Map<String, TorchFile.Tensor> aux = new LinkedHashMap<>(sd);
        aux.put("AuxLogits.conv0.conv.weight", new TorchFile.Tensor("FloatStorage", new long[] {1}, new float[1]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InceptionV3.of(aux));
        assertTrue(e.getMessage().contains("torchvision's ImageNet Inception-v3"), e.getMessage());

        Map<String, TorchFile.Tensor> missing = new LinkedHashMap<>(sd);
        missing.remove("Mixed_6c.branch7x7dbl_4.bn.running_var");
        e = assertThrows(IllegalArgumentException.class, () -> InceptionV3.of(missing));
        assertTrue(e.getMessage().contains("Mixed_6c.branch7x7dbl_4.bn.running_var"), e.getMessage());

        Map<String, TorchFile.Tensor> kernel = new LinkedHashMap<>(sd);
        TorchFile.Tensor w = sd.get("Mixed_6b.branch7x7_2.conv.weight"); // [c7, c7, 1, 7] read as [c7, c7, 7, 1]
        long[] s = w.shape();
        kernel.put("Mixed_6b.branch7x7_2.conv.weight", new TorchFile.Tensor(w.dtype(), new long[] {s[0], s[1], s[3], s[2]},
                w.values()));
        e = assertThrows(IllegalArgumentException.class, () -> InceptionV3.of(kernel));
        assertTrue(e.getMessage().contains("Mixed_6b.branch7x7_2.conv.weight"), e.getMessage());

        Map<String, TorchFile.Tensor> extra = new LinkedHashMap<>(sd);
        extra.put("Mixed_8a.branch1x1.conv.weight", w);
        e = assertThrows(IllegalArgumentException.class, () -> InceptionV3.of(extra));
        assertTrue(e.getMessage().contains("Mixed_8a.branch1x1.conv.weight"), e.getMessage());
    }

    private static Raster scaled(Raster r, double s) {
        double[] p = r.pixels().clone();
        for (int i = 0; i < p.length; i++) {
            p[i] *= s;
        }
        return new Raster(r.height(), r.width(), r.channels(), p);
    }
}
