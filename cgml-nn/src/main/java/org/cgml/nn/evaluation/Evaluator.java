package org.cgml.nn.evaluation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cgml.api.Dataset;
import org.cgml.api.Evaluation;
import org.cgml.api.Task;
import org.cgml.eval.Figures;
import org.cgml.eval.InceptionV3;
import org.cgml.eval.Lpips;
import org.cgml.eval.StandardFigures;
import org.cgml.nn.LatentUpdate;
import org.cgml.nn.MethodModel;
import org.cgml.nn.Sampler;

/**
 * Scores a trained model on a task's held-out data, as Tribuo's {@code evaluator.evaluate(model, dataset)} does: for
 * each of the task's evaluation views, the first {@code count} held-out inputs ({@link HeldOut}), K = {@code modes}
 * samples of each at every sampling-steps value T and latent update the model's sampler distinguishes, then the
 * standard figures (with LPIPS and Inception when given), the task's own figures, the oracle's best-of-K, the number
 * of inputs and the seconds of sampling per input.
 *
 * @param modes K, samples per input
 * @param count held-out inputs per view at most
 * @param samplingSteps the T values, the first one alone for a sampler that does not move codes
 * @param updates the latent updates, momentum alone for a sampler that does not move codes
 * @param lpips LPIPS for the diversity of colour pictures, or null
 * @param inception Inception V3 for FID and KID of pictures, or null
 */
public record Evaluator(int modes, int count, List<Integer> samplingSteps, List<LatentUpdate> updates, Lpips lpips,
                        InceptionV3 inception) {
    /** Seed of the z_0 draws when sampling (as {@code cgml sample}'s default). */
    public static final long SAMPLING_SEED = 7;
    /** Offset of the oracle's z_0 seed from the evaluation seed. */
    public static final long ORACLE_SEED_OFFSET = 11;
    /** Held-out inputs shown in a run's sample grids. */
    public static final int GRID_ROWS = 8;

    /** Checks the numbers and copies the lists. */
    public Evaluator {
        if (modes < 1 || count < 1 || samplingSteps.isEmpty() || updates.isEmpty()) {
            throw new IllegalArgumentException("an evaluation needs K >= 1, at least one input, one T and one update");
        }
        samplingSteps = List.copyOf(samplingSteps);
        updates = List.copyOf(updates);
    }

    /** K samples of up to {@code count} inputs per view at T = {@code samplingSteps}, with momentum, no LPIPS. */
    public Evaluator(int modes, int count, int samplingSteps) {
        this(modes, count, List.of(samplingSteps), List.of(LatentUpdate.MOMENTUM), null, null);
    }

    /** The figures of a reopened run on its task's test data, drawn with the run's seed. */
    public List<Score> evaluate(TrainedRun run) throws IOException {
        return evaluate(run.model(), run.task(), run.task().testData(run.config().get(org.cgml.api.TrainingConfig.SEED)), run.config().get(org.cgml.api.TrainingConfig.SEED), null);
    }

    /**
     * The figures of {@code model} on every view of {@code task}'s held-out {@code test} data, held-out example i
     * drawn with {@code seed + i}; with {@code pictures} not null, each view's sample grid (or the task's plot) is
     * written there as {@code samples[-VIEW]-T<T>[-norho].png} (and .svg).
     */
    public List<Score> evaluate(MethodModel model, Task task, Dataset test, long seed, Path pictures)
            throws IOException {
        List<Score> scores = new ArrayList<>();
        Sampler sampler = model.sampler();
        Evaluation evaluation = task.evaluation();
        List<Integer> ts = sampler.movesCodes() ? samplingSteps : samplingSteps.subList(0, 1);
        List<LatentUpdate> us = sampler.movesCodes() ? updates : List.of(LatentUpdate.MOMENTUM);
        boolean probed = sampler.featureSize() == 0; // a method without an encoder H has nothing to probe
        for (Evaluation.View view : evaluation.views(task, test, seed)) {
            Task vt = view.task();
            int n = Math.min(count, view.test().size());
            HeldOut held = HeldOut.draw(vt, view.test(), n, seed);
            float[] x = held.inputs();
            float[] y = held.targets();
            float[] oracle = model.oracle(x, y, n, seed + ORACLE_SEED_OFFSET);
            int first = scores.size();
            for (int t : ts) {
                for (LatentUpdate u : us) {
                    sampler.sample(x, 1, modes, t, u, SAMPLING_SEED); // builds the T-step sampler: not timed
                    long t0 = System.nanoTime();
                    float[] samples = sampler.sample(x, n, modes, t, u, SAMPLING_SEED);
                    double secs = (System.nanoTime() - t0) / 1e9 / n;
                    Evaluation.Samples s = new Evaluation.Samples(view, seed, n, modes, x, y, samples, oracle,
                            probed ? null : sampler);
                    probed = true; // features of frozen H do not change with the view or T: probe once
                    Evaluation.Figures f = new Evaluation.Figures() {
                        @Override
                        public void add(String metric, double value) {
                            scores.add(new Score(view.name(), t, u, null, metric, value));
                        }

                        @Override
                        public void reference(String reference, String metric, double value) {
                            scores.add(new Score(view.name(), t, u, reference, metric, value));
                        }
                    };
                    StandardFigures.score(s, f, lpips, inception);
                    evaluation.score(s, f);
                    f.add("held_out_inputs", n);
                    f.add("inference_s_per_input_k_modes", secs);
                    if (pictures != null) {
                        pictures(vt, x, y, n, samples, pictures, view.name(), t, u);
                    }
                }
            }
            if (ts.size() < samplingSteps.size()) { // T does not change this method's outputs: the same rows at each T
                List<Score> once = new ArrayList<>(scores.subList(first, scores.size()));
                for (int t : samplingSteps.subList(1, samplingSteps.size())) {
                    once.forEach(r -> scores.add(new Score(r.view(), t, r.update(), r.reference(), r.metric(),
                            r.value())));
                }
            }
        }
        return scores;
    }

    /** A grid of the first held-out inputs, truths and K modes, or the task's own plot of the samples. */
    private void pictures(Task task, float[] x, float[] y, int n, float[] samples, Path dir, String view, int t,
                          LatentUpdate u) throws IOException {
        String stem = "samples" + (view.isEmpty() ? "" : "-" + view) + "-T" + t + (u == LatentUpdate.PLAIN ? "-norho" : "");
        if (task.presentation().image(x, 0, task.inputShape()).isPresent()) {
            Figures.write(dir.resolve(safe(stem) + ".png"),
                    Grid.samplesFigure(task, x, y, 0, Math.min(GRID_ROWS, n), modes, samples, null));
        } else {
            var plot = task.presentation().plot(x, samples, n, modes);
            if (plot.isPresent()) {
                Figures.write(dir.resolve(safe(stem) + ".png"), plot.get());
            }
        }
    }

    /** {@code s} made safe for a file name: every character but letters, digits and {@code .=_-} as '_'. */
    public static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9.=_-]", "_");
    }
}
