package org.cgml.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cgml.api.Architecture;
import org.cgml.api.CostFamily;
import org.cgml.api.Evaluation;
import org.cgml.api.LatentSpace;
import org.cgml.api.Presentation;
import org.cgml.api.Task;
import org.cgml.api.TaskData;
import org.junit.jupiter.api.Test;

/** The figures every task gets, on outputs whose answers are known. */
class StandardFiguresTest {

    /** A task of side x side outputs, shown as a grey picture when {@code pictures}. */
    static Task task(int side, boolean pictures) {
        int cells = side * side;
        return new Task() {
            @Override
            public String name() {
                return "t";
            }

            @Override
            public TaskData data(long seed) {
                throw new UnsupportedOperationException();
            }

            @Override
            public int[] inputShape() {
                return new int[] {1};
            }

            @Override
            public int[] outputShape() {
                return new int[] {side, side, 1};
            }

            @Override
            public CostFamily cost() {
                return CostFamily.l1();
            }

            @Override
            public LatentSpace latent() {
                return LatentSpace.sphere(2);
            }

            @Override
            public Architecture architecture() {
                return new Architecture.Mlp(1, 1, 1, 1);
            }

            @Override
            public Presentation presentation() {
                Presentation columns = Presentation.indexed(1, cells);
                return new Presentation() {
                    @Override
                    public List<String> inputColumns() {
                        return columns.inputColumns();
                    }

                    @Override
                    public List<String> outputColumns() {
                        return columns.outputColumns();
                    }

                    @Override
                    public Optional<BufferedImage> image(float[] v, int off, int[] shape) {
                        if (!pictures || shape.length < 3) {
                            return Optional.empty();
                        }
                        BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
                        for (int i = 0; i < cells; i++) {
                            int g = Math.round(v[off + i] * 255);
                            img.setRGB(i % side, i / side, (g << 16) | (g << 8) | g);
                        }
                        return Optional.of(img);
                    }
                };
            }
        };
    }

    static Map<String, Double> figures(Task task, float[] targets, float[] outputs, int count, int modes) {
        return figures(task, targets, outputs, count, modes, null);
    }

    static Map<String, Double> figures(Task task, float[] targets, float[] outputs, int count, int modes,
                                       InceptionV3 inception) {
        Map<String, Double> out = new LinkedHashMap<>();
        Evaluation.Samples s = new Evaluation.Samples(new Evaluation.View("", task, null), 1, count, modes,
                new float[count], targets, outputs, null, null);
        StandardFigures.score(s, new Evaluation.Figures() {
            @Override
            public void add(String metric, double value) {
                out.put(metric, value);
            }

            @Override
            public void reference(String reference, String metric, double value) {
                out.put(reference + ":" + metric, value);
            }
        }, null, inception);
        return out;
    }

    @Test
    void elementWiseErrorFirstAndBestOfKAndDiversity() {
        // one input, truth (0, 0, 0, 0); samples (1, 1, 1, 1) then (0, 0.5, 0, 0.5)
        Map<String, Double> f = figures(task(2, false), new float[4], new float[] {1, 1, 1, 1, 0, 0.5f, 0, 0.5f}, 1, 2);
        assertEquals(1.0, f.get("l1_first"), 1e-12);
        assertEquals(0.25, f.get("l1_best_of_k"), 1e-12);
        assertEquals((1.0 + 0.25) / 2, f.get("l1_mean_of_k"), 1e-12, "the mean of the K samples' errors");
        assertEquals(0.75, f.get("diversity_l1"), 1e-7);
        assertFalse(f.containsKey("psnr_first"), "no picture metrics without pictures");
    }

    @Test
    void picturesGetPsnrAndSsimWithTheBestOfKAtLeastTheFirst() {
        int cells = 16 * 16;
        float[] truth = new float[cells];
        float[] samples = new float[2 * cells];
        for (int i = 0; i < cells; i++) {
            truth[i] = (i * 37 % 101) / 125f;
            samples[i] = Math.min(1, truth[i] + 0.2f); // a worse first sample
            samples[cells + i] = truth[i];             // then the truth itself
        }
        Map<String, Double> f = figures(task(16, true), truth, samples, 1, 2);
        assertEquals(100, f.get("psnr_best_of_k"), 1e-9, "a sample equal to the truth counts PSNR 100");
        assertTrue(f.get("psnr_first") < 20, f.toString());
        assertEquals((f.get("psnr_first") + 100) / 2, f.get("psnr_mean_of_k"), 1e-9, "the mean of the K samples' PSNR");
        assertEquals((f.get("ssim_first") + f.get("ssim_best_of_k")) / 2, f.get("ssim_mean_of_k"), 1e-9);
        assertTrue(f.get("diversity_l1") > 0.1, f.toString());
        assertFalse(f.containsKey("l1_first"), "pictures are scored as pictures: " + f);
    }

    @Test
    void withInceptionWeightsPicturesGetFidAndKidOfAllSamplesAgainstTheTruths(@org.junit.jupiter.api.io.TempDir
                                                                               java.nio.file.Path dir)
            throws java.io.IOException {
        int side = 16;
        int cells = side * side;
        int count = 3;
        int modes = 2;
        float[] truth = new float[count * cells];
        float[] samples = new float[count * modes * cells];
        for (int i = 0; i < count; i++) {
            for (int c = 0; c < cells; c++) {
                truth[i * cells + c] = (float) (0.5 + 0.4 * Math.sin(0.3 * (c % side) + 0.5 * i + 0.2 * (c / side)));
                for (int k = 0; k < modes; k++) {
                    samples[(i * modes + k) * cells + c] = (float) (0.5 + 0.4 * Math.cos(0.2 * (c % side) * (k + 1)
                            - 0.1 * (c / side) + i));
                }
            }
        }
        Task task = task(side, true);
        assertFalse(figures(task, truth, samples, count, modes).containsKey("fid"), "no weights, no FID");
        try (InceptionV3 net = InceptionV3.load(InceptionV3Test.resource("inception-reduced.pth", dir))) {
            Map<String, Double> f = figures(task, truth, samples, count, modes, net);
            List<Raster> real = new java.util.ArrayList<>();
            List<Raster> made = new java.util.ArrayList<>();
            for (int i = 0; i < count; i++) {
                real.add(StandardFigures.raster(task, truth, i * cells, task.outputShape()));
                for (int k = 0; k < modes; k++) {
                    made.add(StandardFigures.raster(task, samples, (i * modes + k) * cells, task.outputShape()));
                }
            }
            double[][] a = net.features(real, 255);
            double[][] b = net.features(made, 255);
            assertEquals(Fid.of(a, b), f.get("fid"), 1e-9 * Math.abs(f.get("fid")), f.toString());
            assertTrue(f.get("fid") > 0, f.toString());
            assertEquals(Kid.of(a, b, 3, Kid.SUBSETS, StandardFigures.KID_SEED).mean(), f.get("kid"), 1e-12, f.toString());
        }
    }
}
