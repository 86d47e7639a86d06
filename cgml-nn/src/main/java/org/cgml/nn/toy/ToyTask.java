package org.cgml.nn.toy;

import java.util.List;
import java.util.Optional;
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
import org.cgml.api.TrainingConfig;

/**
 * Paper Fig. 3: x uniform in [-1, 1], y = s * 4 (x, x^2, x^3) with s = +1 or -1 at random. Two modes per input;
 * the L1 regression collapses onto y = 0. Defaults from docs/DESIGN.md section 2 (n = 2, batch 64, Adam 1e-3 with
 * cosine decay over 4000 steps, 3-layer MLPs of width 128).
 */
public final class ToyTask extends OptionTask {
    public static final String NAME = "toy";
    /** Training pairs generated per seed. */
    public static final int TRAIN_SIZE = 20_000;
    /** Test inputs generated per seed. */
    public static final int TEST_SIZE = 1_000;

    /** The toy task (it has no options). */
    public ToyTask() {
        super(NAME, List.of());
    }

    /** The toy task has no options: always itself. */
    @Override
    protected Task with(OptionValues options) {
        return this;
    }

    /** The point of branch {@code sign} (+1 or -1) at x, written to {@code out[0..2]}. */
    public static void branch(float x, int sign, float[] out) {
        out[0] = sign * 4f * x;
        out[1] = sign * 4f * x * x;
        out[2] = sign * 4f * x * x * x;
    }

    /** Euclidean distance from y (3 values at {@code off}) to branch {@code sign} at x. */
    public static double distance(float x, float[] y, int off, int sign) {
        float[] b = new float[3];
        branch(x, sign, b);
        double s = 0;
        for (int i = 0; i < 3; i++) {
            double d = y[off + i] - b[i];
            s += d * d;
        }
        return Math.sqrt(s);
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
        return new int[] {3};
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
        return new Architecture.Mlp(128, 3, 128, 128);
    }

    @Override
    public Presentation presentation() {
        return new Presentation() {
            @Override
            public List<String> inputColumns() {
                return List.of("x");
            }

            @Override
            public List<String> outputColumns() {
                return List.of("y0", "y1", "y2");
            }

            @Override
            public Optional<org.cgml.api.Figure> plot(float[] inputs, float[] outputs, int count, int modes) {
                return Optional.of(ToyPlot.figure(inputs, outputs, count, modes));
            }
        };
    }

    @Override
    public void defaults(TrainingConfig.Builder b) {
        b.set(TrainingConfig.ITERATIONS, 4000L).set(TrainingConfig.BATCH_SIZE, 64)
                .set(TrainingConfig.LEARNING_RATE, 1e-3f).set(TrainingConfig.DYNAMICS_LEARNING_RATE, 1e-3f)
                .set(TrainingConfig.SCHEDULE, TrainingConfig.Schedule.COSINE).set(TrainingConfig.THREADS, 1);
    }

    /** Radius around a true branch within which a sample counts as on it (paper Fig. 3). */
    public static final double RADIUS = 0.25;

    /**
     * The branch figures of paper Fig. 3: the share of samples within {@link #RADIUS} of a true branch
     * ({@code on_branch}, the rest are {@code phantom}s), and how the samples on a branch split between the + and the
     * - branch (a sample counts for the nearer one).
     */
    @Override
    public Evaluation evaluation() {
        return new Evaluation() {
            @Override
            public void score(Samples s, Figures f) {
                int on = 0;
                int plus = 0;
                int total = s.count() * s.modes();
                for (int i = 0; i < s.count(); i++) {
                    for (int k = 0; k < s.modes(); k++) {
                        int off = s.outputOffset(i, k);
                        double dp = distance(s.inputs()[i], s.outputs(), off, 1);
                        double dm = distance(s.inputs()[i], s.outputs(), off, -1);
                        if (Math.min(dp, dm) <= RADIUS) {
                            on++;
                            if (dp <= dm) {
                                plus++;
                            }
                        }
                    }
                }
                double onFrac = (double) on / total;
                f.add("on_branch", onFrac);
                f.add("plus_share", on == 0 ? 0 : (double) plus / on);
                f.add("minus_share", on == 0 ? 0 : (double) (on - plus) / on);
                f.add("phantom", 1 - onFrac);
            }
        };
    }

    /** A fixed set of (x, y) pairs drawn from a seed. */
    private static final class Pairs implements Dataset {
        private final float[] x;
        private final int[] sign;

        Pairs(int size, long seed) {
            SplittableRandom rng = new SplittableRandom(seed);
            x = new float[size];
            sign = new int[size];
            for (int i = 0; i < size; i++) {
                x[i] = (float) (rng.nextDouble() * 2 - 1);
                sign[i] = rng.nextBoolean() ? 1 : -1;
            }
        }

        @Override
        public int size() {
            return x.length;
        }

        @Override
        public void example(int index, long seed, float[] input, int inputOffset, float[] target, int targetOffset) {
            input[inputOffset] = x[index];
            float[] b = new float[3];
            branch(x[index], sign[index], b);
            System.arraycopy(b, 0, target, targetOffset, 3);
        }
    }
}
