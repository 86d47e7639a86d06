package org.cgml.example;

import java.util.List;
import java.util.SplittableRandom;
import org.cgml.api.Architecture;
import org.cgml.api.CostFamily;
import org.cgml.api.Dataset;
import org.cgml.api.Evaluation;
import org.cgml.api.LatentSpace;
import org.cgml.api.OptionTask;
import org.cgml.api.OptionValues;
import org.cgml.api.Presentation;
import org.cgml.api.Task;
import org.cgml.api.TaskData;
import org.cgml.api.TaskOption;
import org.cgml.api.TrainingConfig;

/**
 * A task of one class: x uniform in [-1, 1] -> y = x^2 + g l, the level l = -1, 0 or +1 drawn with probabilities
 * 0.5, 0.3 and 0.2 and g the option {@code --gap}. Three modes of unequal shares per input; the L1 regression
 * settles on the median level. Its own figures say whether K samples of an input land on the levels and reach all
 * three of them.
 */
public final class Levels extends OptionTask {
    /** The task's name, on the command line and in run folders. */
    public static final String NAME = "levels";
    /** The distance g between two adjacent levels, declared once with its type and range. */
    public static final TaskOption GAP = TaskOption.number("gap", "distance g between adjacent levels", "1", 0.1, 10);
    /** The probabilities of the levels -1, 0 and +1. */
    static final double[] SHARES = {0.5, 0.3, 0.2};
    /** A sample within this distance of a level is on it. */
    public static final double RADIUS = 0.1;
    static final int TRAIN_SIZE = 4096;
    static final int TEST_SIZE = 256;

    private final double gap;

    /** The task at its defaults. */
    public Levels() {
        this(OptionValues.defaults(NAME, List.of(GAP)));
    }

    private Levels(OptionValues options) {
        super(options);
        this.gap = options.number(GAP);
    }

    @Override
    protected Task with(OptionValues options) {
        return new Levels(options);
    }

    /** y at level {@code level} (-1, 0 or +1) of input x: x^2 + g l. */
    double level(float x, int level) {
        return (double) x * x + gap * level;
    }

    @Override
    public TaskData data(long seed) {
        return new TaskData(new Pairs(TRAIN_SIZE, seed * 2 + 1), new Pairs(TEST_SIZE, seed * 2 + 2));
    }

    @Override
    public int[] inputShape() {
        return new int[] {1};
    }

    @Override
    public int[] outputShape() {
        return new int[] {1};
    }

    @Override
    public CostFamily cost() {
        return CostFamily.l1();
    }

    @Override
    public LatentSpace latent() {
        return LatentSpace.sphere(2);
    }

    /** Small MLPs: 2 layers of 32 units for H, G and Z. */
    @Override
    public Architecture architecture() {
        return new Architecture.Mlp(32, 2, 32, 32);
    }

    @Override
    public Presentation presentation() {
        return Presentation.indexed(1, 1);
    }

    @Override
    public void defaults(TrainingConfig.Builder b) {
        b.set(TrainingConfig.ITERATIONS, 1500L).set(TrainingConfig.BATCH_SIZE, 32)
                .set(TrainingConfig.LEARNING_RATE, 1e-3f).set(TrainingConfig.THREADS, 1);
    }

    /**
     * The task's own figures: {@code on_level}, the share of samples within {@link #RADIUS} of a level, and
     * {@code levels_reached}, the levels an input's K samples land on, over the three, averaged over the inputs.
     */
    @Override
    public Evaluation evaluation() {
        return new Evaluation() {
            @Override
            public void score(Samples s, Figures f) {
                Levels task = (Levels) s.view().task();
                int on = 0;
                double reached = 0;
                for (int i = 0; i < s.count(); i++) {
                    boolean[] hit = new boolean[3];
                    for (int k = 0; k < s.modes(); k++) {
                        float y = s.outputs()[s.outputOffset(i, k)];
                        for (int l = -1; l <= 1; l++) {
                            if (Math.abs(y - task.level(s.inputs()[i], l)) <= RADIUS) {
                                hit[l + 1] = true;
                                on++;
                                break;
                            }
                        }
                    }
                    reached += ((hit[0] ? 1 : 0) + (hit[1] ? 1 : 0) + (hit[2] ? 1 : 0)) / 3.0;
                }
                f.add("on_level", (double) on / (s.count() * s.modes()));
                f.add("levels_reached", reached / s.count());
            }
        };
    }

    /** A fixed set of inputs and levels drawn from a seed. */
    private final class Pairs implements Dataset {
        private final float[] x;
        private final int[] level;

        Pairs(int size, long seed) {
            SplittableRandom rng = new SplittableRandom(seed);
            x = new float[size];
            level = new int[size];
            for (int i = 0; i < size; i++) {
                x[i] = (float) (rng.nextDouble() * 2 - 1);
                double u = rng.nextDouble();
                level[i] = u < SHARES[0] ? -1 : u < SHARES[0] + SHARES[1] ? 0 : 1;
            }
        }

        @Override
        public int size() {
            return x.length;
        }

        @Override
        public void example(int index, long seed, float[] input, int inputOffset, float[] target, int targetOffset) {
            input[inputOffset] = x[index];
            target[targetOffset] = (float) level(x[index], level[index]);
        }
    }

    /** Registers the task (the plugin module adds it; a jar may also name it as a {@code TaskProvider}). */
    public static final class Provider extends OptionTask.Provider {
        public Provider() {
            super(NAME, "x in [-1,1] -> y = x^2 + g l, l = -1, 0, +1 with shares 0.5, 0.3, 0.2: three modes", Levels::new);
        }
    }
}
