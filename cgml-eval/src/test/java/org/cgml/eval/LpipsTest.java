package org.cgml.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * LPIPS arithmetic against PyTorch (scripts/lpips-reference.py, Debian's python3-torch): every weight of the three
 * backbones and of the linear layers is set by a formula both sides compute, so no large weight file is committed.
 */
class LpipsTest {

    /** The reference script's hash: h = (i * 2654435761 + 97 s) mod 2^32, u = h / 2^32 - 0.5. */
    static double uniform(String name, long i) {
        long s = name.chars().sum() % 97;
        long h = Math.floorMod(i * 2654435761L + 97 * s, 1L << 32);
        return h / 4294967296.0 - 0.5;
    }

    /** Every weight the backbone needs, keyed and laid out as torchvision's state dict. */
    static Map<String, float[]> weights(Lpips.Backbone b, Map<String, int[]> shapes, int[] tapChannels) {
        Map<String, float[]> w = new HashMap<>();
        for (Map.Entry<String, int[]> e : shapes.entrySet()) {
            int[] s = e.getValue();
            int n = s[0] * s[1] * s[2] * s[2];
            double scale = Math.sqrt(2.0 / (s[1] * s[2] * s[2]));
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = (float) (2 * Math.sqrt(3) * scale * uniform(e.getKey() + ".weight", i));
            }
            w.put(e.getKey() + ".weight", v);
            float[] bias = new float[s[0]];
            for (int i = 0; i < bias.length; i++) {
                bias[i] = (float) (2 * Math.sqrt(3) * 0.05 * uniform(e.getKey() + ".bias", i));
            }
            w.put(e.getKey() + ".bias", bias);
        }
        for (int k = 0; k < tapChannels.length; k++) {
            String key = "lin" + k + ".model.1.weight";
            float[] v = new float[tapChannels[k]];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (0.05 + 0.05 * uniform(key, i));
            }
            w.put(key, v);
        }
        return w;
    }

    /** Conv name -> {out, in, k} of each backbone, and the channels of its tapped layers. */
    static Map<String, int[]> shapes(Lpips.Backbone b) {
        Map<String, int[]> s = new HashMap<>();
        switch (b) {
            case ALEX -> {
                s.put("features.0", new int[] {64, 3, 11});
                s.put("features.3", new int[] {192, 64, 5});
                s.put("features.6", new int[] {384, 192, 3});
                s.put("features.8", new int[] {256, 384, 3});
                s.put("features.10", new int[] {256, 256, 3});
            }
            case VGG -> {
                int[] config = {64, 64, -1, 128, 128, -1, 256, 256, 256, -1, 512, 512, 512, -1, 512, 512, 512};
                int index = 0;
                int in = 3;
                for (int v : config) {
                    if (v < 0) {
                        index++;
                    } else {
                        s.put("features." + index, new int[] {v, in, 3});
                        in = v;
                        index += 2;
                    }
                }
            }
            case SQUEEZE -> {
                s.put("features.0", new int[] {64, 3, 3});
                int[][] fires = {{3, 64, 16, 64}, {4, 128, 16, 64}, {6, 128, 32, 128}, {7, 256, 32, 128},
                    {9, 256, 48, 192}, {10, 384, 48, 192}, {11, 384, 64, 256}, {12, 512, 64, 256}};
                for (int[] f : fires) {
                    s.put("features." + f[0] + ".squeeze", new int[] {f[2], f[1], 1});
                    s.put("features." + f[0] + ".expand1x1", new int[] {f[3], f[2], 1});
                    s.put("features." + f[0] + ".expand3x3", new int[] {f[3], f[2], 3});
                }
            }
            default -> throw new IllegalStateException();
        }
        return s;
    }

    static int[] taps(Lpips.Backbone b) {
        return switch (b) {
            case ALEX -> new int[] {64, 192, 384, 256, 256};
            case VGG -> new int[] {64, 128, 256, 512, 512};
            case SQUEEZE -> new int[] {64, 128, 256, 384, 384, 512, 512};
        };
    }

    /** The reference's two 64x64 images, in [0, 2] (range 2 maps them to the [-1, 1] of the formula). */
    static Raster[] images() {
        double[] a = new double[64 * 64 * 3];
        double[] b = new double[a.length];
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                for (int c = 0; c < 3; c++) {
                    int i = (y * 64 + x) * 3 + c;
                    a[i] = 1 + (float) Math.sin(0.3 * x + 0.2 * y + c);
                    b[i] = 1 + (float) (0.5 * Math.sin(0.3 * x + 0.2 * y + c) + 0.5 * Math.cos(0.25 * x - 0.3 * y + 2 * c));
                }
            }
        }
        return new Raster[] {new Raster(64, 64, 3, a), new Raster(64, 64, 3, b)};
    }

    static Map<String, String[]> expected() throws IOException {
        try (InputStream in = LpipsTest.class.getResourceAsStream("lpips/expected.csv")) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            Map<String, String[]> m = new HashMap<>();
            for (String l : lines.subList(1, lines.size())) {
                String[] f = l.split(",");
                m.put(f[0], f);
            }
            return m;
        }
    }

    @ParameterizedTest
    @EnumSource(Lpips.Backbone.class)
    void matchesPyTorchOnFixtureWeights(Lpips.Backbone b) throws IOException {
        String[] row = expected().get(b.id());
        Raster[] img = images();
        try (Lpips lpips = Lpips.of(b, weights(b, shapes(b), taps(b)))) {
            double[] layers = lpips.perLayer(img[0], img[1], 2);
            String[] ref = row[2].split(";");
            assertEquals(ref.length, layers.length);
            for (int k = 0; k < layers.length; k++) {
                double r = Double.parseDouble(ref[k]);
                assertEquals(r, layers[k], Math.max(1e-6, 1e-3 * r), b + " layer " + k);
            }
            assertEquals(Double.parseDouble(row[1]), lpips.distance(img[0], img[1], 2), 1e-4, b + " LPIPS");
            assertEquals(0.0, lpips.distance(img[0], img[0], 2), 1e-7, "identical images");
        }
    }

    @Test
    void missingWeightFilesAreNamedWithWhereToPutThem(@TempDir Path dir) throws IOException {
        IOException e = assertThrows(IOException.class, () -> Lpips.load(Lpips.Backbone.ALEX, dir));
        assertTrue(e.getMessage().contains(dir.resolve("alexnet-owt-7be5be79.pth").toString()), e.getMessage());
        assertTrue(e.getMessage().contains(dir.resolve("alex.pth").toString()), e.getMessage());
        Files.writeString(dir.resolve("alex.pth"), "x");
        IOException partly = assertThrows(IOException.class, () -> Lpips.load(Lpips.Backbone.ALEX, dir));
        assertTrue(partly.getMessage().contains("the second is present"), partly.getMessage());
    }

    @Test
    void wrongWeightShapesAreRejectedByName() {
        Map<String, float[]> w = weights(Lpips.Backbone.ALEX, shapes(Lpips.Backbone.ALEX), taps(Lpips.Backbone.ALEX));
        w.put("features.3.bias", new float[5]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Lpips.of(Lpips.Backbone.ALEX, w));
        assertTrue(e.getMessage().contains("features.3.bias"), e.getMessage());
    }
}
