package org.cgml.cli;

import static org.cgml.cli.CliTest.assertUserError;
import static org.cgml.cli.CliTest.cgml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.cgml.nn.evaluation.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalCommandTest {

    private static void png(Path file, int size, long seed, int noise) throws Exception {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        SplittableRandom rng = new SplittableRandom(seed);
        SplittableRandom jitter = new SplittableRandom(seed * 31 + noise);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int v = (int) (127 + 100 * Math.sin(0.2 * x + 0.1 * y + rng.nextDouble() * 0.01));
                int n = noise == 0 ? 0 : jitter.nextInt(2 * noise + 1) - noise;
                int g = Math.max(0, Math.min(255, v + n));
                img.setRGB(x, y, (g << 16) | (Math.max(0, Math.min(255, 255 - v + n)) << 8) | (v / 2));
            }
        }
        ImageIO.write(img, "png", file.toFile());
    }

    @Test
    void scoresMatchedFilesAndReportsTheRestByName(@TempDir Path tmp) throws Exception {
        Path ref = Files.createDirectory(tmp.resolve("ref"));
        Path pred = Files.createDirectory(tmp.resolve("pred"));
        Path mask = Files.createDirectory(tmp.resolve("mask"));
        for (int i = 0; i < 3; i++) {
            png(ref.resolve("img" + i + ".png"), 32, i, 0);
            png(pred.resolve("img" + i + ".png"), 32, i, 10);
            BufferedImage m = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 8; y < 24; y++) {
                for (int x = 8; x < 24; x++) {
                    m.getRaster().setSample(x, y, 0, 255);
                }
            }
            ImageIO.write(m, "png", mask.resolve("img" + i + ".png").toFile());
        }
        CliTest.Outcome ok = cgml("eval", "--ref", ref.toString(), "--pred", pred.toString(), "--mask", mask.toString(),
                "--out", tmp.resolve("rows.csv").toString());
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().contains("psnr,"), ok.out());
        assertTrue(ok.out().contains("ssim_hole,"), ok.out());
        List<String> rows = Files.readAllLines(tmp.resolve("rows.csv"));
        assertEquals("name,psnr,ssim,psnr_hole,ssim_hole", rows.get(0));
        assertEquals(4, rows.size());

        png(ref.resolve("small.png"), 32, 7, 0);
        png(pred.resolve("small.png"), 24, 7, 0);
        png(ref.resolve("alone.png"), 32, 8, 0);
        Files.writeString(ref.resolve("broken.png"), "not a png");
        Files.writeString(pred.resolve("broken.png"), "not a png either");
        png(mask.resolve("small.png"), 32, 1, 0);
        png(mask.resolve("broken.png"), 32, 1, 0);
        CliTest.Outcome bad = cgml("eval", "--ref", ref.toString(), "--pred", pred.toString(),
                "--out", tmp.resolve("rows.json").toString());
        assertEquals(1, bad.code(), bad.err());
        assertTrue(bad.err().contains("small.png") && bad.err().contains("differs"), bad.err());
        assertTrue(bad.err().contains("alone.png") && bad.err().contains("no prediction"), bad.err());
        assertTrue(bad.err().contains("broken.png"), bad.err());
        assertTrue(bad.out().contains("psnr,") && bad.out().contains(",3\n"), "the 3 good images still scored: " + bad.out());
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(tmp.resolve("rows.json").toFile());
        assertTrue(json.isArray() && json.size() == 3, json.toString());
        assertTrue(json.get(2).path("name").asText().equals("img2.png") && json.get(2).path("psnr").isNumber(),
                json.toString());
    }

    @Test
    void badArguments(@TempDir Path tmp) throws Exception {
        Path d = Files.createDirectory(tmp.resolve("d"));
        assertUserError(cgml("eval", "--ref", d.toString(), "--pred", tmp.resolve("nope").toString()), "not a folder");
        assertUserError(cgml("eval", "--ref", d.toString(), "--pred", d.toString(), "--metric", "psnr,fidd"), "unknown metric");
        assertUserError(cgml("eval", "--ref", d.toString(), "--pred", d.toString(), "--metric", "lpips",
                "--lpips-weights", d.toString()), d.resolve("alexnet-owt-7be5be79.pth").toString());
        assertUserError(cgml("eval", "--ref", d.toString(), "--pred", d.toString(), "--metric", "lpips",
                "--lpips-net", "resnet", "--lpips-weights", d.toString()), "backbone");
        assertUserError(cgml("eval", "--ref", d.toString(), "--pred", d.toString(), "--range", "0"), "--range");
        assertUserError(cgml("eval", "--ref", d.toString(), "--pred", d.toString(), "--out", tmp.resolve("x.txt").toString()),
                ".csv or .json");
    }

    /** What 'cgml sample --out' writes for a task whose outputs are not pictures, scored element-wise. */
    @Test
    void scoresNpyArraysElementWise(@TempDir Path tmp) throws Exception {
        Path ref = Files.createDirectory(tmp.resolve("truth"));
        Path pred = Files.createDirectory(tmp.resolve("mode-1"));
        Files.write(ref.resolve("00000.npy"), Npy.float32(new float[] {0f, 1f, -1f}, 0, new int[] {3}));
        Files.write(pred.resolve("00000.npy"), Npy.float32(new float[] {0.5f, 1f, -1f}, 0, new int[] {3}));
        Files.write(ref.resolve("00001.npy"), Npy.float32(new float[] {2f, 2f, 2f}, 0, new int[] {3}));
        Files.write(pred.resolve("00001.npy"), Npy.float32(new float[] {1f, 2f, 4f}, 0, new int[] {3}));
        CliTest.Outcome o = cgml("eval", "--ref", ref.toString(), "--pred", pred.toString(), "--out",
                tmp.resolve("rows.csv").toString());
        assertEquals(0, o.code(), o.err());
        // mse 0.25/3 and 5/3, mae 0.5/3 and 3/3: means 0.875 and 0.583333
        assertTrue(o.out().contains("mse,0.875000,"), o.out());
        assertTrue(o.out().contains("mae,0.583333,"), o.out());
        assertTrue(!o.out().contains("NaN"), o.out());
        // every figure of --out reads back as the double computed (not rounded to 6 decimals)
        double mse0 = (0.5 * 0.5) / 3.0;
        double mae0 = 0.5 / 3.0;
        double mse1 = (1.0 + 4.0) / 3.0;
        assertEquals(List.of("name,mse,mae", "00000.npy," + mse0 + "," + mae0, "00001.npy," + mse1 + ",1"),
                Files.readAllLines(tmp.resolve("rows.csv")));
        CliTest.Outcome psnr = cgml("eval", "--ref", ref.toString(), "--pred", pred.toString(), "--metric", "psnr",
                "--range", "2");
        assertEquals(0, psnr.code(), psnr.err());
        double first = 10 * Math.log10(4 / (0.25 / 3));
        double second = 10 * Math.log10(4 / (5.0 / 3));
        assertTrue(psnr.out().contains(String.format(java.util.Locale.ROOT, "psnr,%.6f,", (first + second) / 2)),
                psnr.out());
        assertUserError(cgml("eval", "--ref", ref.toString(), "--pred", pred.toString(), "--metric", "psnr"),
                "--range");
        assertUserError(cgml("eval", "--ref", ref.toString(), "--pred", pred.toString(), "--metric", "ssim"),
                "ssim applies to pictures only");

        Files.write(pred.resolve("00001.npy"), Npy.float32(new float[] {1f, 2f}, 0, new int[] {2}));
        Files.write(pred.resolve("00002.npy"), new byte[] {1, 2, 3});
        Files.write(ref.resolve("00002.npy"), Npy.float32(new float[] {1f}, 0, new int[] {1}));
        CliTest.Outcome bad = cgml("eval", "--ref", ref.toString(), "--pred", pred.toString());
        assertEquals(1, bad.code(), bad.err());
        assertTrue(bad.err().contains("00001.npy: shape (2,) differs from the reference's (3,)"), bad.err());
        assertTrue(bad.err().contains("00002.npy: not a .npy file"), bad.err());
        assertTrue(bad.out().contains("mse,0.083333,0.000000,1"), "the good pair is still scored: " + bad.out());
    }

    @Test
    void foldersWithNothingToScoreAreAnError(@TempDir Path tmp) throws Exception {
        Path a = Files.createDirectory(tmp.resolve("a"));
        Path b = Files.createDirectory(tmp.resolve("b"));
        Files.writeString(a.resolve("notes.txt"), "not scored");
        CliTest.Outcome o = cgml("eval", "--ref", a.toString(), "--pred", b.toString());
        assertEquals(1, o.code(), o.err());
        assertTrue(o.err().contains("nothing to score"), o.err());
        assertTrue(!o.out().contains("NaN"), o.out());
        Files.write(a.resolve("x.npy"), Npy.float32(new float[] {1f}, 0, new int[] {1}));
        png(b.resolve("x.png"), 8, 1, 0);
        assertUserError(cgml("eval", "--ref", a.toString(), "--pred", b.toString()), "both pictures and .npy arrays");
    }

    /** The files 'cgml sample --out' writes for the toy task score with the command it suggests. */
    @Test
    void theSuggestedEvalOfSampledArraysRuns(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        assertEquals(0, cgml("train", "--task", "toy", "--out", run.toString(), "--iterations", "4", "--inner-steps",
                "1").code());
        Path out = tmp.resolve("samples");
        CliTest.Outcome s = cgml("sample", "--run", run.toString(), "--modes", "2", "--count", "4", "--out",
                out.toString());
        assertEquals(0, s.code(), s.err());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("cgml eval --ref (\\S+) --pred (\\S+)")
                .matcher(s.out());
        assertTrue(m.find(), s.out());
        CliTest.Outcome e = cgml("eval", "--ref", m.group(1), "--pred", m.group(2));
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().matches("(?s)metric,mean,std,n\nmse,[0-9.]+,[0-9.]+,4\nmae,[0-9.]+,[0-9.]+,4\n"), e.out());
    }

    /** The reduced-width FID Inception fixture of cgml-eval (scripts/fid-reference.py), from the reactor's tree. */
    static final Path INCEPTION = Path.of("..", "cgml-eval", "src", "test", "resources", "org", "cgml", "eval", "fid",
            "inception-reduced.pth");

    private static double[][] features(org.cgml.eval.InceptionV3 net, Path dir, String... names) throws Exception {
        List<org.cgml.eval.Raster> r = new java.util.ArrayList<>();
        for (String n : names) {
            r.add(org.cgml.eval.Images.read(dir.resolve(n)));
        }
        return net.features(r, 255);
    }

    private static double value(String out, String metric, int column) {
        return out.lines().filter(l -> l.startsWith(metric + ",")).map(l -> l.split(",", -1)[column])
                .mapToDouble(Double::parseDouble).findFirst().orElseThrow(() -> new AssertionError(metric + ": " + out));
    }

    @Test
    void fidAndKidCompareTheFoldersAsSets(@TempDir Path tmp) throws Exception {
        assertTrue(Files.isRegularFile(INCEPTION), INCEPTION.toAbsolutePath().toString());
        Path ref = Files.createDirectory(tmp.resolve("ref"));
        Path pred = Files.createDirectory(tmp.resolve("pred"));
        for (int i = 0; i < 3; i++) {
            png(ref.resolve("r" + i + ".png"), 32, i, 0);
        }
        for (int i = 0; i < 4; i++) { // other names, another count, another size
            png(pred.resolve("p" + i + ".png"), 40, 10 + i, 30);
        }
        CliTest.Outcome o = cgml("eval", "--ref", ref.toString(), "--pred", pred.toString(), "--metric", "fid,kid",
                "--inception", INCEPTION.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.err().contains("kid over 100 subsets of 3"), o.err());
        try (org.cgml.eval.InceptionV3 net = org.cgml.eval.InceptionV3.load(INCEPTION)) {
            double[][] a = features(net, ref, "r0.png", "r1.png", "r2.png");
            double[][] b = features(net, pred, "p0.png", "p1.png", "p2.png", "p3.png");
            double fid = org.cgml.eval.Fid.of(a, b);
            assertTrue(fid > 1e-3, "distinct sets: " + fid);
            assertEquals(fid, value(o.out(), "fid", 1), 1e-6 + 1e-6 * fid, o.out());
            assertEquals(4, value(o.out(), "fid", 3), o.out());
            org.cgml.eval.Kid.Result kid = org.cgml.eval.Kid.of(a, b, 3, 100, org.cgml.eval.StandardFigures.KID_SEED);
            assertEquals(kid.mean(), value(o.out(), "kid", 1), 1e-6 + 1e-6 * Math.abs(kid.mean()), o.out());
            assertEquals(kid.std(), value(o.out(), "kid", 2), 1e-6 + 1e-6 * kid.std(), o.out());
        }
        // a folder against itself, with a per-image metric beside it
        CliTest.Outcome same = cgml("eval", "--ref", ref.toString(), "--pred", ref.toString(), "--metric", "psnr,fid",
                "--inception", INCEPTION.toString());
        assertEquals(0, same.code(), same.err());
        assertEquals(0, value(same.out(), "fid", 1), 1e-5, same.out());
        assertTrue(same.out().contains("psnr,"), same.out());
    }

    @Test
    void fidAndKidWithoutWeightsSayWhereToPutThemAndThatNothingIsDownloaded(@TempDir Path tmp) throws Exception {
        Path d = Files.createDirectory(tmp.resolve("d"));
        png(d.resolve("a.png"), 16, 1, 0);
        png(d.resolve("b.png"), 16, 2, 0);
        Path absent = tmp.resolve("nowhere").resolve(org.cgml.eval.InceptionV3.WEIGHTS_FILE);
        CliTest.Outcome o = cgml("eval", "--ref", d.toString(), "--pred", d.toString(), "--metric", "kid",
                "--inception", absent.toString());
        assertUserError(o, absent.toString());
        assertTrue(o.err().contains("never downloaded") && o.err().contains("--inception FILE")
                && o.err().contains("CGML_INCEPTION") && o.err().contains(org.cgml.eval.InceptionV3.WEIGHTS_URL), o.err());
        Files.delete(d.resolve("b.png"));
        assertUserError(cgml("eval", "--ref", d.toString(), "--pred", d.toString(), "--metric", "fid",
                "--inception", INCEPTION.toString()), "at least 2 images");
        assertUserError(cgml("eval", "--ref", d.toString(), "--pred", d.toString(), "--metric", "fid,kid",
                "--out", tmp.resolve("rows.csv").toString()), "per-image rows");
    }

    /** A figure no pair has (colourfulness of grey pictures) prints no number and says why, never NaN. */
    @Test
    void aFigureOfNoPairIsNoNumber(@TempDir Path tmp) throws Exception {
        Path a = Files.createDirectory(tmp.resolve("a"));
        Path b = Files.createDirectory(tmp.resolve("b"));
        for (Path d : List.of(a, b)) {
            BufferedImage grey = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
            grey.getRaster().setSample(3, 3, 0, d == a ? 10 : 200);
            ImageIO.write(grey, "png", d.resolve("x.png").toFile());
        }
        CliTest.Outcome o = cgml("eval", "--ref", a.toString(), "--pred", b.toString(), "--metric", "psnr,colourfulness");
        assertEquals(0, o.code(), o.err());
        assertTrue(!o.out().contains("NaN"), o.out());
        assertTrue(o.out().contains("colourfulness,,,0"), o.out());
        assertTrue(o.err().contains("colourfulness: no pair could be scored (it needs RGB pictures)"), o.err());
    }
}
