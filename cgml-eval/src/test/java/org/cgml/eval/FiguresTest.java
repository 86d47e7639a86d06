package org.cgml.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jfree.chart.axis.ValueAxis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** Tick labels a reader takes in, axis labels in words with units, and the SVG written beside each chart. */
class FiguresTest {
    @Test
    void ticksArePlainDecimalsOrPowersOfTen() {
        assertEquals("3.31", Figures.tick(3.3100000001));
        assertEquals("0.000794", Figures.tick(7.94e-4));
        assertEquals("250", Figures.tick(250));
        assertEquals("0.001", Figures.tick(0.001));
        assertEquals("0", Figures.tick(0));
        assertEquals("10\u207b\u2076", Figures.tick(1e-6));
        assertEquals("2.5\u00d710\u207b\u2077", Figures.tick(2.5e-7));
        assertEquals("\u22121.2\u00d710\u2078", Figures.tick(-1.2e8));
        assertEquals("10\u2075", Figures.tick(1e5));
    }

    /** A nearly flat series (a constant learning rate): every tick label differs from its neighbours. */
    @Test
    void flatSeriesTicksAreToldApart() {
        assertEquals("0.001", Figures.tick(0.001, 2e-5));
        assertEquals("0.00102", Figures.tick(0.00102, 2e-5));
        assertEquals("18.25", Figures.tick(18.25, 0.05));
        assertEquals("250", Figures.tick(250, 50));
        double[] x = {1, 2, 3};
        double[] flat = {1e-3, 1e-3, 1e-3};
        Curves.Panel panel = new Curves.Panel("t", "iteration", "learning rate",
                List.of(new Curves.Band("b", x, flat, flat, flat)), false);
        ValueAxis axis = Curves.chart(panel).getXYPlot().getRangeAxis();
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(400, 300,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        List<String> labels = axis.refreshTicks(g, new org.jfree.chart.axis.AxisState(),
                new java.awt.geom.Rectangle2D.Double(0, 0, 300, 200), org.jfree.chart.ui.RectangleEdge.LEFT).stream()
                .filter(t -> ((org.jfree.chart.axis.ValueTick) t).getTickType() == org.jfree.chart.axis.TickType.MAJOR)
                .map(t -> ((org.jfree.chart.axis.Tick) t).getText()).toList();
        g.dispose();
        assertTrue(labels.size() >= 3, labels.toString());
        assertEquals(labels.size(), new java.util.HashSet<>(labels).size(), "no two ticks read alike: " + labels);
        assertTrue(labels.contains("0.001"), labels.toString());
        double[] cost = new double[30];
        double[] it = new double[30];
        for (int i = 0; i < 30; i++) {
            it[i] = i + 1;
            cost[i] = 255 - 3 * i;
        }
        ValueAxis costAxis = Curves.chart(new Curves.Panel("t", "iteration", "cost",
                List.of(new Curves.Band("b", it, cost, cost, cost)), false)).getXYPlot().getRangeAxis();
        g = img.createGraphics();
        List<String> costLabels = costAxis.refreshTicks(g, new org.jfree.chart.axis.AxisState(),
                new java.awt.geom.Rectangle2D.Double(0, 0, 480, 250), org.jfree.chart.ui.RectangleEdge.LEFT).stream()
                .filter(t -> !((org.jfree.chart.axis.Tick) t).getText().isEmpty())
                .map(t -> ((org.jfree.chart.axis.Tick) t).getText()).toList();
        g.dispose();
        assertTrue(costLabels.size() <= 12, "minor ticks stay unlabelled: " + costLabels);
    }

    @Test
    void logAxisTicksReadAsNumbersNotScientificNotation() {
        double[] x = {1, 2, 3};
        Curves.Panel panel = new Curves.Panel("t", "iteration", "penalty",
                List.of(new Curves.Band("b", x, new double[] {4e-5, 1e-3, 3.31}, new double[] {4e-5, 1e-3, 3.31},
                        new double[] {4e-5, 1e-3, 3.31})), true);
        ValueAxis axis = Curves.chart(panel).getXYPlot().getRangeAxis();
        java.awt.image.BufferedImage img = Curves.draw(List.of(panel), 400, 300);
        java.awt.Graphics2D g = img.createGraphics();
        List<?> ticks = axis.refreshTicks(g, new org.jfree.chart.axis.AxisState(), new java.awt.geom.Rectangle2D.Double(
                0, 0, 300, 200), org.jfree.chart.ui.RectangleEdge.LEFT);
        g.dispose();
        List<String> labels = ticks.stream().map(t -> ((org.jfree.chart.axis.Tick) t).getText()).toList();
        assertEquals(List.of("0.0001", "0.001", "0.01", "0.1", "1"), labels, "five decades: the powers of ten");
        Curves.Panel narrow = new Curves.Panel("t", "iteration", "cost", List.of(new Curves.Band("b", x,
                new double[] {0.3, 1, 8}, new double[] {0.3, 1, 8}, new double[] {0.3, 1, 8})), true);
        ValueAxis narrowAxis = Curves.chart(narrow).getXYPlot().getRangeAxis();
        g = img.createGraphics();
        List<String> narrowLabels = narrowAxis.refreshTicks(g, new org.jfree.chart.axis.AxisState(),
                new java.awt.geom.Rectangle2D.Double(0, 0, 300, 200), org.jfree.chart.ui.RectangleEdge.LEFT).stream()
                .map(t -> ((org.jfree.chart.axis.Tick) t).getText()).toList();
        g.dispose();
        assertTrue(narrowLabels.containsAll(List.of("0.5", "1", "2", "5")), "within two decades 1, 2, 5: "
                + narrowLabels);
        java.text.NumberFormat format = ((org.jfree.chart.axis.LogAxis) axis).getNumberFormatOverride();
        for (double v : new double[] {3.31, 7.94e-4, 1e-3, 1e-5}) {
            String label = format.format(v);
            assertFalse(label.matches(".*\\dE-?\\d.*"), v + " reads " + label);
        }
        assertEquals("3.31", format.format(3.31));
    }

    @Test
    void aLinkTheUserNamedIsWrittenThroughNotReplaced(@TempDir Path dir) throws Exception {
        Path target = Files.writeString(dir.resolve("target.png"), "old");
        Path link = Files.createSymbolicLink(dir.resolve("figure.png"), target);
        Figures.write(link, 40, 30, g -> g.drawLine(0, 0, 39, 29));
        assertTrue(Files.isSymbolicLink(link), "the link stays a link");
        assertEquals(40, javax.imageio.ImageIO.read(target.toFile()).getWidth(), "the picture went through it");
    }

    @Test
    void labelsAreWordsWithUnits() {
        assertEquals("PSNR (dB)", Figures.label("psnr"));
        assertEquals("PSNR, best of K modes (dB)", Figures.label("psnr_best_of_k"));
        assertEquals("SSIM, first mode", Figures.label("ssim_first"));
        assertEquals("cost E", Figures.label("cost"));
        assertEquals("some figure", Figures.label("some_figure"));
    }

    @Test
    void regionsAndMediansAreWordsAndErrorsSayLowerIsBetter() {
        assertEquals("PSNR in the holes, best of K modes (dB)", Figures.label("hole_psnr_best_of_k"));
        assertEquals("relative error in the masked region, mean over K modes, median over inputs",
                Figures.label("relerr_masked_mean_of_k_median"));
        assertEquals(java.util.Optional.of(Figures.Better.LOWER), Figures.better("relerr_masked_best_of_k_median"));
        assertEquals(java.util.Optional.of(Figures.Better.LOWER), Figures.better("l1_mean_of_k"));
        assertEquals(java.util.Optional.of(Figures.Better.HIGHER), Figures.better("hole_ssim_best_of_k"));
        assertEquals(java.util.Optional.empty(), Figures.better("diversity_l1"), "diversity is no quality");
        assertEquals(java.util.Optional.empty(), Figures.better("some_figure"));
        assertEquals("L1 error, best of K modes, lower is better", Figures.labelWithDirection("l1_best_of_k"));
        assertEquals("learning rate", Figures.labelWithDirection("learning_rate"));
    }

    @Test
    void everyChartIsAlsoAWellFormedSvgWithItsText(@TempDir Path dir) throws Exception {
        double[] x = {0, 10, 20};
        List<Curves.Panel> panels = new ArrayList<>();
        panels.add(new Curves.Panel("Held-out PSNR", "training iteration", Figures.label("psnr"),
                List.of(new Curves.Band("cgml", x, new double[] {10, 12, 13}, new double[] {9, 11, 12},
                        new double[] {11, 13, 14}))));
        panels.add(new Curves.Panel("Lipschitz penalty", "training iteration", "Lipschitz penalty",
                List.of(new Curves.Band("p", x, new double[] {1e-5, 1e-4, 1e-3}, new double[] {1e-5, 1e-4, 1e-3},
                        new double[] {1e-5, 1e-4, 1e-3})), true));
        Path png = dir.resolve("figure.png");
        Curves.write(panels, 2, 400, 300, png);
        assertTrue(Files.size(png) > 0);
        assertEquals(800, javax.imageio.ImageIO.read(png.toFile()).getWidth());
        Path svg = dir.resolve("figure.svg");
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = f.newDocumentBuilder().parse(svg.toFile());
        assertEquals("svg", doc.getDocumentElement().getLocalName() == null ? doc.getDocumentElement().getTagName()
                : doc.getDocumentElement().getLocalName());
        NodeList texts = doc.getElementsByTagName("text");
        List<String> words = new ArrayList<>();
        for (int i = 0; i < texts.getLength(); i++) {
            words.add(texts.item(i).getTextContent());
        }
        assertTrue(words.contains("Held-out PSNR"), words.toString());
        assertTrue(words.contains("PSNR (dB)"), words.toString());
        assertTrue(words.contains("training iteration"), words.toString());
        assertTrue(words.contains("Lipschitz penalty, log scale"), words.toString());
        assertTrue(words.containsAll(List.of("0.0001", "0.001", "10\u207b\u2075")), "log ticks as text: " + words);
        assertTrue(words.stream().noneMatch(w -> w.matches(".*\\dE-?\\d.*")), words.toString());
        assertFalse(Files.exists(dir.resolve(".figure.svg.tmp")));
    }
}
