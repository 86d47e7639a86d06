package org.cgml.cli;

import static org.cgml.cli.CliTest.assertUserError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cgml.api.Task;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.Method;
import org.cgml.nn.MethodModel;
import org.cgml.nn.evaluation.Convergence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The peers of cGML side by side in one bench, their price and convergence, and their bad settings. */
class PeerBenchTest {
    private static final List<String> METHODS = List.of("cgml", "baseline", "pix2pix", "context-encoder", "cimle", "cvae",
            "dsgan", "bicyclegan");

    @Test
    void everyPeerBenchesTheToyTaskWithItsPriceAndConvergence(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("bench");
        CliTest.Outcome b = CliTest.cgml("bench", "--task", "toy", "--methods", String.join(",", METHODS), "--seeds", "1",
                "--iterations", "12", "--config", "inner_steps=3", "--modes", "3", "--count", "20", "--curve-every", "5",
                "--out", out.toString());
        assertEquals(0, b.code(), b.err());
        List<String> results = Files.readAllLines(out.resolve("results.csv"));
        for (String m : METHODS) {
            for (String metric : List.of("parameters", "generator_passes_per_sample", "train_s_per_iteration",
                    "diversity_l1", "l1_best_of_k", "inference_s_per_input_k_modes")) {
                assertTrue(results.stream().anyMatch(r -> r.startsWith("toy,-," + m + ",1," + metric + ",")),
                        m + " " + metric);
            }
            List<String> curve = Files.readAllLines(out.resolve("default").resolve(m).resolve("seed-1")
                    .resolve(Convergence.FILE));
            assertTrue(curve.get(0).startsWith("iteration,seconds,l1_first,l1_best_of_k"), curve.get(0));
            assertEquals(List.of("0", "5", "10", "12"), curve.subList(1, curve.size()).stream()
                    .map(l -> l.split(",")[0]).toList(), m + ": before training, every 5 and after the last");
        }
        assertEquals(3 + 1 + 10 / 3.0, value(results, "cgml", "generator_passes_per_sample"), 1e-9,
                "l = 3 inner steps, the fit, m = 10 starts at a third of a pass each, no Lipschitz term");
        assertEquals(10 / 3.0 + 1, value(results, "cimle", "generator_passes_per_sample"), 1e-9,
                "c = 10 candidates at a third of a pass each and the fit");
        assertTrue(value(results, "pix2pix", "parameters") > value(results, "baseline", "parameters"),
                "the discriminator is counted");
        assertEquals(value(results, "pix2pix", "parameters"), value(results, "dsgan", "parameters"),
                "DSGAN is pix2pix's networks");
        assertEquals(1 / 3.0 + 2, value(results, "dsgan", "generator_passes_per_sample"), 1e-9,
                "D's fake at a third of a pass, H and G's fit at two codes");
        assertTrue(value(results, "cvae", "parameters") > value(results, "baseline", "parameters"),
                "the encoder is counted");
        assertEquals(0.0, value(results, "context-encoder", "diversity_l1"), "no latent code, one output per input");
        assertEquals(2 / 3.0 + 2, value(results, "bicyclegan", "generator_passes_per_sample"), 1e-9,
                "two fakes for the D's at a third of a pass each, G's fit at the encoded and at the prior code");
        assertTrue(value(results, "bicyclegan", "parameters") > value(results, "pix2pix", "parameters"),
                "the second D and the encoder are counted");
        List<String> all = Files.readAllLines(out.resolve(Convergence.FILE));
        assertEquals("task,setting,method,seed,iteration,seconds,metric,value", all.get(0));
        for (String m : METHODS) {
            assertTrue(all.stream().anyMatch(r -> r.startsWith("toy,-," + m + ",1,12,")), m + " in " + out);
        }
        assertTrue(Files.size(out.resolve("default/convergence.png")) > 1000);
        java.awt.image.BufferedImage side = javax.imageio.ImageIO.read(out.resolve("default/samples-T20.png").toFile());
        java.awt.image.BufferedImage one = javax.imageio.ImageIO.read(
                out.resolve("default/cgml/seed-1/samples-T20.png").toFile());
        assertTrue(side.getWidth() >= 3 * one.getWidth() && side.getHeight() > 2 * one.getHeight(),
                "every method's plot, three to a row");
        List<String> metrics = Files.readAllLines(out.resolve("default/pix2pix/seed-1/metrics.csv"));
        assertTrue(metrics.get(0).endsWith(",discriminator_loss,generator_adversarial"), metrics.get(0));
        assertTrue(Files.readAllLines(out.resolve("default/cvae/seed-1/metrics.csv")).get(0).endsWith(",kl"));
        assertTrue(Files.readAllLines(out.resolve("default/dsgan/seed-1/metrics.csv")).get(0)
                .endsWith(",discriminator_loss,generator_adversarial,diversity_ratio"));
        assertTrue(Files.readAllLines(out.resolve("default/bicyclegan/seed-1/metrics.csv")).get(0).endsWith(
                ",discriminator_loss,discriminator_loss_random,generator_adversarial,generator_adversarial_random,kl"
                        + ",latent_l1"));
    }

    private static double value(List<String> results, String method, String metric) {
        return results.stream().filter(r -> r.startsWith("toy,-," + method + ",1," + metric + ","))
                .mapToDouble(r -> Double.parseDouble(r.substring(r.lastIndexOf(',') + 1))).findFirst().orElseThrow();
    }

    @Test
    void badPeerSettingsGiveOneMessageAndWriteNothing(@TempDir Path tmp) {
        Path run = tmp.resolve("run");
        assertUserError(CliTest.cgml("train", "--task", "toy", "--method", "cimle", "--imle-samples", "0", "--out",
                run.toString()), "imle_samples");
        assertUserError(CliTest.cgml("train", "--task", "toy", "--method", "cvae", "--kl-weight", "-1", "--out",
                run.toString()), "kl_weight");
        assertUserError(CliTest.cgml("train", "--task", "toy", "--method", "pix2pix", "--gan-lambda", "-3", "--out",
                run.toString()), "gan_lambda");
        assertUserError(CliTest.cgml("train", "--task", "toy", "--method", "dsgan", "--ds-tau", "0", "--out",
                run.toString()), "ds_tau");
        assertUserError(CliTest.cgml("train", "--task", "toy", "--method", "bicyclegan", "--bicycle-lambda-latent", "-1",
                "--out", run.toString()), "bicycle_lambda_latent");
        assertUserError(CliTest.cgml("train", "--task", "toy", "--method", "context-encoder", "--adversarial-weight", "2",
                "--out", run.toString()), "adversarial_weight must be at most 1");
        assertFalse(Files.exists(run.resolve("config.json")), "nothing written for a bad setting");
        Path bench = tmp.resolve("bench");
        assertUserError(CliTest.cgml("bench", "--task", "toy", "--methods", "cgml,context-encoder", "--seeds", "1",
                "--iterations", "5", "--config", "adversarial_weight=1.5", "--out", bench.toString()), "adversarial_weight");
        assertFalse(Files.exists(bench.resolve("default")), "no run folder for a bench with a bad setting");
        assertUserError(CliTest.cgml("bench", "--task", "toy", "--seeds", "1", "--iterations", "5", "--curve-every", "0",
                "--out", bench.toString()), "--curve-every");
    }

    @Test
    void aMethodThatCannotServeATaskSaysWhyBeforeAnyRunIsWritten(@TempDir Path tmp) {
        Method picky = new Method() {
            @Override
            public String name() {
                return "images-only";
            }

            @Override
            public String description() {
                return "test only: refuses vector tasks";
            }

            @Override
            public void check(Task task, TrainingConfig config) {
                if (task.outputShape().length != 3) {
                    throw new IllegalArgumentException("method images-only needs image outputs; task " + task.name()
                            + " has vectors");
                }
            }

            @Override
            public MethodModel build(Task task, TrainingConfig config) {
                throw new AssertionError("never built for a task it refuses");
            }
        };
        Path bench = tmp.resolve("bench");
        assertUserError(CliTest.cgml(List.of(), List.of(picky), "bench", "--task", "toy", "--methods", "cgml,images-only",
                "--seeds", "1", "--iterations", "5", "--out", bench.toString()), "needs image outputs");
        assertFalse(Files.exists(bench.resolve("default")), "not even cGML's run was started");
        Path run = tmp.resolve("run");
        assertUserError(CliTest.cgml(List.of(), List.of(picky), "train", "--task", "toy", "--method", "images-only",
                "--iterations", "5", "--out", run.toString()), "needs image outputs");
        assertFalse(Files.exists(run.resolve("config.json")));
    }
}
