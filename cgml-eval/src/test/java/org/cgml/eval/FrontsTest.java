package org.cgml.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bench's front: which figures it draws, its points and whiskers over seeds, its labels, and its files. */
class FrontsTest {

    private static Fronts.Value v(String method, long seed, String metric, double value) {
        return new Fronts.Value(method, seed, metric, value);
    }

    /** Two methods over seeds 1 and 2, a reference (the truth's diversity) and a method without a diversity. */
    private static List<Fronts.Value> toyView() {
        return List.of(
                v("cgml", 1, "diversity_l1", 0.1), v("cgml", 2, "diversity_l1", 0.3),
                v("cgml", 1, "l1_best_of_k", 1.0), v("cgml", 2, "l1_best_of_k", 3.0),
                v("cgml", 1, "l1_mean_of_k", 4.0), v("cgml", 2, "l1_mean_of_k", 6.5),
                v("cgml", 1, "on_branch", 0.9), v("cgml", 2, "on_branch", 0.95),
                v("cimle", 1, "diversity_l1", 0.5), v("cimle", 2, "diversity_l1", 0.5),
                v("cimle", 1, "l1_best_of_k", 0.5), v("cimle", 2, "l1_best_of_k", 0.7),
                v("truth", 1, "diversity_l1", 0.4), v("truth", 2, "diversity_l1", 0.6),
                v("blind", 1, "l1_best_of_k", 9.0));
    }

    private static final List<Fronts.Value> PRICES = List.of(
            v("cgml", 1, "generator_passes_per_sample", 1), v("cgml", 2, "generator_passes_per_sample", 1),
            v("cimle", 1, "generator_passes_per_sample", 13.0 / 3), v("cimle", 2, "generator_passes_per_sample", 13.0 / 3),
            v("cimle", 1, "parameters", 1000));

    @Test
    void theRegionsFiguresAreDrawnWhereTheTaskHasThemElseAllBestOfK() {
        assertEquals(List.of("hole_psnr_best_of_k", "hole_ssim_best_of_k"), Fronts.figures(List.of("psnr_first",
                "psnr_best_of_k", "hole_psnr_best_of_k", "hole_psnr_mean_of_k", "hole_ssim_best_of_k",
                "ssim_best_of_k", "diversity_l1")));
        assertEquals(List.of("relerr_masked_best_of_k_median"), Fronts.figures(List.of("l1_best_of_k",
                "relerr_map_best_of_k_median", "relerr_masked_best_of_k_median", "relerr_masked_mean_of_k_median")));
        assertEquals(List.of("l1_best_of_k", "relerr_map_best_of_k_median"), Fronts.figures(List.of("l1_first",
                "l1_best_of_k", "l1_mean_of_k", "relerr_map_best_of_k_median")));
        assertEquals(List.of("a_best_of_k", "b_best_of_k", "c_best_of_k"), Fronts.figures(List.of("a_best_of_k",
                "b_best_of_k", "c_best_of_k", "d_best_of_k")), "at most three panels");
        assertEquals(List.of(), Fronts.figures(List.of("psnr_first", "diversity_l1")));
    }

    @Test
    void pointsAreMeansOverSeedsWithWhiskersFromTheLowestToTheHighest() {
        List<Fronts.Panel> panels = Fronts.panels(List.of("cgml", "cimle", "blind"), toyView(), PRICES);
        assertEquals(1, panels.size());
        Fronts.Panel p = panels.get(0);
        assertEquals("l1_best_of_k", p.figure());
        assertEquals("l1_mean_of_k", p.meanFigure());
        assertEquals(List.of("cgml", "cimle"), p.points().stream().map(Fronts.Point::method).toList(),
                "a method without a diversity has no point");
        Fronts.Point cgml = p.points().get(0);
        assertEquals(new Fronts.Spread(0.2, 0.1, 0.3, 2), cgml.diversity());
        assertEquals(new Fronts.Spread(2.0, 1.0, 3.0, 2), cgml.best());
        assertEquals(new Fronts.Spread(5.25, 4.0, 6.5, 2), cgml.mean());
        assertEquals("cgml, 1 pass", cgml.label());
        assertEquals(0, cgml.colour());
        Fronts.Point cimle = p.points().get(1);
        assertEquals(0.6, cimle.best().mean(), 1e-12);
        assertEquals(0.5, cimle.best().min());
        assertEquals(0.7, cimle.best().max());
        assertNull(cimle.mean(), "no mean of K in its runs");
        assertEquals("cimle, 4.33 passes", cimle.label());
        assertEquals(1, cimle.colour());
        assertEquals(List.of(new Fronts.Reference("truth", 0.5)), p.references());
        assertEquals("diversity (mean L1 between modes)", p.xLabel());
        assertEquals("L1 error, lower is better", p.yLabel());
    }

    @Test
    void noFrontOfOneMethodOrWithoutTheDiversity() {
        assertEquals(List.of(), Fronts.panels(List.of("cgml"), toyView(), PRICES), "one method is no front");
        List<Fronts.Value> blind = toyView().stream().filter(x -> !x.metric().equals("diversity_l1")).toList();
        assertEquals(List.of(), Fronts.panels(List.of("cgml", "cimle"), blind, PRICES));
        List<Fronts.Panel> unpriced = Fronts.panels(List.of("cgml", "cimle"), toyView(), List.of());
        assertEquals("cgml", unpriced.get(0).points().get(0).label(), "no price, the method alone");
    }

    @Test
    void psnrPanelsSayHigherIsBetter() {
        List<Fronts.Value> view = new ArrayList<>();
        for (String m : List.of("a", "b")) {
            view.add(v(m, 1, "diversity_l1", m.equals("a") ? 1 : 2));
            view.add(v(m, 1, "hole_psnr_best_of_k", 20));
            view.add(v(m, 1, "psnr_best_of_k", 25));
        }
        List<Fronts.Panel> panels = Fronts.panels(List.of("a", "b"), view, List.of());
        assertEquals(1, panels.size(), "the hole's figure, not the whole picture's");
        assertEquals("PSNR in the holes (dB), higher is better", panels.get(0).yLabel());
    }

    @Test
    void writesAPngAndAnSvgWithTheLabelsAsText(@TempDir Path dir) throws Exception {
        List<Fronts.Panel> panels = Fronts.panels(List.of("cgml", "cimle"), toyView(), PRICES);
        Path png = dir.resolve("front.png");
        Fronts.write("toy, task defaults, seeds 1 and 2 (mean, min to max)", panels, png);
        assertTrue(Files.size(png) > 0);
        assertEquals(Fronts.PANEL_WIDTH, javax.imageio.ImageIO.read(png.toFile()).getWidth());
        String svg = Files.readString(dir.resolve("front.svg"));
        for (String text : List.of("cgml, 1 pass", "cimle, 4.33 passes", "toy, task defaults, seeds 1 and 2",
                "L1 error, lower is better", "held-out figures")) {
            assertTrue(svg.contains(text), text + " in the SVG");
        }
        assertTrue(svg.matches("(?s).*truth(&apos;|&#39;|')s diversity.*"), "the truth's diversity as a line");
    }

    @Test
    void aLongMethodEntryIsBrokenAtItsSettingsAndBeforeItsPrice() {
        java.awt.FontMetrics fm = new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_INT_RGB)
                .createGraphics().getFontMetrics(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 12));
        String label = "cgml:lipschitz=none:search_starts=10:inner_steps=1, 5.33 passes";
        List<String> lines = Fronts.lines(label, fm, fm.stringWidth("cgml:lipschitz=none:"));
        assertEquals(List.of("cgml:lipschitz=none:", "search_starts=10:", "inner_steps=1", "5.33 passes"), lines);
        assertEquals(List.of("cimle, 4.33 passes"), Fronts.lines("cimle, 4.33 passes", fm, 500), "a short one whole");
        List<Fronts.Panel> wide = Fronts.panels(List.of("a", "b"), List.of(v("a", 1, "diversity_l1", 1),
                v("b", 1, "diversity_l1", 2), v("a", 1, "relerr_masked_best_of_k_median", 0.3),
                v("b", 1, "relerr_masked_best_of_k_median", 0.2)), List.of());
        assertEquals("relative error in the masked region, median over inputs, lower is better",
                wide.get(0).yLabel());
        assertTrue(Fronts.height(wide) > Fronts.PANEL_HEIGHT, "a panel tall enough for its long axis title");
    }

    @Test
    void labelsOfPointsAtOnePlaceDoNotOverlap() {
        Rectangle2D area = new Rectangle2D.Double(0, 0, 400, 300);
        List<Point2D> anchors = List.of(new Point2D.Double(200, 150), new Point2D.Double(201, 151),
                new Point2D.Double(202, 150), new Point2D.Double(390, 150));
        List<double[]> sizes = List.of(new double[] {120, 14}, new double[] {120, 14}, new double[] {120, 14},
                new double[] {120, 14});
        List<Rectangle2D> markers = anchors.stream().map(a -> (Rectangle2D) new Rectangle2D.Double(a.getX() - 7,
                a.getY() - 7, 14, 14)).toList();
        List<Rectangle2D> boxes = Fronts.place(anchors, sizes, markers, area);
        for (int i = 0; i < boxes.size(); i++) {
            assertTrue(area.contains(boxes.get(i)), "inside the plot: " + boxes.get(i));
            for (Rectangle2D m : markers) {
                assertFalse(boxes.get(i).intersects(m), "label " + i + " off the markers");
            }
            for (int j = 0; j < i; j++) {
                assertFalse(boxes.get(i).intersects(boxes.get(j)), "labels " + j + " and " + i + " apart");
            }
        }
    }
}
