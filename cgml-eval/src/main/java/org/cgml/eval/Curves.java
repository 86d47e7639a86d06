package org.cgml.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * Curves with their spread, drawn with JFreeChart: per series a mean line and a shaded band from its low to its high
 * value (the spread over seeds), several panels side by side in one picture; written as PNG and SVG
 * ({@link #write}), ticks labelled by {@link Figures#tick}.
 */
public final class Curves {
    /** The series colours, in order (shared with {@link Fronts}: a method keeps its colour). */
    static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf)};

    private Curves() {
    }

    /** One series: a name and, per point, x, the mean and the band's low and high ends. */
    public record Band(String name, double[] x, double[] mean, double[] low, double[] high) {
        public Band {
            if (mean.length != x.length || low.length != x.length || high.length != x.length) {
                throw new IllegalArgumentException("band " + name + ": x, mean, low and high differ in length");
            }
        }
    }

    /** One panel: its title, axis titles, series and whether its value axis is logarithmic. */
    public record Panel(String title, String xLabel, String yLabel, List<Band> bands, boolean log) {
        /** A panel with a linear value axis. */
        public Panel(String title, String xLabel, String yLabel, List<Band> bands) {
            this(title, xLabel, yLabel, bands, false);
        }
    }

    /** The panels side by side, each {@code width} x {@code height} pixels, on white. */
    public static BufferedImage draw(List<Panel> panels, int width, int height) {
        return draw(panels, panels.size(), width, height);
    }

    /** The panels in rows of {@code columns}, each {@code width} x {@code height} pixels, on white. */
    public static BufferedImage draw(List<Panel> panels, int columns, int width, int height) {
        int rows = (panels.size() + columns - 1) / columns;
        BufferedImage image = new BufferedImage(width * Math.min(columns, panels.size()), height * rows,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            paint(g, panels, columns, width, height);
        } finally {
            g.dispose();
        }
        return image;
    }

    /**
     * Writes the panels in rows of {@code columns}, each {@code width} x {@code height}, into {@code png} and the same
     * drawing as SVG beside it ({@link Figures#write}).
     */
    public static void write(List<Panel> panels, int columns, int width, int height, Path png) throws IOException {
        int rows = (panels.size() + columns - 1) / columns;
        Figures.write(png, width * Math.min(columns, panels.size()), height * rows,
                g -> paint(g, panels, columns, width, height));
    }

    private static void paint(Graphics2D g, List<Panel> panels, int columns, int width, int height) {
        for (int i = 0; i < panels.size(); i++) {
            chart(panels.get(i)).draw(g, new Rectangle2D.Double(i % columns * width, i / columns * height, width,
                    height));
        }
    }

    /**
     * A vertical log axis whose ticks read as numbers: at 1, 2 and 5 times each power of ten when the axis spans
     * three decades or less, else at the powers of ten, labelled by {@link Figures#tick} as plain text (JFreeChart's
     * own ticks fall at odd values within a decade and are drawn as glyph outlines in an SVG).
     */
    static final class ReadableLogAxis extends org.jfree.chart.axis.LogAxis {
        private static final long serialVersionUID = 1L;

        ReadableLogAxis(String label) {
            super(label);
        }

        @Override
        @SuppressWarnings({"rawtypes", "unchecked"})
        protected List refreshTicksVertical(Graphics2D g2, Rectangle2D dataArea,
                                            org.jfree.chart.ui.RectangleEdge edge) {
            double lo = getRange().getLowerBound();
            double hi = getRange().getUpperBound();
            int first = (int) Math.floor(Math.log10(Math.max(lo, getSmallestValue())));
            int last = (int) Math.ceil(Math.log10(hi));
            double[] steps = last - first <= 3 ? new double[] {1, 2, 5} : new double[] {1};
            org.jfree.chart.ui.TextAnchor anchor = edge == org.jfree.chart.ui.RectangleEdge.LEFT
                    ? org.jfree.chart.ui.TextAnchor.CENTER_RIGHT : org.jfree.chart.ui.TextAnchor.CENTER_LEFT;
            List ticks = new java.util.ArrayList();
            for (int e = first; e <= last; e++) {
                for (double m : steps) {
                    double v = Double.parseDouble(m + "e" + e);
                    if (v >= lo && v <= hi) {
                        ticks.add(new org.jfree.chart.axis.NumberTick(org.jfree.chart.axis.TickType.MAJOR, v,
                                Figures.tick(v), anchor, anchor, 0.0));
                    }
                }
            }
            return ticks;
        }
    }

    /**
     * A vertical linear axis whose tick labels carry as many digits as tell neighbouring ticks apart
     * ({@link Figures#tick(double, double)}): a nearly flat series does not read 0.001 at every tick.
     */
    static final class ReadableNumberAxis extends org.jfree.chart.axis.NumberAxis {
        private static final long serialVersionUID = 1L;

        ReadableNumberAxis(String label) {
            super(label);
        }

        @Override
        @SuppressWarnings({"rawtypes", "unchecked"})
        protected List refreshTicksVertical(Graphics2D g2, Rectangle2D dataArea,
                                            org.jfree.chart.ui.RectangleEdge edge) {
            List ticks = super.refreshTicksVertical(g2, dataArea, edge);
            double unit = getTickUnit().getSize();
            List relabelled = new java.util.ArrayList();
            for (Object o : ticks) {
                org.jfree.chart.axis.NumberTick t = (org.jfree.chart.axis.NumberTick) o;
                relabelled.add(t.getTickType() != org.jfree.chart.axis.TickType.MAJOR ? t
                        : new org.jfree.chart.axis.NumberTick(t.getTickType(), t.getValue(),
                                Figures.tick(t.getValue(), unit), t.getTextAnchor(), t.getRotationAnchor(), t.getAngle()));
            }
            return relabelled;
        }
    }

    /** The JFreeChart of one panel (for callers that want to lay it out themselves). */
    public static JFreeChart chart(Panel panel) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        for (Band b : panel.bands()) {
            YIntervalSeries s = new YIntervalSeries(b.name());
            for (int i = 0; i < b.x().length; i++) {
                s.add(b.x()[i], b.mean()[i], b.low()[i], b.high()[i]);
            }
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(panel.title(), panel.xLabel(), panel.yLabel(), data,
                PlotOrientation.VERTICAL, true, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 14));
        if (panel.bands().size() == 1) {
            chart.removeLegend(); // the title names the one series
        }
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        DeviationRenderer renderer = new DeviationRenderer(true, false);
        for (int i = 0; i < panel.bands().size(); i++) {
            Color c = PALETTE[i % PALETTE.length];
            renderer.setSeriesPaint(i, c);
            renderer.setSeriesFillPaint(i, c);
            renderer.setSeriesStroke(i, new BasicStroke(1.8f));
        }
        renderer.setAlpha(0.18f);
        plot.setRenderer(renderer);
        boolean positive = panel.bands().stream().allMatch(b -> java.util.Arrays.stream(b.low()).allMatch(v -> v > 0));
        double lo = panel.bands().stream().flatMapToDouble(b -> java.util.Arrays.stream(b.low())).min().orElse(1);
        double hi = panel.bands().stream().flatMapToDouble(b -> java.util.Arrays.stream(b.high())).max().orElse(1);
        // a log axis only where the values span a decade or more, with ticks at whole decades; within one decade
        // its ticks fall at odd values (2.51, 2.82, 3.16) and a linear axis reads better
        if (panel.log() && positive && hi / lo >= 10) {
            org.jfree.chart.axis.LogAxis log = new ReadableLogAxis(panel.yLabel() + ", log scale");
            log.setSmallestValue(1e-12);
            log.setNumberFormatOverride(Figures.tickFormat());
            log.setLabelFont(plot.getRangeAxis().getLabelFont());        // the theme's fonts, as on linear axes
            log.setTickLabelFont(plot.getRangeAxis().getTickLabelFont());
            plot.setRangeAxis(log);
        } else {
            org.jfree.chart.axis.NumberAxis range = new ReadableNumberAxis(plot.getRangeAxis().getLabel());
            range.setLabelFont(plot.getRangeAxis().getLabelFont());
            range.setTickLabelFont(plot.getRangeAxis().getTickLabelFont());
            plot.setRangeAxis(range);
            range.setAutoRangeIncludesZero(false);
            double top = panel.bands().stream().flatMapToDouble(b -> java.util.Arrays.stream(b.high()))
                    .map(Math::abs).max().orElse(0);
            if (top > 0) { // a flat series (a constant learning rate) gets a range of +/-1 %, not of round-off
                range.setAutoRangeMinimumSize(top * 0.02);
            }
            range.setNumberFormatOverride(Figures.tickFormat());
        }
        ((org.jfree.chart.axis.NumberAxis) plot.getDomainAxis()).setNumberFormatOverride(Figures.tickFormat());
        return chart;
    }
}
