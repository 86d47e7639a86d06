package org.cgml.tasks.image.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** rgb2lab against scikit-image 0.19.3 (scripts/lab-reference.py), and the round trip. */
class LabTest {
    @Test
    void matchesScikitImageAndRoundTrips() throws IOException {
        List<String> rows;
        try (InputStream in = LabTest.class.getResourceAsStream("lab.csv")) {
            rows = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1).toList();
        }
        assertEquals(32, rows.size());
        for (String row : rows) {
            double[] v = java.util.Arrays.stream(row.split(",")).mapToDouble(Double::parseDouble).toArray();
            double[] lab = Lab.fromRgb(v[0], v[1], v[2]);
            for (int i = 0; i < 3; i++) {
                assertEquals(v[3 + i], lab[i], 1e-6, row + " component " + i);
            }
            double[] rgb = Lab.toRgb(lab[0], lab[1], lab[2]);
            for (int i = 0; i < 3; i++) {
                assertEquals(v[i], rgb[i], 1e-6, row + " round trip " + i);
            }
        }
        // white is not exactly (100, 0, 0) with the published sRGB matrix, as in scikit-image
        assertEquals(-0.0025, Lab.fromRgb(1, 1, 1)[1], 1e-4);
    }
}
