package org.cgml.tasks.spectral.denoise;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.cgml.api.Evaluation;
import org.junit.jupiter.api.Test;

/** The spectral figures on known maps: first, best and mean of K relative errors, over the map and the masked cells. */
class SpectralFiguresTest {

    @Test
    void firstBestAndMeanOfKOnKnownMaps() {
        SpectralDenoise task = (SpectralDenoise) new SpectralDenoise().withOptions(Map.of("degree", "15"));
        int cells = task.outputSize();
        float[] y = new float[cells];
        float[] x = new float[2 * cells];
        for (int c = 0; c < cells; c++) {
            y[c] = 1f;
            x[2 * c] = c < cells / 2 ? 0f : 1f; // the first half masked (channel 1 is 0), the rest known
            x[2 * c + 1] = c < cells / 2 ? 0f : 1f;
        }
        int k = 3;
        float[] out = new float[k * cells];
        float[] scale = {2f, 1.5f, 1.25f}; // relative errors 1, 0.5 and 0.25 everywhere
        for (int m = 0; m < k; m++) {
            for (int c = 0; c < cells; c++) {
                out[m * cells + c] = scale[m];
            }
        }
        Map<String, Double> figures = new HashMap<>();
        Map<String, Double> references = new HashMap<>();
        Evaluation.View view = new Evaluation.View("", task, null);
        new SpectralFigures(task, 2).score(new Evaluation.Samples(view, 1, 1, k, x, y, out, null, null),
                new Evaluation.Figures() {
                    @Override
                    public void add(String metric, double value) {
                        figures.put(metric, value);
                    }

                    @Override
                    public void reference(String reference, String metric, double value) {
                        references.put(reference + "/" + metric, value);
                    }
                });
        assertEquals(1.0, figures.get("relerr_map_first_median"), 1e-9);
        assertEquals(0.25, figures.get("relerr_map_best_of_k_median"), 1e-9);
        assertEquals((1 + 0.5 + 0.25) / 3, figures.get("relerr_map_mean_of_k_median"), 1e-9);
        assertEquals(0.25, figures.get("relerr_masked_best_of_k_median"), 1e-9);
        assertEquals((1 + 0.5 + 0.25) / 3, figures.get("relerr_masked_mean_of_k_median"), 1e-9);
        assertEquals(1.0, references.get("input/relerr_masked_first_median"), 1e-9, "the masked input is 0 there");
    }
}
