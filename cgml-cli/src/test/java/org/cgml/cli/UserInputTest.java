package org.cgml.cli;

import static org.cgml.cli.CliTest.assertUserError;
import static org.cgml.cli.CliTest.cgml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a mistyped or hostile command line meets: a bounded T and K, the unknown option named first, and the
 * completion script's comma-separated lists, run in bash as a terminal would.
 */
class UserInputTest {

    @Test
    void samplingStepsAboveTheBoundAreRefusedBeforeAnythingIsWritten(@TempDir Path tmp) {
        Path run = tmp.resolve("run");
        assertUserError(cgml("train", "--task", "toy", "--out", run.toString(), "--iterations", "2",
                "--sampling-steps", "1001"), "sampling_steps must be in [0, 1000]");
        assertUserError(cgml("train", "--task", "toy", "--out", run.toString(), "--iterations", "2",
                "--config", "sampling_steps=10000000"), "sampling_steps must be in [0, 1000]");
        assertFalse(Files.exists(run), "no run folder for a refused setting");
        assertUserError(cgml("bench", "--task", "toy", "--iterations", "2", "--sampling-steps", "0,1001",
                "--out", tmp.resolve("bench").toString()), "--sampling-steps must be in [0, 1000]");
        assertFalse(Files.exists(tmp.resolve("bench")));
    }

    @Test
    void sampleBoundsItsStepsAndModes(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        assertEquals(0, cgml("train", "--task", "toy", "--out", run.toString(), "--iterations", "4", "--inner-steps",
                "1").code());
        Path csv = tmp.resolve("s.csv");
        assertUserError(cgml("sample", "--run", run.toString(), "--modes", "2", "--sampling-steps", "1001", "--csv",
                csv.toString()), "--sampling-steps must be in [0, 1000]");
        // 1000 inputs x 10^6 modes x 3 values overflow an int (it was a NegativeArraySizeException)
        assertUserError(cgml("sample", "--run", run.toString(), "--modes", "1000000", "--csv", csv.toString()),
                "--modes 1000000 x 1000 input(s) x 3 output values");
        assertUserError(cgml("sample", "--run", run.toString(), "--modes", "2000000", "--count", "1000", "--csv",
                csv.toString()), "lower --modes or --count");
        assertFalse(Files.exists(csv));
        CliTest.Outcome ok = cgml("sample", "--run", run.toString(), "--modes", "2", "--count", "3",
                "--sampling-steps", "3", "--csv", csv.toString());
        assertEquals(0, ok.code(), ok.err());
    }

    @Test
    void anUnknownOptionIsNamedBeforeAMissingOne() {
        CliTest.Outcome o = cgml("train", "--bogus");
        assertUserError(o, "Unknown option: '--bogus'");
        assertFalse(o.err().contains("Missing required option"), o.err());
        assertUserError(cgml("sample", "--modes", "2", "--bogus"), "'--bogus'");
        assertUserError(cgml("generate-completion", "--bogus"), "Unknown option: '--bogus'");
    }

    /** The words bash offers for the last word of {@code line} with the generated script loaded. */
    private static List<String> complete(Path script, String line) throws Exception {
        Path bash = Path.of("/bin/bash");
        Assumptions.assumeTrue(Files.isExecutable(bash), "bash is needed to run the completion script");
        String driver = "source \"$1\"\n"
                + "spec=$(complete -p cgml); fn=${spec#*-F }; fn=${fn%% *}\n"
                + "COMP_LINE=\"$2\"; COMP_POINT=${#COMP_LINE}; read -r -a COMP_WORDS <<< \"$2\"\n"
                + "if [[ \"$2\" == *' ' ]]; then COMP_WORDS+=(''); fi\n"
                + "COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))\n"
                + "\"$fn\" 2>/dev/null\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        Process p = new ProcessBuilder(bash.toString(), "-c", driver, "driver", script.toString(), line)
                .redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "bash finishes");
        return out.lines().filter(s -> !s.isEmpty()).toList();
    }

    @Test
    void completionOffersListValuesAfterAComma(@TempDir Path tmp) throws Exception {
        CliTest.Outcome o = cgml("generate-completion");
        assertEquals(0, o.code(), o.err());
        Path script = Files.writeString(tmp.resolve("cgml.bash"), o.out());
        List<String> methods = complete(script, "cgml bench --methods cgml,");
        assertTrue(methods.containsAll(List.of("cgml,baseline", "cgml,cimle", "cgml,cvae")), methods.toString());
        assertEquals(List.of("cgml,cimle"), complete(script, "cgml bench --methods cgml,ci"));
        assertTrue(complete(script, "cgml bench --methods ").containsAll(List.of("cgml", "baseline")), "first value");
        assertEquals(List.of("psnr,ssim"), complete(script, "cgml eval --metric psnr,ss"));
        assertEquals(List.of("toy"), complete(script, "cgml train --task to"), "single values complete as before");
    }
}
