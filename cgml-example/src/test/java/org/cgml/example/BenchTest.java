package org.cgml.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cgml.cli.Main;
import org.cgml.nn.evaluation.Evaluator;
import org.cgml.nn.evaluation.TrainedRun;
import org.cgml.nn.plugin.Registry;
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

    /** {@code cgml ARGS} in this process: its exit code and its stderr. */
    private static Map.Entry<Integer, String> cgml(String... args) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        return Map.entry(code, stderr.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theExampleMethodIsAColumnOfTheBenchTables(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("bench");
        String[] bench = {"bench", "--task", "levels", "--methods", "multiple-choice:choices=3,baseline", "--seeds", "1",
            "--modes", "3", "--iterations", "600", "--count", "64", "--curve-every", "-1", "--out", out.toString()};
        Map.Entry<Integer, String> first = cgml(bench);
        assertEquals(0, first.getKey(), first.getValue());
        List<String> results = Files.readAllLines(out.resolve("results.csv"));
        String method = "multiple-choice:choices=3";
        for (String m : List.of(method, "baseline")) {
            for (String metric : List.of("on_level", "levels_reached", "l1_best_of_k", "generator_passes_per_sample")) {
                assertTrue(Double.isFinite(figure(results, m, metric)), m + " " + metric);
            }
        }
        assertEquals(2, figure(results, method, "generator_passes_per_sample"), "M = 3 forward-only codes (1/3 each), then the fit");
        assertTrue(figure(results, method, "levels_reached") > figure(results, "baseline", "levels_reached"),
                "the task's own figure tells the two apart: " + results);
        String md = Files.readString(out.resolve("summary.md"));
        assertTrue(md.contains("| metric | " + method + " | baseline |"), md);
        assertTrue(md.contains("levels_reached"), md);
        String config = Files.readString(out.resolve("default/" + method + "/seed-1/config.json"));
        assertTrue(config.matches("(?s).*\"choices\" : \\{\\s*\"value\" : 3,\\s*\"origin\" : \"user\".*"), config);

        // the run folder reads back with the method's own setting: the same bench reuses it, sample reopens it
        Map.Entry<Integer, String> again = cgml(bench);
        assertEquals(0, again.getKey(), again.getValue());
        assertTrue(again.getValue().contains("reusing the finished run"), again.getValue());
        assertEquals(results, Files.readAllLines(out.resolve("results.csv")), "the figures the run kept");
        Path run = out.resolve("default/" + method + "/seed-1");
        Map.Entry<Integer, String> sample = cgml("sample", "--run", run.toString(), "--modes", "3", "--csv",
                tmp.resolve("samples.csv").toString());
        assertEquals(0, sample.getKey(), sample.getValue());
        assertEquals(1 + 3 * Levels.TEST_SIZE, Files.readAllLines(tmp.resolve("samples.csv")).size());
        try (TrainedRun opened = TrainedRun.open(run, Registry.installed())) {
            assertEquals(3, opened.config().get(MultipleChoice.CHOICES));
            double reached = new Evaluator(3, 64, 0).evaluate(opened).stream()
                    .filter(s -> s.reference() == null && s.metric().equals("levels_reached")).findFirst().orElseThrow()
                    .value();
            assertEquals(figure(results, method, "levels_reached"), reached, 0, "the library call scores as the bench");
        }
    }

    @Test
    void aPluginMethodsDefaultSettingIsRecordedInItsRun(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        Map.Entry<Integer, String> trained = cgml("train", "--task", "levels", "--method", "multiple-choice",
                "--iterations", "5", "--out", run.toString());
        assertEquals(0, trained.getKey(), trained.getValue());
        String config = Files.readString(run.resolve("config.json"));
        assertTrue(config.matches("(?s).*\"choices\" : \\{\\s*\"value\" : 2,\\s*\"origin\" : \"default\".*"),
                "the method's own setting, defaulted, is in config.json: " + config);
        assertTrue(config.contains("\"lipschitz_used\" : \"none\""), config);
    }
}
