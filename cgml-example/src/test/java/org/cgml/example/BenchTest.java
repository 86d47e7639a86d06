package org.cgml.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cgml.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cgml bench} runs the example method beside the baseline on the example task, as any installed plugin. */
class BenchTest {

    /** The figure {@code metric} of {@code method} in results.csv. */
    private static double figure(List<String> results, String method, String metric) {
        String prefix = "levels,-," + method + ",1," + metric + ",";
        return Double.parseDouble(results.stream().filter(r -> r.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError(prefix + " in " + results)).substring(prefix.length()));
    }

    @Test
    void theExampleMethodIsAColumnOfTheBenchTables(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("bench");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"bench", "--task", "levels", "--methods",
            "multiple-choice:choices=3,baseline", "--seeds", "1", "--modes", "3", "--iterations", "600", "--count",
            "64", "--curve-every", "-1", "--out", out.toString()},
                new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8));
        String err = stderr.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, err);
        List<String> results = Files.readAllLines(out.resolve("results.csv"));
        String method = "multiple-choice:choices=3";
        for (String m : List.of(method, "baseline")) {
            for (String metric : List.of("on_level", "levels_reached", "l1_best_of_k", "generator_passes_per_sample")) {
                assertTrue(Double.isFinite(figure(results, m, metric)), m + " " + metric);
            }
        }
        assertEquals(4, figure(results, method, "generator_passes_per_sample"), "M = 3 codes, then the fit");
        assertTrue(figure(results, method, "levels_reached") > figure(results, "baseline", "levels_reached"),
                "the task's own figure tells the two apart: " + results);
        String md = Files.readString(out.resolve("summary.md"));
        assertTrue(md.contains("| metric | " + method + " | baseline |"), md);
        assertTrue(md.contains("levels_reached"), md);
        String config = Files.readString(out.resolve("default/" + method + "/seed-1/config.json"));
        assertTrue(config.matches("(?s).*\"choices\" : \\{\\s*\"value\" : 3,\\s*\"origin\" : \"user\".*"), config);
    }
}
