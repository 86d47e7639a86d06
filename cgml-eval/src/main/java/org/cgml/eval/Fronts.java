package org.cgml.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;

/**
 * The front of a bench: per method one point at its held-out diversity ({@value #DIVERSITY}, x) and its quality (y),
 * the best of K filled and the mean of the K open (coverage and precision), each the mean over seeds with whiskers
 * from the lowest to the highest seed in x and in y, labelled with the method and its price
 * ({@value #PRICE}: "cimle, 4.33 passes"); one panel per quality figure, side by side, written as PNG and SVG by
 * {@link Figures#write}.
 *
 * <p>The quality figures drawn ({@link #figures}): the best-of-K figures (names holding {@value #BEST}) of the task's
 * region where the task has one (names starting {@code hole_} or holding {@code _masked}: the part of the output the
 * input leaves open), else all of them, in the order first met, at most {@value #MAX_PANELS}; a figure is drawn where
 * at least two methods have it and the diversity.
 */
public final class Fronts {
    /** The diversity figure on the x axis. */
    public static final String DIVERSITY = "diversity_l1";
    /** The price figure in each point's label: generator passes per sampled output. */
    public static final String PRICE = "generator_passes_per_sample";
    /** What names a best-of-K figure; its mean-of-K partner has {@value #MEAN} in its place. */
    public static final String BEST = "_best_of_k";
    /** What names the mean of the K samples' figure, the partner of a best-of-K figure. */
    public static final String MEAN = "_mean_of_k";
    /** The most panels in one picture. */
    public static final int MAX_PANELS = 3;
    /** One panel's size in pixels. */
    static final int PANEL_WIDTH = 600;
    static final int PANEL_HEIGHT = 460;
    /** The height of the picture's title and its key above the panels. */
    static final int HEADER = 64;
    /** The axis titles' font (JFreeChart's theme's). */
    private static final Font AXIS_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    /** The widest a label's line may be, as a share of the plot's width: longer ones are broken at ':' and ','. */
    private static final double LABEL_WIDTH = 0.42;

    private Fronts() {
    }

    /** One figure of one run (a row of a bench's results.csv, of one setting and view). */
    public record Value(String method, long seed, String metric, double value) {
    }

    /** A figure over seeds: its mean, lowest and highest value and the number of seeds. */
    public record Spread(double mean, double min, double max, int n) {
        /** The spread of the values (at least one). */
        public static Spread of(Collection<Double> values) {
            if (values.isEmpty()) {
                throw new IllegalArgumentException("no values");
            }
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double v : values) {
                sum += v;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            return new Spread(sum / values.size(), min, max, values.size());
        }
    }

    /**
     * One method in one panel: its colour's index, its label, its diversity, its best of K and its mean of K (null
     * where the method's runs have none).
     */
    public record Point(String method, int colour, String label, Spread diversity, Spread best, Spread mean) {
    }

    /** A reference's diversity (the truth's), drawn as a dashed vertical line. */
    public record Reference(String name, double diversity) {
    }

    /** One panel: its best-of-K figure and mean-of-K partner, its axis titles, its points and references. */
    public record Panel(String figure, String meanFigure, String xLabel, String yLabel, List<Point> points,
                        List<Reference> references) {
    }

    /**
     * The quality figures of a front among {@code metrics}: those holding {@value #BEST}, the task's region's only
     * where it has some (starting {@code hole_} or holding {@code _masked}), in order, at most {@value #MAX_PANELS}.
     */
    public static List<String> figures(Collection<String> metrics) {
        List<String> best = metrics.stream().filter(m -> m.contains(BEST)).distinct().toList();
        List<String> region = best.stream().filter(m -> m.startsWith("hole_") || m.contains("_masked")).toList();
        List<String> chosen = region.isEmpty() ? best : region;
        return chosen.subList(0, Math.min(MAX_PANELS, chosen.size()));
    }

    /**
     * The panels of one view of one setting: {@code view} its figures (methods' and references'), {@code prices} the
     * setting's {@value #PRICE} rows; a point per method of {@code methods} (in that order, which sets its colour)
     * that has the diversity and the panel's figure; a panel where two or more methods have a point, none else.
     * References (rows of a name not in {@code methods}) with a diversity are drawn as lines.
     */
    public static List<Panel> panels(List<String> methods, List<Value> view, List<Value> prices) {
        // method -> metric -> seed -> value
        Map<String, Map<String, Map<Long, Double>>> by = new LinkedHashMap<>();
        Set<String> metrics = new LinkedHashSet<>();
        for (Value v : view) {
            by.computeIfAbsent(v.method(), k -> new LinkedHashMap<>()).computeIfAbsent(v.metric(), k -> new TreeMap<>())
                    .put(v.seed(), v.value());
            if (methods.contains(v.method())) {
                metrics.add(v.metric());
            }
        }
        Map<String, Map<Long, Double>> price = new LinkedHashMap<>();
        for (Value v : prices) {
            if (v.metric().equals(PRICE)) {
                price.computeIfAbsent(v.method(), k -> new TreeMap<>()).put(v.seed(), v.value());
            }
        }
        List<Reference> references = new ArrayList<>();
        by.forEach((name, figures) -> {
            if (!methods.contains(name) && figures.containsKey(DIVERSITY)) {
                references.add(new Reference(name, Spread.of(figures.get(DIVERSITY).values()).mean()));
            }
        });
        List<Panel> panels = new ArrayList<>();
        for (String figure : figures(metrics)) {
            String meanFigure = figure.replace(BEST, MEAN);
            List<Point> points = new ArrayList<>();
            for (int i = 0; i < methods.size(); i++) {
                String method = methods.get(i);
                Map<String, Map<Long, Double>> f = by.getOrDefault(method, Map.of());
                if (!f.containsKey(DIVERSITY) || !f.containsKey(figure)) {
                    continue;
                }
                Map<Long, Double> p = price.get(method);
                points.add(new Point(method, i, label(method, p == null ? null : Spread.of(p.values())),
                        Spread.of(f.get(DIVERSITY).values()), Spread.of(f.get(figure).values()),
                        f.containsKey(meanFigure) ? Spread.of(f.get(meanFigure).values()) : null));
            }
            if (points.size() >= 2) {
                String base = figure.replace(BEST, "");
                panels.add(new Panel(figure, meanFigure, Figures.label(DIVERSITY), Figures.labelWithDirection(base),
                        points, references));
            }
        }
        return panels;
    }

    /** A point's label: the method and its generator passes per sample ("cimle, 4.33 passes"), or the method alone. */
    static String label(String method, Spread price) {
        if (price == null) {
            return method;
        }
        String passes = Figures.tick(price.mean());
        return method + ", " + passes + (passes.equals("1") ? " pass" : " passes");
    }

    /**
     * Writes the panels side by side under {@code title} and a key into {@code png} and the same drawing as SVG
     * beside it ({@link Figures#write}).
     */
    public static void write(String title, List<Panel> panels, Path png) throws IOException {
        if (panels.isEmpty()) {
            throw new IllegalArgumentException("a front needs at least one panel");
        }
        int height = height(panels);
        Figures.write(png, PANEL_WIDTH * panels.size(), HEADER + height, g -> paint(g, title, panels, height));
    }

    /** The panels' height: {@link #PANEL_HEIGHT}, or taller where a value axis's title needs it to fit. */
    static int height(List<Panel> panels) {
        java.awt.font.FontRenderContext frc = new java.awt.font.FontRenderContext(null, true, true);
        double longest = panels.stream().mapToDouble(p -> AXIS_FONT.getStringBounds(p.yLabel(), frc).getWidth())
                .max().orElse(0);
        return Math.max(PANEL_HEIGHT, (int) Math.ceil(longest) + 120);
    }

    private static void paint(Graphics2D g, String title, List<Panel> panels, int height) {
        int width = PANEL_WIDTH * panels.size();
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        FontMetrics fm = g.getFontMetrics();
        g.drawString(title, (width - fm.stringWidth(title)) / 2, 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(new Color(0x444444));
        fm = g.getFontMetrics();
        boolean means = panels.stream().anyMatch(p -> p.points().stream().anyMatch(q -> q.mean() != null));
        List<String> key = new ArrayList<>(List.of("held-out figures", "filled: best of K"));
        if (means) {
            key.add("open: mean of the K");
        }
        key.addAll(List.of("whiskers: lowest to highest seed", "label: method, generator passes per sample"));
        List<String> lines = new ArrayList<>(List.of(""));
        for (String part : key) { // as many parts on a line as fit
            String last = lines.get(lines.size() - 1);
            String longer = last.isEmpty() ? part : last + "; " + part;
            if (last.isEmpty() || fm.stringWidth(longer) <= width - 20) {
                lines.set(lines.size() - 1, longer);
            } else {
                lines.add(part);
            }
        }
        for (int i = 0; i < lines.size(); i++) {
            g.drawString(lines.get(i), (width - fm.stringWidth(lines.get(i))) / 2, 38 + 14 * i);
        }
        for (int i = 0; i < panels.size(); i++) {
            Rectangle2D area = new Rectangle2D.Double(i * PANEL_WIDTH, HEADER, PANEL_WIDTH, height);
            JFreeChart chart = chart(panels.get(i));
            ChartRenderingInfo info = new ChartRenderingInfo();
            chart.draw(g, area, info);
            labels(g, chart.getXYPlot(), info.getPlotInfo().getDataArea(), panels.get(i));
        }
    }

    /** The JFreeChart of one panel, its labels aside (drawn by {@link #write} where they do not overlap). */
    public static JFreeChart chart(Panel panel) {
        XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDefaultLinesVisible(false);
        renderer.setDefaultShapesVisible(true);
        renderer.setCapLength(6);
        renderer.setErrorStroke(new BasicStroke(1.2f));
        double[] x = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        double[] y = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        int series = 0;
        for (Point p : panel.points()) {
            for (Spread q : new Spread[] {p.best(), p.mean()}) {
                if (q == null) {
                    continue;
                }
                XYIntervalSeries s = new XYIntervalSeries(p.method() + (q == p.best() ? " best of K" : " mean of K"));
                s.add(p.diversity().mean(), p.diversity().min(), p.diversity().max(), q.mean(), q.min(), q.max());
                data.addSeries(s);
                Color c = Curves.PALETTE[p.colour() % Curves.PALETTE.length];
                renderer.setSeriesPaint(series, c);
                renderer.setSeriesShape(series, new Ellipse2D.Double(-5, -5, 10, 10));
                renderer.setSeriesShapesFilled(series, q == p.best());
                renderer.setSeriesStroke(series, new BasicStroke(1.6f));
                renderer.setSeriesOutlineStroke(series, new BasicStroke(1.6f));
                series++;
                x[0] = Math.min(x[0], p.diversity().min());
                x[1] = Math.max(x[1], p.diversity().max());
                y[0] = Math.min(y[0], q.min());
                y[1] = Math.max(y[1], q.max());
            }
        }
        renderer.setUseOutlinePaint(false);
        renderer.setDrawOutlines(true);
        for (Reference r : panel.references()) {
            x[0] = Math.min(x[0], r.diversity());
            x[1] = Math.max(x[1], r.diversity());
        }
        JFreeChart chart = ChartFactory.createScatterPlot(null, panel.xLabel(), panel.yLabel(), data,
                PlotOrientation.VERTICAL, false, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        XYPlot plot = chart.getXYPlot();
        plot.setRenderer(renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        NumberAxis domain = (NumberAxis) plot.getDomainAxis();
        domain.setNumberFormatOverride(Figures.tickFormat());
        domain.setRange(padded(x[0], x[1], 0.18));
        NumberAxis range = new Curves.ReadableNumberAxis(plot.getRangeAxis().getLabel());
        range.setLabelFont(AXIS_FONT);
        domain.setLabelFont(AXIS_FONT);
        range.setTickLabelFont(plot.getRangeAxis().getTickLabelFont());
        range.setNumberFormatOverride(Figures.tickFormat());
        range.setRange(padded(y[0], y[1], 0.14));
        plot.setRangeAxis(range);
        for (Reference r : panel.references()) {
            ValueMarker m = new ValueMarker(r.diversity(), new Color(0x555555), new BasicStroke(1.2f,
                    BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {5, 4}, 0));
            m.setLabel(r.name() + "'s diversity");
            m.setLabelFont(new Font(Font.SANS_SERIF, Font.ITALIC, 11));
            m.setLabelPaint(new Color(0x555555));
            m.setLabelBackgroundColor(new Color(255, 255, 255, 200));
            boolean right = r.diversity() < domain.getRange().getCentralValue(); // the text on the roomier side
            m.setLabelAnchor(right ? RectangleAnchor.TOP_RIGHT : RectangleAnchor.TOP_LEFT);
            m.setLabelTextAnchor(right ? TextAnchor.TOP_LEFT : TextAnchor.TOP_RIGHT);
            plot.addDomainMarker(m);
        }
        return chart;
    }

    /** The range from {@code lo} to {@code hi} widened by {@code share} of its length each side (a point: by 2 %). */
    private static org.jfree.data.Range padded(double lo, double hi, double share) {
        double span = hi - lo;
        if (!(span > Math.abs(hi) * 1e-9)) {
            span = Math.abs(hi) > 0 ? Math.abs(hi) * 0.04 : 1;
            double mid = (lo + hi) / 2;
            lo = mid - span / 2;
            hi = mid + span / 2;
        }
        return new org.jfree.data.Range(lo - span * share, hi + span * share);
    }

    /** Each point's label beside its best-of-K marker, where it overlaps the fewest markers and labels. */
    private static void labels(Graphics2D g, XYPlot plot, Rectangle2D area, Panel panel) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        List<Point2D> anchors = new ArrayList<>();
        List<Rectangle2D> taken = new ArrayList<>();
        for (Point p : panel.points()) {
            Point2D best = screen(plot, area, p.diversity().mean(), p.best().mean());
            anchors.add(best);
            for (Spread q : new Spread[] {p.best(), p.mean()}) {
                if (q == null) {
                    continue;
                }
                Point2D at = screen(plot, area, p.diversity().mean(), q.mean());
                taken.add(box(at, 7));
                // the whiskers, as thin boxes: a label over one hides which point it belongs to
                Point2D left = screen(plot, area, p.diversity().min(), q.mean());
                Point2D right = screen(plot, area, p.diversity().max(), q.mean());
                Point2D low = screen(plot, area, p.diversity().mean(), q.min());
                Point2D high = screen(plot, area, p.diversity().mean(), q.max());
                taken.add(new Rectangle2D.Double(Math.min(left.getX(), right.getX()), at.getY() - 3,
                        Math.abs(right.getX() - left.getX()), 6));
                taken.add(new Rectangle2D.Double(at.getX() - 3, Math.min(low.getY(), high.getY()), 6,
                        Math.abs(high.getY() - low.getY())));
            }
        }
        List<List<String>> texts = panel.points().stream().map(p -> lines(p.label(), fm, area.getWidth() * LABEL_WIDTH))
                .toList();
        List<Rectangle2D> placed = place(anchors, texts.stream().map(t -> new double[] {
            t.stream().mapToInt(fm::stringWidth).max().orElse(0), t.size() * (fm.getAscent() + fm.getDescent())})
                .toList(), taken, area);
        for (int i = 0; i < placed.size(); i++) {
            Point p = panel.points().get(i);
            Rectangle2D r = placed.get(i);
            Point2D a = anchors.get(i);
            Color c = Curves.PALETTE[p.colour() % Curves.PALETTE.length];
            if (!r.intersects(box(a, 18))) { // far from its point: a leader line
                g.setColor(c);
                g.setStroke(new BasicStroke(0.8f));
                g.draw(new java.awt.geom.Line2D.Double(a.getX(), a.getY(), clamp(a.getX(), r.getMinX(), r.getMaxX()),
                        clamp(a.getY(), r.getMinY(), r.getMaxY())));
            }
            g.setColor(new Color(255, 255, 255, 210));
            g.fill(r);
            g.setColor(c.darker());
            List<String> text = texts.get(i);
            for (int l = 0; l < text.size(); l++) {
                g.drawString(text.get(l), (float) r.getX() + 2,
                        (float) (r.getY() + 1 + fm.getAscent() + l * (fm.getAscent() + fm.getDescent())));
            }
        }
    }

    /**
     * A label as lines of at most {@code width} pixels where it can be broken: after each ':' of a method entry
     * ({@code cgml:recipe=paper}) and before its price.
     */
    static List<String> lines(String label, FontMetrics fm, double width) {
        List<String> pieces = new ArrayList<>();
        int price = label.lastIndexOf(", ");
        String method = price < 0 ? label : label.substring(0, price);
        int start = 0;
        for (int c = method.indexOf(':'); c >= 0; c = method.indexOf(':', start)) {
            pieces.add(method.substring(start, c + 1));
            start = c + 1;
        }
        pieces.add(method.substring(start));
        if (price >= 0) {
            pieces.add(label.substring(price));
        }
        List<String> lines = new ArrayList<>();
        for (String piece : pieces) {
            String last = lines.isEmpty() ? null : lines.get(lines.size() - 1);
            if (last != null && fm.stringWidth(last + piece) <= width) {
                lines.set(lines.size() - 1, last + piece);
            } else {
                lines.add(last != null && piece.startsWith(", ") ? piece.substring(2) : piece);
            }
        }
        return lines;
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static Point2D screen(XYPlot plot, Rectangle2D area, double x, double y) {
        return new Point2D.Double(plot.getDomainAxis().valueToJava2D(x, area, plot.getDomainAxisEdge()),
                plot.getRangeAxis().valueToJava2D(y, area, plot.getRangeAxisEdge()));
    }

    private static Rectangle2D box(Point2D c, double half) {
        return new Rectangle2D.Double(c.getX() - half, c.getY() - half, 2 * half, 2 * half);
    }

    /**
     * Boxes for labels of the given sizes (width, height, padded by 2 pixels) beside their anchors, one after the
     * other: of the places around each anchor (right, left, above, below, the corners; then twice and three times as
     * far), the first that overlaps no marker in {@code taken}, no label placed before and stays inside {@code area};
     * where none does, the one with the least overlap.
     */
    static List<Rectangle2D> place(List<Point2D> anchors, List<double[]> sizes, List<Rectangle2D> taken,
                                   Rectangle2D area) {
        List<Rectangle2D> obstacles = new ArrayList<>(taken);
        List<Rectangle2D> out = new ArrayList<>();
        for (int i = 0; i < anchors.size(); i++) {
            double w = sizes.get(i)[0] + 4;
            double h = sizes.get(i)[1] + 2;
            double x = anchors.get(i).getX();
            double y = anchors.get(i).getY();
            Rectangle2D best = null;
            double bestCost = Double.POSITIVE_INFINITY;
            for (int ring = 1; ring <= 3 && bestCost > 0; ring++) {
                double d = 8 + (ring - 1) * 16;
                double[][] at = {{x + d, y - h / 2}, {x - d - w, y - h / 2}, {x - w / 2, y - d - h}, {x - w / 2, y + d},
                    {x + d * 0.7, y - d * 0.7 - h}, {x + d * 0.7, y + d * 0.7}, {x - d * 0.7 - w, y - d * 0.7 - h},
                    {x - d * 0.7 - w, y + d * 0.7}};
                for (double[] c : at) {
                    Rectangle2D r = new Rectangle2D.Double(c[0], c[1], w, h);
                    double cost = 0;
                    for (Rectangle2D o : obstacles) {
                        Rectangle2D cut = r.createIntersection(o);
                        cost += cut.isEmpty() ? 0 : cut.getWidth() * cut.getHeight();
                    }
                    Rectangle2D inside = r.createIntersection(area);
                    cost += w * h - (inside.isEmpty() ? 0 : inside.getWidth() * inside.getHeight());
                    if (cost < bestCost) {
                        bestCost = cost;
                        best = r;
                        if (cost == 0) {
                            break;
                        }
                    }
                }
            }
            out.add(best);
            obstacles.add(best);
        }
        return out;
    }
}
