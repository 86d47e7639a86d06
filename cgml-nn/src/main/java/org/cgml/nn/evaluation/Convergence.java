package org.cgml.nn.evaluation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cgml.api.Evaluation;
import org.cgml.api.TrainingConfig;
import org.cgml.api.TrainingListener;
import org.cgml.eval.StandardFigures;
import org.cgml.nn.LatentUpdate;
import org.cgml.nn.Sampler;
import org.cgml.nn.run.Csv;

/**
 * A run's convergence (paper Fig. 18): every {@code every} iterations, and before the first and after the last, the
 * standard figures of K samples for the first held-out inputs of a view, as one row of {@code convergence.csv} in the
 * run folder ({@code iteration,seconds,<figure>...}, seconds of training only). A resumed run keeps the rows up to its
 * checkpoint and continues them. Sampling reads the weights only, so the training it watches is unchanged. The same
 * figures, and a grid of samples for picture tasks, go to TensorBoard event files in the run's {@code heldout/}
 * folder (tags {@code heldout/...}), apart from the training figures, so that a resume's marker in one stream never
 * drops the other's points.
 */
public final class Convergence implements TrainingListener {
    /** The run folder's file of held-out figures by iteration. */
    public static final String FILE = "convergence.csv";

    private final Path file;
    private final Sampler sampler;
    private final Evaluation.View view;
    private final float[] x;
    private final float[] y;
    private final int count;
    private final int modes;
    private final int steps;
    private final long every;
    private final long seed;
    private final org.cgml.nn.run.TensorBoard events;
    private double seconds;

    /** Held-out inputs a run's convergence is scored on. */
    public static final int INPUTS = 32;
    /** Probes of a run's convergence unless told otherwise: every iterations / 20. */
    public static final int POINTS = 20;

    /**
     * The convergence of a run training {@code trainer} into {@code runDir}: the first {@link #INPUTS} inputs of the
     * task's first held-out view, K = {@code modes} samples at T = {@code steps}, every {@code every} iterations (0:
     * every twentieth of the run).
     */
    public static Convergence of(Path runDir, org.cgml.nn.Trainer trainer, org.cgml.api.TaskData data, int modes, int steps,
                          long every) {
        org.cgml.api.Task task = trainer.task();
        TrainingConfig config = trainer.config();
        Evaluation.View view = task.evaluation().views(task, data.test(), config.get(TrainingConfig.SEED)).get(0);
        return new Convergence(runDir, trainer.model().sampler(), view, INPUTS, modes, steps,
                every > 0 ? every : Math.max(1, config.get(TrainingConfig.ITERATIONS) / POINTS),
                        config.get(TrainingConfig.SEED));
    }

    /**
     * The convergence of {@code sampler} into {@code runDir}: the first {@code count} held-out inputs of {@code view},
     * example i drawn with {@code seed + i} and scored with that seed, K = {@code modes} samples at T = {@code steps},
     * every {@code every} iterations.
     */
    public Convergence(Path runDir, Sampler sampler, Evaluation.View view, int count, int modes, int steps, long every,
                       long seed) {
        this.file = runDir.resolve(FILE);
        this.sampler = sampler;
        this.view = view;
        this.count = Math.min(count, view.test().size());
        this.modes = modes;
        this.steps = steps;
        this.every = every;
        this.seed = seed;
        this.events = new org.cgml.nn.run.TensorBoard(runDir.resolve(org.cgml.nn.run.TensorBoard.HELDOUT),
                org.cgml.nn.run.TensorBoard.HELDOUT);
        HeldOut held = HeldOut.draw(view.task(), view.test(), this.count, seed);
        this.x = held.inputs();
        this.y = held.targets();
    }

    @Override
    public void onBegin(TrainingConfig config, long firstIteration) {
        // the intact rows up to the checkpoint: a kill or a full disk may have cut the last one short
        List<String> kept = org.cgml.nn.run.Run.rowsUpTo(file, firstIteration, false, w -> { });
        try {
            if (kept.size() > 1 && firstIteration > 0) {
                String last = kept.get(kept.size() - 1);
                seconds = Double.parseDouble(last.split(",")[1]);
                org.cgml.nn.run.Run.writeAtomically(file, String.join("\n", kept) + "\n");
                events.start(firstIteration + 1); // the rows kept stand; the next probe follows the checkpoint
                return;
            }
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        events.start(firstIteration);
        probe(firstIteration);
    }

    /** Closes the event file and draws convergence.png (and .svg): each figure against the iteration. */
    @Override
    public void onEnd(long lastIteration) {
        events.close();
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.size() < 2) {
                return;
            }
            String[] header = lines.get(0).split(",");
            List<org.cgml.eval.Curves.Panel> panels = new ArrayList<>();
            int n = lines.size() - 1;
            for (int c = 2; c < header.length; c++) {
                double[] it = new double[n];
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    String[] f = lines.get(i + 1).split(",");
                    it[i] = Double.parseDouble(f[0]);
                    v[i] = Double.parseDouble(f[c]);
                }
                String name = org.cgml.eval.Figures.label(header[c]);
                panels.add(new org.cgml.eval.Curves.Panel("Held-out " + name.replaceFirst(" \\(.*\\)$", "")
                        + ", K = " + modes, "training iteration", name,
                        List.of(new org.cgml.eval.Curves.Band(name, it, v, v, v))));
            }
            org.cgml.eval.Curves.write(panels, 2, 480, 300, file.resolveSibling("convergence.png"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void onIteration(IterationInfo done) {
        seconds += done.nanos() / 1e9;
        if (done.iteration() % every == 0 || done.iteration() == done.iterations()) {
            probe(done.iteration());
        }
    }

    /** The figures at iteration {@code iteration}, appended as one row (the header first). */
    private void probe(long iteration) {
        float[] samples = sampler.sample(x, count, modes, steps, LatentUpdate.MOMENTUM, Evaluator.SAMPLING_SEED);
        Map<String, Double> figures = new LinkedHashMap<>();
        StandardFigures.score(new Evaluation.Samples(view, seed, count, modes, x, y, samples, null, null),
                new Evaluation.Figures() {
                    @Override
                    public void add(String metric, double value) {
                        figures.put(metric, value);
                    }

                    @Override
                    public void reference(String reference, String metric, double value) {
                        // references (the truth's colourfulness) do not converge
                    }
                });
        Map<String, Double> tagged = new LinkedHashMap<>();
        figures.forEach((k, v) -> tagged.put("heldout/" + k, v));
        events.scalars(iteration, tagged);
        if (view.task().presentation().image(x, 0, view.task().inputShape()).isPresent()) {
            events.image(iteration, "heldout/samples", Grid.samples(view.task(), x, y, 0, Math.min(4, count), modes,
                    samples, null));
        }
        StringBuilder line = new StringBuilder();
        try {
            if (!Files.isRegularFile(file)) {
                List<String> header = new ArrayList<>(List.of("iteration", "seconds"));
                header.addAll(figures.keySet());
                line.append(Csv.line(header));
            }
            List<Object> row = new ArrayList<>(List.of(iteration, seconds));
            row.addAll(figures.values());
            line.append(Csv.line(row));
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
