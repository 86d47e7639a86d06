package org.cgml.cli;

import static org.cgml.cli.CliTest.cgml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.cgml.nn.graph.PrecisionChoice;
import org.junit.jupiter.api.Test;

/** {@code cgml bench speed} names what each row times, and says "not available" for bf16 on a CPU without it. */
class BenchSpeedTest {

    private static Map<String, String> rows(String csv) {
        Map<String, String> out = new LinkedHashMap<>();
        csv.lines().skip(1).forEach(l -> out.put(l.substring(0, l.indexOf(',')), l.substring(l.indexOf(',') + 1)));
        return out;
    }

    @Test
    void onACpuWithoutBfloat16TheBf16RowsAreNotAvailableAndTheRestAreTimed() {
        var before = BenchSpeed.hardware;
        BenchSpeed.hardware = () -> new PrecisionChoice.Hardware(Set.of("fpu", "avx2"), false);
        CliTest.Outcome o;
        try {
            o = cgml("bench", "speed", "--size", "16", "--channels", "2", "--batch-size", "2", "--repeats", "1");
        } finally {
            BenchSpeed.hardware = before;
        }
        assertEquals(0, o.code(), o.err());
        Map<String, String> rows = rows(o.out());
        for (String bf16 : new String[] {"cgml_bf16_iteration_ms_median", "baseline_bf16_iteration_ms_median",
            "cgml_bf16_speedup_median", "baseline_bf16_speedup_median"}) {
            assertEquals(BenchSpeed.NOT_AVAILABLE, rows.get(bf16), bf16 + " in " + rows);
        }
        for (String timed : new String[] {"cgml_fp32_iteration_ms_median", "baseline_fp32_iteration_ms_median",
            "recipe_paper_iteration_ms_median", "recipe_paper_naive_iteration_ms_median",
            "cgml_sampling_k8_per_input_ms_median", "cimle_sampling_k8_per_input_ms_median",
            "cgml_over_cimle_sampling_per_input_median", "cimle_fp32_iteration_ms_median",
            "cgml_over_cimle_fp32_median"}) {
            assertTrue(Double.parseDouble(rows.get(timed)) > 0, timed + " in " + rows);
        }
        assertEquals("8", rows.get("sampling_modes"));
        assertEquals("20", rows.get("cgml_sampling_steps"));
        assertTrue(o.err().contains("cgml:recipe=paper (l = 20, m = 1, Z on the steps)"), o.err());
    }
}
