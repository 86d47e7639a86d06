package org.cgml.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PointSetsTest {
    @Test
    void chamferOfKnownSets() {
        float[] a = {0, 0, 1, 0};          // (0,0), (1,0)
        float[] b = {0, 0, 0, 2, 3, 0};    // (0,0), (0,2), (3,0)
        PointSets.Chamfer c = PointSets.chamfer(a, b, 2);
        assertEquals((0 + 1) / 2.0, c.forward(), 1e-12);        // nearest: 0, 1
        assertEquals((0 + 4 + 4) / 3.0, c.backward(), 1e-12);    // nearest: 0, 4 (to (0,0)), 4 (to (1,0))
        assertEquals((0.5 + 8 / 3.0) / 2, c.symmetric(), 1e-12);
    }

    @Test
    void coverageCountsModesWithASampleNearby() {
        float[] modes = {1, -1};
        float[] samples = {0.9f, 0.95f, 0.2f};
        assertEquals(0.5, PointSets.coverage(modes, samples, 1, 0.25), 1e-12);
        assertEquals(1.0, PointSets.coverage(modes, samples, 1, 1.25), 1e-12);
    }

    @Test
    void rejectsRaggedSets() {
        assertThrows(IllegalArgumentException.class, () -> PointSets.chamfer(new float[3], new float[2], 2));
    }

    @Test
    void diversityIsMeanPairwiseL1() {
        float[][] s = {{0, 0}, {1, 1}, {0, 2}};
        // pairs: (0,1): 1 ; (0,2): 1 ; (1,2): 1
        assertEquals(1.0, Diversity.meanPairwiseL1(s), 1e-12);
        assertEquals(0.0, Diversity.meanPairwiseL1(new float[][] {{3, 4}}), 0);
    }

    @Test
    void diversityOfImagesSaysWhichDistanceItUsed() {
        Raster a = new Raster(1, 2, 1, new double[] {0, 255});
        Raster b = new Raster(1, 2, 1, new double[] {255, 255});
        Diversity.Result r = Diversity.meanPairwise(java.util.List.of(a, b), 255, null);
        assertEquals(Diversity.Kind.L1, r.kind());
        assertEquals(0.5, r.value(), 1e-6);
    }
}
