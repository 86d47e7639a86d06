package org.cgml.nn.run;

import java.io.PrintStream;
import java.util.Locale;
import org.cgml.api.TrainingConfig;
import org.cgml.api.TrainingListener;

/** Shows the iteration, cost, rate and ETA: a live line on a terminal, else one line per tenth of the run. */
public final class ProgressListener implements TrainingListener {
    private final PrintStream out;
    private final boolean live;
    private final String label;
    private long startNanos;
    private long firstIteration;
    private long lastPrint;
    private double smoothedCost = Double.NaN;

    public ProgressListener(PrintStream out, boolean live, String label) {
        this.out = out;
        this.live = live;
        this.label = label;
    }

    @Override
    public void onBegin(TrainingConfig config, long first) {
        startNanos = System.nanoTime();
        firstIteration = first;
        if (first > 0) {
            out.printf(Locale.ROOT, "%sresuming at iteration %d of %d%n", label, first,
                    config.get(TrainingConfig.ITERATIONS));
        }
    }

    @Override
    public void onIteration(IterationInfo s) {
        smoothedCost = Double.isNaN(smoothedCost) ? s.cost() : 0.95 * smoothedCost + 0.05 * s.cost();
        long now = System.nanoTime();
        boolean tenth = s.iteration() == s.iterations() || s.iteration() % Math.max(1, s.iterations() / 10) == 0;
        if (live ? now - lastPrint > 250_000_000L || s.iteration() == s.iterations() : tenth) {
            lastPrint = now;
            double secs = (now - startNanos) / 1e9;
            double rate = (s.iteration() - firstIteration) / Math.max(secs, 1e-9);
            long eta = Math.round((s.iterations() - s.iteration()) / Math.max(rate, 1e-9));
            String line = String.format(Locale.ROOT, "%siteration %d/%d  cost %.4f  Z-loss %.4f  lr %.2e  %.1f it/s  ETA %s",
                    label, s.iteration(), s.iterations(), smoothedCost, s.dynamicsLoss(), s.learningRate(), rate,
                    duration(eta));
            if (live) {
                out.print("\r" + line + "   ");
            } else {
                out.println(line);
            }
            out.flush();
        }
    }

    @Override
    public void onEnd(long lastIteration) {
        if (live) {
            out.println();
        }
    }

    public static String duration(long seconds) {
        return seconds >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60)
                : String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
}
