package org.cgml.nn.toy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.cgml.api.Evaluation;
import org.junit.jupiter.api.Test;

/** The toy's branch figures (paper Fig. 3) on hand-placed samples whose answer is known. */
class ToyFiguresTest {

    @Test
    void branchSharesCountHandPlacedSamples() {
        ToyTask task = new ToyTask();
        // two inputs, four samples each; branch +1 at x is 4 (x, x^2, x^3), branch -1 its negative
        float[] x = {0.5f, -0.5f};
        float[] y = new float[2 * 4 * 3];
        // x = 0.5: + branch (2, 1, 0.5)
        put(y, 0, 0, 2f, 1f, 0.5f);          // on +, exactly
        put(y, 0, 1, 2f, 1.2f, 0.5f);        // on +: 0.2 away
        put(y, 0, 2, -2f, -1f, -0.5f - 0.24f); // on -: 0.24 away
        put(y, 0, 3, 2f, 1.3f, 0.5f);        // phantom: 0.3 from +
        // x = -0.5: + branch (-2, 1, -0.5), - branch (2, -1, 0.5)
        put(y, 1, 0, 2f, -1f, 0.5f);         // on -
        put(y, 1, 1, 0f, 0f, 0f);            // phantom: far from both
        put(y, 1, 2, -2f, 1f, -0.5f);        // on +
        put(y, 1, 3, 2.1f, -1.1f, 0.5f);     // on -: 0.141 away
        Map<String, Double> f = score(task, x, y);
        assertEquals(6 / 8.0, f.get("on_branch"), 1e-12);
        assertEquals(2 / 8.0, f.get("phantom"), 1e-12);
        assertEquals(3 / 6.0, f.get("plus_share"), 1e-12);
        assertEquals(3 / 6.0, f.get("minus_share"), 1e-12);

        // all on +: plus_share 1; a point at distance exactly RADIUS counts as on the branch
        float[] x1 = {0f};
        float[] y1 = new float[3];
        y1[2] = (float) ToyTask.RADIUS;
        Map<String, Double> g = score(task, x1, y1);
        assertEquals(1.0, g.get("on_branch"), 1e-12);
        assertEquals(1.0, g.get("plus_share"), 1e-12, "equidistant (x = 0): counted for +");
        // nothing on a branch: shares are 0, not NaN
        y1[2] = 1f;
        Map<String, Double> h = score(task, x1, y1);
        assertEquals(0.0, h.get("on_branch"));
        assertEquals(0.0, h.get("plus_share"));
        assertEquals(1.0, h.get("phantom"));
    }

    private static void put(float[] y, int input, int mode, float a, float b, float c) {
        int off = (input * 4 + mode) * 3;
        y[off] = a;
        y[off + 1] = b;
        y[off + 2] = c;
    }

    private static Map<String, Double> score(ToyTask task, float[] x, float[] y) {
        int count = x.length;
        int modes = y.length / 3 / count;
        Map<String, Double> figures = new LinkedHashMap<>();
        Evaluation.View view = new Evaluation.View("", task, task.data(1).test());
        task.evaluation().score(new Evaluation.Samples(view, 1, count, modes, x, new float[count * 3], y, null, null),
                new Evaluation.Figures() {
                    @Override
                    public void add(String metric, double value) {
                        figures.put(metric, value);
                    }

                    @Override
                    public void reference(String reference, String metric, double value) {
                    }
                });
        return figures;
    }
}
