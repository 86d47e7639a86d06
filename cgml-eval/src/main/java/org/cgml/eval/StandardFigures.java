package org.cgml.eval;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cgml.api.Evaluation;
import org.cgml.api.Task;

/**
 * The figures every task gets for K samples per held-out input, whatever the task: for outputs shown as pictures,
 * PSNR and SSIM of the first sample, the best of K and the mean of the K (on 0..255 pixels, as people see them), the mean pairwise L1
 * diversity of the K samples and, for colour, colourfulness; for other outputs, the mean absolute error per element
 * of the first sample, the best of K and the mean of the K, and the same diversity on the raw values. With LPIPS weights, pictures in
 * colour also get the mean pairwise LPIPS diversity; with pytorch-fid's Inception weights, pictures get FID and KID
 * of the K samples of every input against the inputs' truths.
 */
public final class StandardFigures {
    /** PSNR reported for a sample equal to its truth (where the formula gives infinity). */
    static final double PSNR_CAP = 100;
    /** The seed of KID's subsets (torch-fidelity's default seed). */
    public static final long KID_SEED = 2020;

    private StandardFigures() {
    }

    /** The standard figures of {@code s} into {@code f}. */
    public static void score(Evaluation.Samples s, Evaluation.Figures f) {
        score(s, f, null);
    }

    /**
     * The standard figures of {@code s} into {@code f}, and with {@code lpips} (may be null) the mean pairwise LPIPS of
     * each input's K colour pictures as {@code diversity_lpips}.
     */
    public static void score(Evaluation.Samples s, Evaluation.Figures f, Lpips lpips) {
        score(s, f, lpips, null);
    }

    /**
     * The standard figures of {@code s} into {@code f}; with {@code lpips} (may be null) {@code diversity_lpips} of
     * colour pictures, and with {@code inception} (may be null) {@code fid} and {@code kid} of pictures: the features
     * of all n x K samples against those of the n truths (KID over {@link Kid#SUBSETS} subsets of min(1000, n)
     * pictures of each, seeded {@link #KID_SEED}); none for fewer than two inputs.
     */
    public static void score(Evaluation.Samples s, Evaluation.Figures f, Lpips lpips, InceptionV3 inception) {
        Task task = s.view().task();
        if (task.presentation().photometric() && task.presentation().image(s.outputs(), 0, task.outputShape()).isPresent()) {
            images(s, null, "", f);
            diversityAndColour(s, f, lpips);
            if (inception != null && s.count() >= 2) {
                fidAndKid(s, f, inception);
            }
        } else {
            elements(s, f);
        }
    }

    /** FID and KID of the n x K samples against the n truths, on 0..255 pictures. */
    private static void fidAndKid(Evaluation.Samples s, Evaluation.Figures f, InceptionV3 inception) {
        Task task = s.view().task();
        int[] shape = task.outputShape();
        List<Raster> truths = new ArrayList<>();
        List<Raster> samples = new ArrayList<>();
        for (int i = 0; i < s.count(); i++) {
            truths.add(raster(task, s.targets(), i * task.outputSize(), shape));
            for (int k = 0; k < s.modes(); k++) {
                samples.add(raster(task, s.outputs(), s.outputOffset(i, k), shape));
            }
        }
        double[][] real = inception.features(truths, 255);
        double[][] made = inception.features(samples, 255);
        f.add("fid", Fid.of(real, made));
        f.add("kid", Kid.of(real, made, KID_SEED).mean());
    }

    /** A task's picture of one stored value block, as a raster on 0..255. */
    public static Raster raster(Task task, float[] values, int offset, int[] shape) {
        BufferedImage img = task.presentation().image(values, offset, shape)
                .orElseThrow(() -> new IllegalStateException("task " + task.name() + " has no pictures"));
        return Images.of(img);
    }

    /**
     * PSNR and SSIM of the first sample, the best of K and the mean of the K (coverage beside precision: best of K
     * rewards one sample near the truth, the mean every sample being good), over the whole picture ({@code regions} null) or over each
     * input's region, as {@code prefix + "psnr_first"} and so on. Inside a region, a sample equal to the truth counts
     * PSNR 100 and an undefined SSIM counts 0.
     */
    public static void images(Evaluation.Samples s, boolean[][] regions, String prefix, Evaluation.Figures f) {
        Task task = s.view().task();
        int[] shape = task.outputShape();
        int out = task.outputSize();
        double psnr1 = 0;
        double ssim1 = 0;
        double psnrBest = 0;
        double ssimBest = 0;
        double psnrMean = 0;
        double ssimMean = 0;
        for (int i = 0; i < s.count(); i++) {
            Raster truth = raster(task, s.targets(), i * out, shape);
            double bp = -1;
            double bs = -1;
            for (int k = 0; k < s.modes(); k++) {
                Raster r = raster(task, s.outputs(), s.outputOffset(i, k), shape);
                double p = regions == null ? Psnr.of(truth, r, 255) : Psnr.masked(truth, r, 255, regions[i]);
                double q = regions == null ? Ssim.mean(truth, r, 255) : Ssim.maskedMean(truth, r, 255, regions[i]);
                p = Double.isInfinite(p) ? PSNR_CAP : p;
                q = Double.isNaN(q) && regions != null ? 0 : q;
                if (k == 0) {
                    psnr1 += p;
                    ssim1 += q;
                }
                bp = Math.max(bp, p);
                bs = Math.max(bs, q);
                psnrMean += p / s.modes();
                ssimMean += q / s.modes();
            }
            psnrBest += bp;
            ssimBest += bs;
        }
        int n = s.count();
        f.add(prefix + "psnr_first", psnr1 / n);
        f.add(prefix + "psnr_best_of_k", psnrBest / n);
        f.add(prefix + "psnr_mean_of_k", psnrMean / n);
        f.add(prefix + "ssim_first", ssim1 / n);
        f.add(prefix + "ssim_best_of_k", ssimBest / n);
        f.add(prefix + "ssim_mean_of_k", ssimMean / n);
    }

    /** Mean pairwise L1 diversity of each input's K pictures and, for colour pictures, their colourfulness. */
    private static void diversityAndColour(Evaluation.Samples s, Evaluation.Figures f, Lpips lpips) {
        Task task = s.view().task();
        int[] shape = task.outputShape();
        int out = task.outputSize();
        double diversity = 0;
        double colour = 0;
        double colourTruth = 0;
        double perceptual = 0;
        boolean rgb = shape.length == 3 && shape[2] == 3; // colour outputs (a grey picture has three equal channels)
        for (int i = 0; i < s.count(); i++) {
            List<Raster> samples = new ArrayList<>();
            for (int k = 0; k < s.modes(); k++) {
                Raster r = raster(task, s.outputs(), s.outputOffset(i, k), shape);
                samples.add(r);
                if (rgb) {
                    colour += Colourfulness.of(r) / s.modes();
                }
            }
            diversity += Diversity.meanPairwise(samples, 255, null).value();
            if (rgb && lpips != null) {
                perceptual += Diversity.meanPairwise(samples, 255, lpips).value();
            }
            if (rgb) {
                colourTruth += Colourfulness.of(raster(task, s.targets(), i * out, shape));
            }
        }
        int n = s.count();
        f.add("diversity_l1", diversity / n);
        if (rgb && lpips != null) {
            f.add("diversity_lpips", perceptual / n);
        }
        if (rgb) {
            f.add("colourfulness", colour / n);
            f.reference("truth", "colourfulness", colourTruth / n);
        }
    }

    /** Mean absolute error per element (first sample, best of K, mean of the K) and the mean pairwise L1 diversity. */
    private static void elements(Evaluation.Samples s, Evaluation.Figures f) {
        int out = s.view().task().outputSize();
        double first = 0;
        double best = 0;
        double mean = 0;
        double diversity = 0;
        for (int i = 0; i < s.count(); i++) {
            double b = Double.POSITIVE_INFINITY;
            float[][] k = new float[s.modes()][];
            for (int m = 0; m < s.modes(); m++) {
                int off = s.outputOffset(i, m);
                double e = 0;
                for (int j = 0; j < out; j++) {
                    e += Math.abs((double) s.outputs()[off + j] - s.targets()[i * out + j]);
                }
                e /= out;
                if (m == 0) {
                    first += e;
                }
                b = Math.min(b, e);
                mean += e / s.modes();
                k[m] = Arrays.copyOfRange(s.outputs(), off, off + out);
            }
            best += b;
            diversity += Diversity.meanPairwiseL1(k);
        }
        int n = s.count();
        f.add("l1_first", first / n);
        f.add("l1_best_of_k", best / n);
        f.add("l1_mean_of_k", mean / n);
        f.add("diversity_l1", diversity / n);
    }
}
