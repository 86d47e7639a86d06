package org.cgml.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end on the toy task, and its error paths (one message, exit code 2, no stack trace). */
class CliTest {

    record Outcome(int code, String out, String err) {
    }

    static Outcome cgml(String... args) {
        return cgml(List.of(), List.of(), args);
    }

    /** The command line with, beside the installed plugins, these tasks and methods. */
    static Outcome cgml(List<org.cgml.api.TaskProvider> tasks, List<org.cgml.nn.Method> methods, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), tasks, methods);
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static void assertUserError(Outcome o, String fragment) {
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains(fragment), "message mentions '" + fragment + "': " + o.err());
        assertFalse(o.err().contains("\tat "), "no stack trace: " + o.err());
    }

    /** A value of a run's config.json and where it came from, e.g. {"5", "user"} for config key "seed". */
    static String[] recorded(Path run, String section, String key) throws java.io.IOException {
        com.fasterxml.jackson.databind.JsonNode e = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(run.resolve("config.json").toFile()).path(section).path(key);
        return new String[] {e.path("value").asText(), e.path("origin").asText()};
    }

    @Test
    void listsTasksFoundThroughServiceLoader() {
        Outcome o = cgml("tasks");
        assertEquals(0, o.code());
        assertTrue(o.out().contains("toy"));
        assertTrue(o.out().contains("template"));
    }

    @Test
    void trainSampleAndResumeTheToyTask(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        Outcome t = cgml("train", "--task", "toy", "--out", run.toString(), "--iterations", "30", "--inner-steps", "3",
                "--checkpoint-every", "10", "--seed", "5");
        assertEquals(0, t.code(), t.err());
        for (String f : List.of("config.json", "metrics.csv", "loss.png", "checkpoints/latest", "saved_model/saved_model.pb")) {
            assertTrue(Files.exists(run.resolve(f)), f);
        }
        assertArrayEquals(new String[] {"5", "user"}, recorded(run, "config", "seed"));
        assertArrayEquals(new String[] {"0.003", "default"}, recorded(run, "config", "beta"));
        assertArrayEquals(new String[] {"64", "task"}, recorded(run, "config", "batch_size"));
        assertTrue(Files.readString(run.resolve("checkpoints/checkpoint")).contains("model_checkpoint_path"),
                "TensorFlow's own checkpoint state file");
        assertEquals(31, Files.readAllLines(run.resolve("metrics.csv")).size());

        Path csv = tmp.resolve("s.csv");
        Outcome s = cgml("sample", "--run", run.toString(), "--modes", "4", "--sampling-steps", "5", "--count", "10",
                "--csv", csv.toString());
        assertEquals(0, s.code(), s.err());
        List<String> rows = Files.readAllLines(csv);
        assertEquals("x,y0,y1,y2", rows.get(0));
        assertEquals(41, rows.size());
        assertEquals(4, rows.get(1).split(",").length);
        assertTrue(Files.size(tmp.resolve("s.png")) > 1000, "the toy's samples-over-branches plot");

        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        String started = json.readTree(run.resolve("config.json").toFile()).path("provenance").path("created").asText();
        Outcome r = cgml("train", "--out", run.toString(), "--resume", "--iterations", "40");
        assertEquals(0, r.code(), r.err());
        assertEquals(41, Files.readAllLines(run.resolve("metrics.csv")).size());
        assertArrayEquals(new String[] {"40", "user"}, recorded(run, "config", "iterations"));
        // the provenance of the training that started the run stays; the resuming sitting's is added beside it
        var config = json.readTree(run.resolve("config.json").toFile());
        assertEquals(started, config.path("provenance").path("created").asText());
        assertEquals(1, config.path("resumed").size(), config.toString());
        assertEquals(30, config.path("resumed").get(0).path("from_iteration").asLong());
        assertFalse(config.path("resumed").get(0).path("gitCommit").asText().isEmpty());
        assertTrue(config.path("resumed").get(0).path("command").asText().contains("--resume"));
    }

    @Test
    void theTemplateTaskTrainsAndSamplesEndToEnd(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("template");
        Outcome help = cgml("train", "--task", "template", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("--left-right"), "the task's own option is in the help: " + help.out());
        assertUserError(cgml("train", "--task", "template", "--out", tmp.resolve("bad").toString(), "--left-right", "2"),
                "--left-right");
        assertUserError(cgml("train", "--task", "toy", "--out", tmp.resolve("bad").toString(), "--left-right", "0.5"),
                "--left-right");
        Outcome t = cgml("train", "--task", "template", "--out", run.toString(), "--iterations", "3", "--inner-steps", "2",
                "--batch-size", "4", "--left-right", "0.9");
        assertEquals(0, t.code(), t.err());
        assertArrayEquals(new String[] {"0.9", "user"}, recorded(run, "task_options", "left-right"));
        assertEquals(0, cgml("train", "--out", run.toString(), "--resume", "--iterations", "4").code());
        assertArrayEquals(new String[] {"0.9", "user"}, recorded(run, "task_options", "left-right"));
        Path csv = tmp.resolve("t.csv");
        Outcome s = cgml("sample", "--run", run.toString(), "--modes", "2", "--sampling-steps", "3", "--count", "2",
                "--csv", csv.toString());
        assertEquals(0, s.code(), s.err());
        List<String> rows = Files.readAllLines(csv);
        assertEquals(5, rows.size());
        assertEquals(2 * 16 * 16, rows.get(1).split(",").length);
    }

    /** Tiny MNIST-like IDX files (a filled square per digit) in {@code dir}. */
    static void fakeMnist(Path dir, int count) throws Exception {
        for (String name : List.of("train-images-idx3-ubyte", "t10k-images-idx3-ubyte")) {
            java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
            java.io.DataOutputStream d = new java.io.DataOutputStream(b);
            d.write(new byte[] {0, 0, 8, 3});
            d.writeInt(count);
            d.writeInt(28);
            d.writeInt(28);
            for (int i = 0; i < count; i++) {
                for (int p = 0; p < 784; p++) {
                    int y = p / 28;
                    int x = p % 28;
                    d.write(y > 4 + i % 3 && y < 24 && x > 6 && x < 22 ? 220 : 0);
                }
            }
            Files.write(dir.resolve(name), b.toByteArray());
        }
    }

    /** IDX label files (labels i % 10) beside fakeMnist's images. */
    static void fakeLabels(Path dir, int count) throws Exception {
        for (String name : List.of("train-labels-idx1-ubyte", "t10k-labels-idx1-ubyte")) {
            java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
            java.io.DataOutputStream d = new java.io.DataOutputStream(b);
            d.write(new byte[] {0, 0, 8, 1});
            d.writeInt(count);
            for (int i = 0; i < count; i++) {
                d.write(i % 10);
            }
            Files.write(dir.resolve(name), b.toByteArray());
        }
    }

    @Test
    void sketchAndPairedTasksTrainAndWriteGrids(@TempDir Path tmp) throws Exception {
        Path fashion = Files.createDirectory(tmp.resolve("fashion"));
        fakeMnist(fashion, 20);
        fakeLabels(fashion, 20);
        Path run = tmp.resolve("sketch");
        Outcome t = cgml("train", "--task", "sketch2image", "--data", fashion.toString(), "--size", "16",
                "--out", run.toString(), "--iterations", "2", "--inner-steps", "2", "--batch-size", "4");
        assertEquals(0, t.code(), t.err());
        assertEquals(0, cgml("sample", "--run", run.toString(), "--modes", "2", "--count", "3", "--png",
                tmp.resolve("s.png").toString(), "--sampling-steps", "2").code());
        assertTrue(Files.exists(tmp.resolve("s-000.png")));

        Path paired = tmp.resolve("paired");
        for (String split : List.of("train", "val")) {
            Files.createDirectories(paired.resolve(split));
            for (int i = 0; i < 3; i++) {
                java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(32, 16,
                        java.awt.image.BufferedImage.TYPE_INT_RGB);
                img.setRGB(i, i, 0xFFFFFF);
                javax.imageio.ImageIO.write(img, "png", paired.resolve(split).resolve("p" + i + ".png").toFile());
            }
        }
        Path prun = tmp.resolve("prun");
        Outcome p = cgml("train", "--task", "paired", "--data", paired.toString(), "--size", "16", "--direction",
                "BtoA", "--out", prun.toString(), "--iterations", "2", "--inner-steps", "2", "--batch-size", "2");
        assertEquals(0, p.code(), p.err());
        assertEquals(0, cgml("sample", "--run", prun.toString(), "--modes", "2", "--png",
                tmp.resolve("p.png").toString(), "--sampling-steps", "2").code());
        assertTrue(Files.exists(tmp.resolve("p-000.png")));
    }

    @Test
    void mnistMultimodalTrainsAndWritesGridsWithTheBaseline(@TempDir Path tmp) throws Exception {
        Path data = Files.createDirectory(tmp.resolve("mnist"));
        fakeMnist(data, 12);
        String[] common = {"--task", "mnist-multimodal", "--data", data.toString(), "--size", "16", "--iterations", "2",
            "--inner-steps", "2", "--batch-size", "4", "--p", "0.3"};
        Path run = tmp.resolve("cgml");
        Path l1 = tmp.resolve("l1");
        List<String> a = new java.util.ArrayList<>(List.of("train", "--out", run.toString()));
        a.addAll(List.of(common));
        Outcome t = cgml(a.toArray(String[]::new));
        assertEquals(0, t.code(), t.err());
        List<String> b = new java.util.ArrayList<>(List.of("train", "--out", l1.toString(), "--method", "baseline"));
        b.addAll(List.of(common));
        assertEquals(0, cgml(b.toArray(String[]::new)).code());
        Path png = tmp.resolve("grid.png");
        Outcome s = cgml("sample", "--run", run.toString(), "--modes", "3", "--count", "10", "--png", png.toString(),
                "--baseline-run", l1.toString(), "--sampling-steps", "2");
        assertEquals(0, s.code(), s.err());
        java.awt.image.BufferedImage g0 = javax.imageio.ImageIO.read(tmp.resolve("grid-000.png").toFile());
        java.awt.image.BufferedImage g1 = javax.imageio.ImageIO.read(tmp.resolve("grid-001.png").toFile());
        assertEquals(6 * (64 + 2) + 2, g0.getWidth(), "input, truth, 3 modes, L1 at 64 px");
        assertEquals(16 + 8 * (64 + 2) + 2, g0.getHeight(), "8 inputs");
        assertEquals(16 + 2 * (64 + 2) + 2, g1.getHeight(), "the last 2 inputs");
        assertUserError(cgml("train", "--task", "mnist-multimodal", "--data", tmp.resolve("none").toString(),
                "--out", tmp.resolve("x").toString()), "fetch-data.sh");
        assertFalse(Files.exists(tmp.resolve("x")), "no run folder for missing data");
    }

    /** Three random-colour "photos" in a new folder. */
    static Path fakePhotos(Path tmp) throws Exception {
        Path photos = Files.createDirectory(tmp.resolve("photos"));
        java.util.SplittableRandom rng = new java.util.SplittableRandom(4);
        for (int i = 0; i < 3; i++) {
            java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(60, 40,
                    java.awt.image.BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 40; y++) {
                for (int x = 0; x < 60; x++) {
                    img.setRGB(x, y, rng.nextInt(1 << 24));
                }
            }
            javax.imageio.ImageIO.write(img, "png", photos.resolve("p" + i + ".png").toFile());
        }
        return photos;
    }

    @Test
    void colorizationTrainsAndWritesGrids(@TempDir Path tmp) throws Exception {
        Path photos = fakePhotos(tmp);
        Path run = tmp.resolve("run");
        Outcome t = cgml("train", "--task", "colorization", "--data", photos.toString(), "--size", "16",
                "--short-side", "32", "--lambda", "0.1", "--bins", "10", "--out", run.toString(), "--iterations", "2",
                "--inner-steps", "2", "--batch-size", "4", "--distance", "l2", "--dynamics-tail", "1");
        assertEquals(0, t.code(), t.err());
        String config = Files.readString(run.resolve("config.json"));
        assertTrue(config.contains("l2(a,b) + 0.1 * (KL(hist(a)||U)"), "cost with the chosen distance recorded: " + config);
        assertArrayEquals(new String[] {"1", "user"}, recorded(run, "config", "dynamics_tail"));
        Outcome s = cgml("sample", "--run", run.toString(), "--modes", "2", "--count", "3", "--png",
                tmp.resolve("c.png").toString(), "--sampling-steps", "2");
        assertEquals(0, s.code(), s.err());
        assertTrue(Files.exists(tmp.resolve("c-000.png")));
    }

    @Test
    void inpaintingTrainsOnAPhotoFolderAndWritesGrids(@TempDir Path tmp) throws Exception {
        Path photos = fakePhotos(tmp);
        Path run = tmp.resolve("run");
        Outcome t = cgml("train", "--task", "inpainting", "--data", photos.toString(), "--size", "16", "--short-side",
                "32", "--eval-mask", "strokes", "--out", run.toString(), "--iterations", "2", "--inner-steps", "2",
                "--batch-size", "4");
        assertEquals(0, t.code(), t.err());
        Outcome s = cgml("sample", "--run", run.toString(), "--modes", "2", "--count", "3", "--png",
                tmp.resolve("g.png").toString(), "--sampling-steps", "2");
        assertEquals(0, s.code(), s.err());
        assertTrue(Files.exists(tmp.resolve("g-000.png")));
        Files.writeString(photos.resolve("bad.jpg"), "not a photo");
        assertUserError(cgml("train", "--task", "inpainting", "--data", photos.toString(), "--out",
                tmp.resolve("r2").toString()), "bad.jpg");
    }

    @Test
    void inpaintingBenchScoresEveryViewAndTAndWritesGrids(@TempDir Path tmp) throws Exception {
        Path photos = fakePhotos(tmp);
        Path out = tmp.resolve("bench");
        Outcome b = cgml("bench", "--task", "inpainting", "--seeds", "1", "--iterations", "2", "--modes", "2", "--count", "3",
                "--sampling-steps", "0,2", "--set", "data=" + photos, "--set", "size=16", "--set", "short-side=32",
                "--config", "inner_steps=2", "--config", "batch_size=4", "--config", "distance=l2", "--out",
                out.toString());
        assertEquals(0, b.code(), b.err());
        for (String row : List.of("-;view=random25;T=0,cgml,1,psnr_best_of_k,", "-;view=random10;T=2,cgml,1,hole_psnr_first,",
                "-;view=random15;T=0,baseline,1,psnr_first,", "-;view=random15;T=2,baseline,1,psnr_first,", "-,cgml,1,train_iterations_per_s,",
                "-;view=random25;T=2,truth,1,colourfulness,")) {
            assertTrue(b.out().contains("inpainting," + row), row + " in\n" + b.out());
        }
        for (String mask : List.of("random10", "random15", "random25")) {
            for (String t : List.of("T0", "T2")) {
                java.awt.image.BufferedImage grid = javax.imageio.ImageIO.read(
                        out.resolve("default/cgml/seed-1/samples-" + mask + "-" + t + ".png").toFile());
                assertTrue(grid.getWidth() > grid.getHeight(), "input, truth, 2 modes across; 3 rows down");
            }
        }
        assertUserError(cgml("bench", "--task", "inpainting", "--sampling-steps", "-1", "--set", "data=" + photos),
                "--sampling-steps");
    }

    @Test
    void spectralDenoiseTrainsSamplesAndBenchesOnSyntheticShapes(@TempDir Path tmp) throws Exception {
        Outcome help = cgml("train", "--task", "spectral-denoise", "--help");
        assertTrue(help.out().contains("--basis") && help.out().contains("--corruption"), help.out());
        Path run = tmp.resolve("run");
        Outcome t = cgml("train", "--task", "spectral-denoise", "--data", "synthetic:20", "--out", run.toString(),
                "--iterations", "2", "--inner-steps", "2", "--batch-size", "4");
        assertEquals(0, t.code(), t.err());
        Outcome s = cgml("sample", "--run", run.toString(), "--modes", "2", "--count", "3", "--png",
                tmp.resolve("m.png").toString(), "--sampling-steps", "2");
        assertEquals(0, s.code(), s.err());
        assertTrue(Files.exists(tmp.resolve("m-000.png")));
        Outcome b = cgml("bench", "--task", "spectral-denoise", "--seeds", "1", "--iterations", "2", "--modes", "2",
                "--set", "corruption=mask", "--set", "data=synthetic:20", "--set", "probe-min-per-class=2",
                "--config", "inner_steps=2", "--config", "batch_size=4", "--out", tmp.resolve("bench").toString());
        assertEquals(0, b.code(), b.err());
        for (String row : List.of("basis=sh,cgml,1,relerr_masked_best_of_k_median", "basis=sh,baseline,1,relerr_map_first_pooled",
                "basis=sh,input,1,relerr_masked_first_pooled", "basis=zernike,cgml,1,probe_accuracy",
                "basis=sh,raw_invariants,1,probe_accuracy")) {
            assertTrue(b.out().contains("spectral-denoise," + row + ","), row + " in " + b.out());
        }
        assertTrue(Files.exists(tmp.resolve("bench/basis=sh/cgml/seed-1/samples-T20.png")), "heat-map grids");
        assertUserError(cgml("train", "--task", "spectral-denoise", "--data", tmp.resolve("none").toString(), "--out",
                tmp.resolve("r2").toString()), "fetch-data.sh shapes");
    }

    @Test
    void unknownTask(@TempDir Path tmp) {
        assertUserError(cgml("train", "--task", "nope", "--out", tmp.resolve("r").toString()), "unknown task 'nope'");
    }

    @Test
    void badNumbers(@TempDir Path tmp) {
        assertUserError(cgml("train", "--task", "toy", "--out", tmp.resolve("a").toString(), "--iterations", "-5"), "iterations must be positive");
        assertUserError(cgml("train", "--task", "toy", "--out", tmp.resolve("b").toString(), "--iterations", "many"), "bad value 'many' for iterations");
        assertUserError(cgml("train", "--task", "toy", "--out", tmp.resolve("c").toString(), "--lipschitz", "soft"),
                "use one of: penalty, spectral, none");
        assertUserError(cgml("train", "--task", "toy", "--out", tmp.resolve("d").toString(), "--method", "l2"),
                "known methods: baseline, bicyclegan, cgml");
        assertUserError(cgml("train", "--task", "toy", "--out", tmp.resolve("e").toString(), "--distance", "l3"),
                "for distance");
        assertUserError(cgml("train", "--task", "toy", "--out", tmp.resolve("f").toString(), "--dynamics-tail", "-1"),
                "dynamics_tail must be >= 0");
        assertUserError(cgml("train", "--task", "toy", "--out", tmp.resolve("g").toString(), "--config", "inner_stpes=2"),
                "valid keys");
        assertUserError(cgml("train", "--out", tmp.resolve("h").toString()), "--task");
        assertFalse(Files.exists(tmp.resolve("a")), "nothing written for a rejected command");
    }

    @Test
    void aDivergingRunStopsWithExit2AndItsFolderCanBeReused(@TempDir Path tmp) {
        Path run = tmp.resolve("nan");
        assertUserError(cgml("train", "--task", "toy", "--out", run.toString(), "--learning-rate", "1e30",
                "--iterations", "50", "--inner-steps", "2"), "training diverged at iteration");
        assertFalse(Files.exists(run.resolve("checkpoints/latest")), "no checkpoint of non-finite weights");
        Outcome again = cgml("train", "--task", "toy", "--out", run.toString(), "--iterations", "3", "--inner-steps", "2");
        assertEquals(0, again.code(), "a folder without a checkpoint can be used again: " + again.err());
    }

    @Test
    void missingOrForeignRunFolder(@TempDir Path tmp) throws Exception {
        Path csv = tmp.resolve("s.csv");
        assertUserError(cgml("sample", "--run", tmp.resolve("absent").toString(), "--modes", "2", "--csv", csv.toString()),
                "does not exist");
        Path foreign = Files.createDirectory(tmp.resolve("foreign"));
        Files.writeString(foreign.resolve("notes.txt"), "hello");
        assertUserError(cgml("sample", "--run", foreign.toString(), "--modes", "2", "--csv", csv.toString()),
                "not a cGML run folder");
        assertUserError(cgml("train", "--out", foreign.toString(), "--resume"), "not a cGML run folder");
        assertUserError(cgml("train", "--task", "toy", "--out", foreign.toString()), "not empty");
        assertUserError(cgml("sample", "--run", foreign.toString(), "--modes", "0", "--csv", csv.toString()), "--modes");
    }

    @Test
    void unwritableOutput(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        assertUserError(cgml("train", "--task", "toy", "--out", file.resolve("run").toString(), "--iterations", "2"),
                "cannot write");
        assertUserError(cgml("train", "--task", "toy", "--out", file.toString(), "--iterations", "2"), "is a file");
    }

    @Test
    void resumeKeepsRecordedSettings(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        assertEquals(0, cgml("train", "--task", "toy", "--out", run.toString(), "--iterations", "3", "--inner-steps", "2").code());
        assertUserError(cgml("train", "--out", run.toString(), "--resume", "--seed", "9"), "--seed");
        assertUserError(cgml("train", "--out", run.toString(), "--task", "template", "--resume"), "toy");
        assertUserError(cgml("train", "--task", "toy", "--out", run.toString(), "--iterations", "3"), "--resume");
        assertUserError(cgml("train", "--out", run.toString(), "--resume", "--config", "beta=0.2"), "--beta");
        Outcome help = cgml("train", "--help");
        for (org.cgml.api.Key<?> k : org.cgml.api.TrainingConfig.KEYS) {
            assertTrue(help.out().contains(k.flag()), "every setting is a train flag: " + k.flag());
        }
        for (String flag : List.of("--imle-samples", "--gan-lambda", "--kl-weight", "--adversarial-weight")) {
            assertTrue(help.out().contains(flag), "a method's own setting is a train flag too: " + flag);
        }

        // a method's own setting, by flag or --config, is recorded as the engine's are and kept on resume
        Path cimle = tmp.resolve("cimle");
        assertEquals(0, cgml("train", "--task", "toy", "--out", cimle.toString(), "--iterations", "2", "--method",
                "cimle", "--imle-samples", "3", "--config", "batch_size=4").code());
        assertArrayEquals(new String[] {"3", "user"}, recorded(cimle, "config", "imle_samples"));
        assertUserError(cgml("train", "--out", cimle.toString(), "--resume", "--config", "imle_samples=4"),
                "--imle-samples");
        Path cvae = tmp.resolve("cvae");
        assertEquals(0, cgml("train", "--task", "toy", "--out", cvae.toString(), "--iterations", "2", "--method",
                "cvae", "--config", "kl_weight=0.5", "--config", "batch_size=4").code());
        assertArrayEquals(new String[] {"0.5", "user"}, recorded(cvae, "config", "kl_weight"));
        assertUserError(cgml("train", "--task", "toy", "--out", tmp.resolve("typo").toString(), "--iterations", "2",
                "--config", "kl_wieght=0.5"), "kl_weight");
    }
}
