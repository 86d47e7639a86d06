package org.cgml.tasks.spectral.denoise;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cgml.api.Evaluation;
import org.cgml.eval.LinearProbe;
import org.cgml.eval.Stats;
import org.cgml.tasks.spectral.SpectralShapes;

/**
 * The spectral-denoise figures (paper Tables 4 and 6): relative errors ||a - y|| / ||y|| of the recovered maps over
 * the whole map and inside the masked region (pooled over the set for the first sample, per-shape medians for the
 * first and the best of K), the same for the corrupted input itself (reference {@code input}: the floor a model must
 * beat), and the shape-classification linear probe on the frozen H features (references {@code raw_invariants} and
 * {@code majority_class} beside it).
 */
final class SpectralFigures implements Evaluation {
    private final SpectralDenoise task;
    private final int minPerClass;

    SpectralFigures(SpectralDenoise task, int minPerClass) {
        this.task = task;
        this.minPerClass = minPerClass;
    }

    @Override
    public void score(Samples s, Figures f) {
        errors(s.outputs(), s.modes(), s, true, f::add);
        int cells = task.outputSize();
        float[] in = new float[s.count() * cells];
        for (int i = 0; i < in.length; i++) {
            in[i] = s.inputs()[2 * i];
        }
        errors(in, 1, s, false, (metric, value) -> f.reference("input", metric, value));
        if (s.model() != null) {
            probe(s, f);
        }
    }

    /** Where one figure goes. */
    private interface Sink {
        void add(String metric, double value);
    }

    /**
     * Relative error ||a - y|| / ||y|| over the cells where {@code region} holds (all when null); infinite where the
     * true coefficients there are all zero (such inputs are left out of the masked-region figures).
     */
    static double relativeError(float[] a, int aOff, float[] y, int yOff, int cells, boolean[] region) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < cells; i++) {
            if (region == null || region[i]) {
                double d = a[aOff + i] - y[yOff + i];
                num += d * d;
                den += (double) y[yOff + i] * y[yOff + i];
            }
        }
        return den == 0 ? (num == 0 ? 0 : Double.POSITIVE_INFINITY) : Math.sqrt(num / den);
    }

    /** The masked cells of an input (channel 1 is 0), or null when nothing is masked. */
    static boolean[] hidden(float[] x, int off, int cells) {
        boolean[] h = new boolean[cells];
        boolean any = false;
        for (int c = 0; c < cells; c++) {
            h[c] = x[off + 2 * c + 1] < 0.5f;
            any |= h[c];
        }
        return any ? h : null;
    }

    /** Relative errors of {@code k} estimates per held-out shape (input-major) against the clean maps. */
    private void errors(float[] est, int k, Samples s, boolean bestOfK, Sink out) {
        int n = s.count();
        int cells = task.outputSize();
        float[] y = s.targets();
        double[] first = new double[n];
        double[] best = new double[n];
        double[] mean = new double[n];
        List<Double> firstRegion = new ArrayList<>();
        List<Double> bestRegion = new ArrayList<>();
        List<Double> meanRegion = new ArrayList<>();
        double[] pooled = new double[4]; // first-estimate error^2 and truth^2 over the map, then over masked cells
        boolean anyRegion = false;
        for (int i = 0; i < n; i++) {
            boolean[] region = hidden(s.inputs(), i * task.inputSize(), cells);
            anyRegion |= region != null;
            best[i] = Double.POSITIVE_INFINITY;
            double bestR = Double.POSITIVE_INFINITY;
            double firstR = Double.NaN;
            double meanR = 0;
            for (int m = 0; m < k; m++) {
                int off = (i * k + m) * cells;
                double e = relativeError(est, off, y, i * cells, cells, null);
                double er = region == null ? e : relativeError(est, off, y, i * cells, cells, region);
                if (m == 0) {
                    first[i] = e;
                    firstR = er;
                }
                best[i] = Math.min(best[i], e);
                bestR = Math.min(bestR, er);
                mean[i] += e / k;
                meanR += er / k;
            }
            if (Double.isFinite(firstR)) {
                firstRegion.add(firstR);
                bestRegion.add(bestR);
                meanRegion.add(meanR);
            }
            for (int c = 0; c < cells; c++) {
                double d = est[i * k * cells + c] - y[i * cells + c];
                double t = y[i * cells + c];
                pooled[0] += d * d;
                pooled[1] += t * t;
                if (region != null && region[c]) {
                    pooled[2] += d * d;
                    pooled[3] += t * t;
                }
            }
        }
        out.add("relerr_map_first_pooled", Math.sqrt(pooled[0] / pooled[1]));
        out.add("relerr_map_first_median", Stats.median(first));
        if (bestOfK) {
            out.add("relerr_map_best_of_k_median", Stats.median(best));
            out.add("relerr_map_mean_of_k_median", Stats.median(mean));
        }
        if (anyRegion) {
            out.add("relerr_masked_first_pooled", Math.sqrt(pooled[2] / pooled[3]));
            out.add("relerr_masked_first_median", Stats.median(unbox(firstRegion)));
            if (bestOfK) {
                out.add("relerr_masked_best_of_k_median", Stats.median(unbox(bestRegion)));
                out.add("relerr_masked_mean_of_k_median", Stats.median(unbox(meanRegion)));
            }
        }
    }

    /**
     * The linear probe (paper Table 4): a softmax classifier on frozen H features of the clean maps (pooled over the
     * bottleneck's 4 x 4 positions), trained on the training shapes of the categories with at least {@code minPerClass}
     * models and tested on their held-out shapes.
     */
    private void probe(Samples s, Figures f) {
        SpectralShapes shapes = task.shapes(s.seed());
        List<String> classes = shapes.classes(minPerClass);
        f.reference("data", "probe_classes", classes.size());
        if (classes.size() < 2) {
            return; // nothing to classify: the count above says why there is no probe figure
        }
        List<SpectralShapes.Shape> train = new ArrayList<>();
        List<SpectralShapes.Shape> test = new ArrayList<>();
        for (SpectralShapes.Shape shape : shapes.shapes()) {
            if (classes.contains(shape.category())) {
                (shape.test() ? test : train).add(shape);
            }
        }
        f.reference("data", "probe_train_models", train.size());
        f.reference("data", "probe_test_models", test.size());
        LinearProbe probe = new LinearProbe(1e-3, 500);
        int[] ytr = labels(train, classes);
        int[] yte = labels(test, classes);
        f.add("probe_accuracy", probe.fitAndTest(features(s.model(), train), ytr, features(s.model(), test), yte)
                .accuracy());
        f.reference("raw_invariants", "probe_accuracy", probe.fitAndTest(invariants(train), ytr, invariants(test), yte)
                .accuracy());
        int[] counts = new int[classes.size()];
        for (int y : yte) {
            counts[y]++;
        }
        f.reference("majority_class", "probe_accuracy",
                (double) Arrays.stream(counts).max().orElse(0) / Math.max(1, yte.length));
    }

    private static int[] labels(List<SpectralShapes.Shape> shapes, List<String> classes) {
        return shapes.stream().mapToInt(s -> classes.indexOf(s.category())).toArray();
    }

    private static double[][] features(Features model, List<SpectralShapes.Shape> shapes) {
        int cells = shapes.get(0).map().length;
        float[] x = new float[shapes.size() * 2 * cells];
        for (int i = 0; i < shapes.size(); i++) {
            System.arraycopy(SpectralShapes.cleanInput(shapes.get(i).map()), 0, x, i * 2 * cells, 2 * cells);
        }
        // H's 4 x 4 bottleneck pooled over its positions, as for images (2048 -> 128 features at degree 15)
        return LinearProbe.pooled(model.features(x, shapes.size()), shapes.size(), model.featureSize(), 16);
    }

    private static double[][] invariants(List<SpectralShapes.Shape> shapes) {
        return shapes.stream().map(s -> s.invariants().clone()).toArray(double[][]::new);
    }

    private static double[] unbox(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
