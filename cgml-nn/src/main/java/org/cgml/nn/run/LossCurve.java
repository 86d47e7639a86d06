package org.cgml.nn.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cgml.eval.Curves;
import org.cgml.eval.Figures;

/**
 * Draws a run's metrics.csv into loss.png and loss.svg: one panel per figure (cost E, Z's loss, the Lipschitz term, the learning
 * rate, and each of the method's own figures), each the trace smoothed over a window of about 1 % of the run with
 * the raw values' range in that window shaded; losses on a log axis.
 */
public final class LossCurve {
    private static final int WIDTH = 560;
    private static final int HEIGHT = 330;
    /** Columns of metrics.csv that are not drawn: the iteration (the x axis) and the wall clock. */
    private static final List<String> NOT_DRAWN = List.of("iteration", "seconds");

    private LossCurve() {
    }

    /** Draws {@code rows} of metrics.csv (without its header {@code header}) into {@code png} and its SVG, atomically. */
    public static void write(String header, List<String> rows, Path png) throws IOException {
        String[] names = header.split(",");
        int n = rows.size();
        double[] it = new double[n];
        double[][] values = new double[names.length][n];
        for (int i = 0; i < n; i++) {
            String[] f = rows.get(i).split(",");
            it[i] = Double.parseDouble(f[0]);
            for (int c = 1; c < names.length && c < f.length; c++) {
                values[c][i] = f[c].isEmpty() ? Double.NaN : Double.parseDouble(f[c]); // a figure not given that step
            }
        }
        int window = Math.max(1, n / 100);
        List<Curves.Panel> panels = new ArrayList<>();
        for (int c = 1; c < names.length; c++) {
            if (NOT_DRAWN.contains(names[c]) || (c == 2 || c == 3) && allZero(values[c])) {
                continue; // a method without Z or without a Lipschitz term has nothing to draw there
            }
            double[] low = new double[n];
            double[] high = new double[n];
            double[] mean = new double[n];
            for (int i = 0; i < n; i++) {
                int from = Math.max(0, i - window + 1);
                double sum = 0;
                low[i] = Double.POSITIVE_INFINITY;
                high[i] = Double.NEGATIVE_INFINITY;
                for (int j = from; j <= i; j++) {
                    sum += values[c][j];
                    low[i] = Math.min(low[i], values[c][j]);
                    high[i] = Math.max(high[i], values[c][j]);
                }
                mean[i] = sum / (i - from + 1);
            }
            String name = Figures.label(names[c]);
            boolean log = !names[c].equals("learning_rate");
            panels.add(new Curves.Panel(capitalised(name) + (window > 1 ? " (mean of " + window
                    + " iterations, range shaded)" : ""), "training iteration", name,
                    List.of(new Curves.Band(name, it, mean, low, high)), log));
        }
        Curves.write(panels, 2, WIDTH, HEIGHT, png);
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static boolean allZero(double[] v) {
        for (double x : v) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
