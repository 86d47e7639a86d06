package org.cgml.nn.toy;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Paper Fig. 3 as a picture: the samples' second coordinate y1 over x as points, with both axes, and the true
 * branches y1 = +/-4x^2 drawn over the points (dark dashed lines), so that they stay visible where the samples cover
 * them.
 */
final class ToyPlot {
    static final int W = 640;
    static final int H = 480;
    /** The colour of the true branches. */
    static final Color BRANCH = new Color(0xd62728);
    /** The colour of the samples (drawn half transparent). */
    static final Color SAMPLE = new Color(31, 119, 180, 90);

    private ToyPlot() {
    }

    static org.cgml.api.Figure figure(float[] x, float[] y, int count, int modes) {
        JFreeChart chart = chart(x, y, count, modes);
        return new org.cgml.api.Figure(W, H, g -> chart.draw(g, new Rectangle2D.Double(0, 0, W, H)));
    }

    static JFreeChart chart(float[] x, float[] y, int count, int modes) {
        XYSeries samples = new XYSeries("samples (" + modes + " per input)", false, true);
        for (int i = 0; i < count; i++) {
            for (int k = 0; k < modes; k++) {
                samples.add(x[i], y[(i * modes + k) * 3 + 1]);
            }
        }
        XYSeries plus = new XYSeries("true branches y\u2081 = \u00b14x\u00b2", false, true);
        XYSeries minus = new XYSeries("y1 = -4x^2", false, true);
        for (int i = 0; i <= 200; i++) {
            double t = -1 + 2.0 * i / 200;
            plus.add(t, 4 * t * t);
            minus.add(t, -4 * t * t);
        }
        NumberAxis xAxis = new NumberAxis("input x");
        xAxis.setRange(-1.05, 1.05);
        NumberAxis yAxis = new NumberAxis("output y\u2081 (second coordinate)");
        yAxis.setRange(-5, 5);
        XYPlot plot = new XYPlot(new XYSeriesCollection(samples), xAxis, yAxis, new XYLineAndShapeRenderer());
        XYSeriesCollection branches = new XYSeriesCollection();
        branches.addSeries(plus);
        branches.addSeries(minus);
        plot.setDataset(1, branches);
        JFreeChart chart = new JFreeChart("Toy task (paper Fig. 3): samples over x", JFreeChart.DEFAULT_TITLE_FONT,
                plot, true);
        org.jfree.chart.ChartUtils.applyCurrentTheme(chart); // fonts as in the other charts; colours set below
        XYLineAndShapeRenderer points = new XYLineAndShapeRenderer(false, true);
        points.setSeriesShape(0, new Ellipse2D.Double(-2, -2, 4, 4));
        points.setSeriesPaint(0, SAMPLE);
        XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, false);
        for (int s = 0; s < 2; s++) {
            lines.setSeriesPaint(s, BRANCH);
            lines.setSeriesStroke(s, new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f,
                    new float[] {8f, 4f}, 0f));
        }
        lines.setSeriesVisibleInLegend(1, false);
        plot.setRenderer(0, points);
        plot.setRenderer(1, lines);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD); // the samples first, the branches over them
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 14)); // as Curves'
        return chart;
    }
}
