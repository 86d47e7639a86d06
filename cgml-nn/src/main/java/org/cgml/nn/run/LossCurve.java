package org.cgml.nn.run;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Draws a run's cost E and Z-loss per step (log scale, smoothed) into a PNG. */
public final class LossCurve {
    private static final int W = 800;
    private static final int H = 450;
    private static final int PAD = 60;

    private LossCurve() {
    }

    public static void write(List<String> rows, Path png) throws IOException {
        int n = rows.size();
        double[] step = new double[n];
        double[][] series = new double[2][n];
        for (int i = 0; i < n; i++) {
            String[] f = rows.get(i).split(",");
            step[i] = Double.parseDouble(f[0]);
            series[0][i] = Double.parseDouble(f[1]);
            series[1][i] = Double.parseDouble(f[2]);
        }
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (double[] s : series) {
            smooth(s);
            for (double v : s) {
                if (v > 0) {
                    lo = Math.min(lo, Math.log10(v));
                    hi = Math.max(hi, Math.log10(v));
                }
            }
        }
        if (lo > hi) {
            lo = -1;
            hi = 0;
        }
        if (hi - lo < 1e-6) {
            hi = lo + 1;
        }
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        g.setColor(Color.DARK_GRAY);
        g.drawRect(PAD, PAD / 2, W - PAD - 20, H - PAD - PAD / 2);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        double maxStep = n > 0 ? step[n - 1] : 1;
        for (int k = 0; k <= 4; k++) {
            double v = lo + (hi - lo) * k / 4;
            int y = yOf(v, lo, hi);
            g.drawString(String.format(Locale.ROOT, "%.3g", Math.pow(10, v)), 5, y + 4);
            int x = PAD + (int) ((W - PAD - 20) * k / 4.0);
            g.drawString(String.format(Locale.ROOT, "%.0f", maxStep * k / 4), x - 10, H - PAD / 2 + 15);
        }
        g.drawString("iteration", W / 2 - 20, H - 8);
        Color[] colors = {new Color(31, 119, 180), new Color(255, 127, 14)};
        String[] names = {"cost E (mean per sample)", "Z loss (L1)"};
        g.setStroke(new BasicStroke(1.6f));
        for (int s = 0; s < 2; s++) {
            g.setColor(colors[s]);
            int px = -1;
            int py = -1;
            for (int i = 0; i < n; i++) {
                if (series[s][i] <= 0) {
                    continue;
                }
                int x = PAD + (int) ((W - PAD - 20) * step[i] / Math.max(maxStep, 1));
                int y = yOf(Math.log10(series[s][i]), lo, hi);
                if (px >= 0) {
                    g.drawLine(px, py, x, y);
                }
                px = x;
                py = y;
            }
            g.fillRect(W - 230, 40 + 18 * s, 12, 12);
            g.drawString(names[s], W - 212, 51 + 18 * s);
        }
        g.dispose();
        Path tmp = png.resolveSibling("." + png.getFileName() + ".tmp");
        ImageIO.write(img, "png", tmp.toFile());
        Files.move(tmp, png, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static int yOf(double v, double lo, double hi) {
        return H - PAD - (int) ((H - PAD - PAD / 2) * (v - lo) / (hi - lo));
    }

    /** Exponential moving average in place (factor 0.95), so noisy steps still show a trend. */
    private static void smooth(double[] s) {
        double m = Double.NaN;
        for (int i = 0; i < s.length; i++) {
            m = Double.isNaN(m) ? s[i] : 0.95 * m + 0.05 * s[i];
            s[i] = m;
        }
    }
}
