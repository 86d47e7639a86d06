package org.cgml.nn.toy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.RectangleEdge;
import org.junit.jupiter.api.Test;

/**
 * The toy plot has a y axis, and its true branches stay visible where samples lie right on them (they are drawn
 * over the points).
 */
class ToyPlotTest {
    @Test
    void branchesAreDrawnOverSamplesThatCoverThemAndTheYAxisIsShown() {
        int count = 2001;
        int modes = 2;
        float[] x = new float[count];
        float[] y = new float[count * modes * 3];
        for (int i = 0; i < count; i++) {
            x[i] = -1 + 2f * i / (count - 1);
            for (int k = 0; k < modes; k++) {
                y[(i * modes + k) * 3 + 1] = (k == 0 ? 4 : -4) * x[i] * x[i]; // every sample exactly on a branch
            }
        }
        JFreeChart chart = ToyPlot.chart(x, y, count, modes);
        XYPlot plot = chart.getXYPlot();
        assertTrue(plot.getRangeAxis().isVisible() && plot.getRangeAxis().isTickLabelsVisible()
                && plot.getRangeAxis().getLabel().contains("y"), "a labelled y axis");
        BufferedImage img = new BufferedImage(ToyPlot.W, ToyPlot.H, BufferedImage.TYPE_INT_RGB);
        ChartRenderingInfo info = new ChartRenderingInfo();
        Graphics2D g = img.createGraphics();
        chart.draw(g, new Rectangle2D.Double(0, 0, ToyPlot.W, ToyPlot.H), info);
        g.dispose();
        Rectangle2D area = info.getPlotInfo().getDataArea();
        int branchPixels = 0;
        int probes = 0;
        for (double t = -0.9; t <= 0.9; t += 0.05) {
            // along the + branch: the branch colour within 2 pixels (a dash gap is 4 pixels long)
            int px = (int) Math.round(plot.getDomainAxis().valueToJava2D(t, area, RectangleEdge.BOTTOM));
            int py = (int) Math.round(plot.getRangeAxis().valueToJava2D(4 * t * t, area, RectangleEdge.LEFT));
            boolean found = false;
            for (int dx = -2; dx <= 2 && !found; dx++) {
                for (int dy = -2; dy <= 2 && !found; dy++) {
                    found = near(new Color(img.getRGB(px + dx, py + dy)), ToyPlot.BRANCH);
                }
            }
            probes++;
            branchPixels += found ? 1 : 0;
        }
        assertTrue(branchPixels >= probes * 0.6, "the branch shows at " + branchPixels + " of " + probes
                + " points along it");
    }

    private static boolean near(Color a, Color b) {
        return Math.abs(a.getRed() - b.getRed()) + Math.abs(a.getGreen() - b.getGreen())
                + Math.abs(a.getBlue() - b.getBlue()) < 60;
    }
}
