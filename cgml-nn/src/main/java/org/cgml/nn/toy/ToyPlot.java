package org.cgml.nn.toy;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** Paper Fig. 3 as a picture: the samples' second coordinate y1 over x, with the true branches +/-4x^2. */
final class ToyPlot {
    private static final int W = 640;
    private static final int H = 480;
    private static final int PAD = 40;

    private ToyPlot() {
    }

    static BufferedImage draw(float[] x, float[] y, int count, int modes) {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        g.setColor(Color.LIGHT_GRAY);
        g.drawLine(px(-1), py(0), px(1), py(0));
        g.drawLine(px(0), py(-5), px(0), py(5));
        g.setStroke(new BasicStroke(2f));
        g.setColor(new Color(44, 160, 44));
        for (int sign : new int[] {1, -1}) {
            int lx = px(-1);
            int ly = py(sign * 4.0);
            for (int i = 1; i <= 200; i++) {
                double t = -1 + 2.0 * i / 200;
                int cx = px(t);
                int cy = py(sign * 4 * t * t);
                g.drawLine(lx, ly, cx, cy);
                lx = cx;
                ly = cy;
            }
        }
        g.setColor(new Color(31, 119, 180, 110));
        for (int i = 0; i < count; i++) {
            for (int k = 0; k < modes; k++) {
                float v = y[(i * modes + k) * 3 + 1];
                g.fillOval(px(x[i]) - 2, py(v) - 2, 4, 4);
            }
        }
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString("samples: y1 over x (blue); true branches y1 = +/-4x^2 (green)", PAD, 20);
        g.drawString("x = -1", px(-1), H - 10);
        g.drawString("x = 1", px(1) - 30, H - 10);
        g.dispose();
        return img;
    }

    private static int px(double x) {
        return PAD + (int) Math.round((x + 1) / 2 * (W - 2 * PAD));
    }

    private static int py(double y) {
        return H - PAD - (int) Math.round((y + 5) / 10 * (H - 2 * PAD));
    }
}
