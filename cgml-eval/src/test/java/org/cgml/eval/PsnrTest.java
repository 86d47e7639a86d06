package org.cgml.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PsnrTest {
    @Test
    void knownValue() {
        // MSE = 0.01 with range 1 -> 20 dB
        float[] a = {0f, 0f, 0f, 0f};
        float[] b = {0.1f, -0.1f, 0.1f, -0.1f};
        assertEquals(20.0, Psnr.of(a, b, 1.0), 1e-5);
        assertEquals(20.0 + 20 * Math.log10(255), Psnr.of(a, b, 255.0), 1e-4);
    }

    @Test
    void rejectsMismatchedSizesAndBadRange() {
        assertThrows(IllegalArgumentException.class, () -> Psnr.of(new float[2], new float[3], 1));
        assertThrows(IllegalArgumentException.class, () -> Psnr.of(new float[2], new float[2], 0));
    }
}
