package org.cgml.tasks.image.colorization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import org.cgml.api.Dataset;
import org.cgml.tasks.image.data.Lab;
import org.cgml.tasks.image.data.Photos;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class ColorizationTest {

    private static float kl(float[] values, int bins) {
        return klAndGradient(values, bins)[0][0];
    }

    /** KL(h || U) from the graph, and its gradient with respect to every value. */
    private static float[][] klAndGradient(float[] values, int bins) {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Operand<TFloat32> v = tf.constant(values);
            Operand<TFloat32> kl = Colorization.klToUniform(tf, v, bins);
            Operand<TFloat32> dv = tf.gradients(kl, List.of(v)).dy(0);
            try (Result r = s.runner().fetch(kl).fetch(dv).run()) {
                float[] grad = new float[values.length];
                for (int i = 0; i < grad.length; i++) {
                    grad[i] = ((TFloat32) r.get(1)).getFloat(i);
                }
                return new float[][] {{((TFloat32) r.get(0)).getFloat()}, grad};
            }
        }
    }

    /**
     * The soft histogram's KL to the uniform distribution in double, as klToUniform's Javadoc defines it: bin centres
     * -1 + (2i + 1) / k, each value spread with Gaussian weights (sigma 1 / k) normalised per value, h their mean,
     * KL = sum h log(k h).
     */
    private static double klReference(double[] values, int k) {
        double[] h = new double[k];
        for (double v : values) {
            double[] w = new double[k];
            double sum = 0;
            for (int i = 0; i < k; i++) {
                double d = v - (-1 + (2.0 * i + 1) / k);
                w[i] = Math.exp(-0.5 * d * d * k * k);
                sum += w[i];
            }
            for (int i = 0; i < k; i++) {
                h[i] += w[i] / sum / values.length;
            }
        }
        double kl = 0;
        for (double p : h) {
            kl += p * Math.log(k * p);
        }
        return kl;
    }

    /** The graph's KL and its gradient (what training follows) equal the definition and its finite differences. */
    @Test
    void theHistogramKlAndItsGradientMatchTheirDefinition() {
        float[] values = {-0.9f, -0.3f, 0.1f, 0.55f, 0.8f, 0.85f};
        int k = 4;
        double[] v = new double[values.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = values[i];
        }
        float[][] got = klAndGradient(values, k);
        assertEquals(klReference(v, k), got[0][0], 1e-5);
        double step = 1e-4;
        double moved = 0;
        for (int i = 0; i < v.length; i++) {
            double[] up = v.clone();
            double[] down = v.clone();
            up[i] += step;
            down[i] -= step;
            double fd = (klReference(up, k) - klReference(down, k)) / (2 * step);
            assertEquals(fd, got[1][i], 1e-3 + 1e-3 * Math.abs(fd), "d KL / d value " + i);
            moved += Math.abs(fd);
        }
        assertTrue(moved > 0.05, "the values move the histogram: " + moved);
    }

    @Test
    void aSquaredDistanceStillLeavesLOut() {
        // one sample of 1 x 1 pixels, channels (L, a, b); the target differs by (5, 1, 2)
        float[][][][] target = {{{{5f, 1f, 2f}}}};
        float[][][][] output = {{{{0f, 0f, 0f}}}};
        org.cgml.api.CostFamily l1 = new Colorization().withOptions(Map.of("lambda", "0")).cost();
        org.cgml.api.CostFamily l2 = l1.withDistance(org.cgml.api.Distance.L2);
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            try (Result r = s.runner().fetch(l1.perSample(tf, tf.constant(target), tf.constant(output)))
                    .fetch(l2.perSample(tf, tf.constant(target), tf.constant(output))).run()) {
                assertEquals(3f, ((TFloat32) r.get(0)).getFloat(0), 1e-6, "|1| + |2|, L left out");
                assertEquals(5f, ((TFloat32) r.get(1)).getFloat(0), 1e-6, "1 + 4, L left out");
            }
        }
        assertTrue(l2.describe().startsWith("l2(a,b)"), l2.describe());
    }

    @Test
    void softHistogramKlIsSmallForSpreadValuesAndLargeForOneColour() {
        float[] spread = new float[2000];
        for (int i = 0; i < spread.length; i++) {
            spread[i] = -1f + 2f * (i + 0.5f) / spread.length;
        }
        float[] one = new float[2000];
        java.util.Arrays.fill(one, 0.3f);
        float low = kl(spread, 20);
        float high = kl(one, 20);
        assertTrue(low < 0.05, "spread over [-1, 1]: " + low);
        assertTrue(high > 1.5 && high < Math.log(20), "one value: " + high);
    }

    @Test
    void cropsAreLabAndSamplesTakeLFromTheInput() {
        Photos photos = Photos.empty();
        for (int i = 0; i < 3; i++) {
            BufferedImage img = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
            for (int p = 0; p < 1600; p++) {
                img.setRGB(p % 40, p / 40, 0xC04020 + i * 8);
            }
            photos.add("c" + i, img);
        }
        Colorization task = (Colorization) new Colorization().withOptions(Map.of("size", "16"));
        Dataset train = task.data(photos, 1).train();
        float[] x = new float[256];
        float[] y = new float[256 * 3];
        train.example(0, 5, x, 0, y, 0);
        double[] lab = Lab.fromRgb(0xC0 / 255.0, 0x40 / 255.0, (0x20 + 8 * 0) / 255.0);
        assertEquals(lab[0] / 50 - 1, x[0], 0.02, "input is L");
        assertEquals(lab[1] / 110, y[1], 0.02, "target a");
        float[] out = new float[256 * 3];
        task.finish(x, 0, out, 0);
        assertEquals(x[7], out[7 * 3], "L copied into the output");
        assertThrows(IllegalArgumentException.class, () -> new Colorization().withOptions(Map.of("bins", "1")));
        assertThrows(IllegalArgumentException.class, () -> new Colorization().withOptions(Map.of("lambda", "x")));
    }
}
