package org.cgml.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ColourfulnessTest {
    @Test
    void greyImagesHaveNoColourAndAUniformColourOnlyItsMean() {
        Raster grey = new Raster(2, 2, 3, new double[] {10, 10, 10, 200, 200, 200, 50, 50, 50, 0, 0, 0});
        assertEquals(0, Colourfulness.of(grey), 1e-12);
        // pure red everywhere: rg = 255, yb = 127.5, no variance
        double[] red = new double[12];
        for (int i = 0; i < 4; i++) {
            red[3 * i] = 255;
        }
        assertEquals(0.3 * Math.hypot(255, 127.5), Colourfulness.of(new Raster(2, 2, 3, red)), 1e-9);
    }

    @Test
    void halfRedHalfBlue() {
        // rg: 255, 0 ; yb: 127.5, -255 -> std rg 127.5, std yb 191.25; means 127.5, -63.75
        double[] px = {255, 0, 0, 0, 0, 255};
        double expected = Math.sqrt(127.5 * 127.5 + 191.25 * 191.25) + 0.3 * Math.hypot(127.5, -63.75);
        assertEquals(expected, Colourfulness.of(new Raster(1, 2, 3, px)), 1e-9);
    }

    @Test
    void needsColour() {
        assertThrows(IllegalArgumentException.class, () -> Colourfulness.of(new Raster(1, 1, 1, new double[1])));
    }
}
