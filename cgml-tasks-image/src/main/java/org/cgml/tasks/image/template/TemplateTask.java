package org.cgml.tasks.image.template;

import java.util.List;
import java.util.SplittableRandom;
import org.cgml.api.Architecture;
import org.cgml.api.Dataset;
import org.cgml.api.Evaluation;
import org.cgml.api.OptionTask;
import org.cgml.api.OptionValues;
import org.cgml.api.Presentation;
import org.cgml.api.Task;
import org.cgml.api.TaskData;
import org.cgml.api.TaskOption;
import org.cgml.api.TrainingConfig;
import org.cgml.api.UNetTask;
import org.cgml.tasks.image.data.Rasters;

/**
 * Template task, one file: a 16 x 16 image of random blobs -> the same image mirrored left-right or upside-down,
 * at random (two modes per input). Shows every part a task gives the engine: data, shapes, architecture,
 * presentation, task defaults, its own option ({@code --left-right}), its evaluation (its own figures on top of the
 * standard ones), and the provider that registers it; cost (L1) and latent space (S^9) are the image model's defaults
 * of {@link UNetTask}, and name, options and {@code withOptions} those of {@link org.cgml.api.OptionTask}.
 */
public final class TemplateTask extends UNetTask {
    static final String NAME = "template";
    static final int S = 16;
    /** An option, declared once with its type and range: parsed and checked by {@link OptionValues}. */
    static final TaskOption LEFT_RIGHT = TaskOption.number("left-right",
            "probability that a target is mirrored left-right rather than upside-down", "0.5", 0, 1);

    private final double leftRight;

    public TemplateTask() {
        this(OptionValues.defaults(NAME, List.of(LEFT_RIGHT)));
    }

    private TemplateTask(OptionValues options) {
        super(options);
        this.leftRight = options.number(LEFT_RIGHT);
    }

    @Override
    protected Task with(OptionValues options) {
        return new TemplateTask(options);
    }

    @Override
    public TaskData data(long seed) {
        return new TaskData(new Blobs(2000, seed * 2 + 1, leftRight), new Blobs(200, seed * 2 + 2, leftRight));
    }

    @Override
    public int[] inputShape() {
        return new int[] {S, S, 1};
    }

    @Override
    public int[] outputShape() {
        return new int[] {S, S, 1};
    }

    @Override
    public Architecture architecture() {
        return new Architecture.UNet(16, 256);
    }

    /** Grey pictures (so benches draw sample grids and score PSNR and SSIM). */
    @Override
    public Presentation presentation() {
        return Rasters.presentation(S * S, S * S);
    }

    /**
     * The task's own figures, beside those every task gets: which of the input's two mirror images each sample is
     * nearer (L1), as {@code share_left_right}, and the share of inputs whose K samples show both
     * ({@code inputs_reaching_both_modes}). A task with several views of its test split would override
     * {@link Evaluation#views} too.
     */
    @Override
    public Evaluation evaluation() {
        return new Evaluation() {
            @Override
            public void score(Samples s, Figures f) {
                int leftRight = 0;
                int both = 0;
                for (int i = 0; i < s.count(); i++) {
                    boolean sawLeftRight = false;
                    boolean sawUpDown = false;
                    for (int k = 0; k < s.modes(); k++) {
                        double lr = 0;
                        double ud = 0;
                        for (int y = 0; y < S; y++) {
                            for (int x = 0; x < S; x++) {
                                float v = s.outputs()[s.outputOffset(i, k) + y * S + x];
                                lr += Math.abs(v - s.inputs()[i * S * S + y * S + (S - 1 - x)]);
                                ud += Math.abs(v - s.inputs()[i * S * S + (S - 1 - y) * S + x]);
                            }
                        }
                        sawLeftRight |= lr < ud;
                        sawUpDown |= ud < lr;
                        leftRight += lr < ud ? 1 : 0;
                    }
                    both += sawLeftRight && sawUpDown ? 1 : 0;
                }
                f.add("share_left_right", leftRight / (double) (s.count() * s.modes()));
                f.add("inputs_reaching_both_modes", both / (double) s.count());
            }
        };
    }

    @Override
    public void defaults(TrainingConfig.Builder b) {
        b.set(TrainingConfig.ITERATIONS, 500L).set(TrainingConfig.BATCH_SIZE, 16)
                .set(TrainingConfig.LEARNING_RATE, 1e-3f).set(TrainingConfig.DYNAMICS_LEARNING_RATE, 1e-3f);
    }

    /** Blob images in [-1, 1]; the mirror axis of each target is redrawn from the per-epoch seed. */
    private static final class Blobs implements Dataset {
        private final int count;
        private final long seed;
        private final double leftRight;

        Blobs(int count, long seed, double leftRight) {
            this.count = count;
            this.seed = seed;
            this.leftRight = leftRight;
        }

        @Override
        public int size() {
            return count;
        }

        @Override
        public void example(int index, long exampleSeed, float[] input, int inOff, float[] target, int outOff) {
            SplittableRandom rng = new SplittableRandom(seed * 7919 + index);
            float[] img = new float[S * S];
            for (int b = 0; b < 3; b++) {
                double cx = rng.nextDouble() * S;
                double cy = rng.nextDouble() * S;
                double r = 1.5 + rng.nextDouble() * 3;
                for (int y = 0; y < S; y++) {
                    for (int x = 0; x < S; x++) {
                        if ((x - cx) * (x - cx) + (y - cy) * (y - cy) < r * r) {
                            img[y * S + x] = 1f;
                        }
                    }
                }
            }
            boolean mirrorLeftRight = new SplittableRandom(exampleSeed).nextDouble() < leftRight;
            for (int y = 0; y < S; y++) {
                for (int x = 0; x < S; x++) {
                    input[inOff + y * S + x] = img[y * S + x] * 2 - 1;
                    int src = mirrorLeftRight ? y * S + (S - 1 - x) : (S - 1 - y) * S + x;
                    target[outOff + y * S + x] = img[src] * 2 - 1;
                }
            }
        }
    }

    /**
     * Registers the task: added by the module's plugin ({@code Plugin.task(binder(), new Provider())}), or named in
     * module-info as {@code provides org.cgml.api.TaskProvider with ...}.
     */
    public static final class Provider extends OptionTask.Provider {
        public Provider() {
            super(NAME, "template: 16x16 blobs -> mirrored left-right or upside-down (copy this file to add a task)",
                    TemplateTask::new);
        }
    }
}
