package org.cgml.nn;

import java.util.SplittableRandom;
import org.cgml.api.Architecture;
import org.cgml.api.CostFamily;
import org.cgml.api.Dataset;
import org.cgml.api.LatentSpace;
import org.cgml.api.Presentation;
import org.cgml.api.Task;
import org.cgml.api.TaskData;

/**
 * A task on generated data, for tests and benchmarks of any module: random inputs of any shape and targets
 * that are a fixed function of them (vectors: tanh of a fixed mix of entries; images: tanh of each pixel
 * and its right neighbour), so there is something to learn.
 */
public final class SyntheticTask implements Task {
    private final int[] inShape;
    private final int[] outShape;
    private final Architecture arch;
    private final CostFamily cost;
    private final int latent;
    private final int size;

    private SyntheticTask(int[] inShape, int[] outShape, Architecture arch, CostFamily cost, int latent, int size) {
        this.inShape = inShape.clone();
        this.outShape = outShape.clone();
        this.arch = arch;
        this.cost = cost;
        this.latent = latent;
        this.size = size;
    }

    /** Vectors: {@code in} floats -> {@code out} floats on small MLPs. */
    public static SyntheticTask vectors(int in, int out, int latent, CostFamily cost) {
        return new SyntheticTask(new int[] {in}, new int[] {out}, new Architecture.Mlp(16, 3, 8, 16), cost, latent, 256);
    }

    /** Images: S x S x inChannels -> S x S x outChannels on the generic U-Net with base width {@code c}, L1 cost. */
    public static SyntheticTask images(int s, int inChannels, int outChannels, int c, int latent) {
        return images(s, inChannels, outChannels, c, latent, CostFamily.l1());
    }

    /** Images with the given cost family. */
    public static SyntheticTask images(int s, int inChannels, int outChannels, int c, int latent, CostFamily cost) {
        return new SyntheticTask(new int[] {s, s, inChannels}, new int[] {s, s, outChannels},
                new Architecture.UNet(c, 64), cost, latent, 64);
    }

    @Override
    public String name() {
        return "synthetic";
    }

    @Override
    public TaskData data(long seed) {
        return new TaskData(new Random(size, seed * 2 + 1), new Random(Math.max(8, size / 4), seed * 2 + 2));
    }

    @Override
    public int[] inputShape() {
        return inShape.clone();
    }

    @Override
    public int[] outputShape() {
        return outShape.clone();
    }

    @Override
    public CostFamily cost() {
        return cost;
    }

    @Override
    public LatentSpace latent() {
        return LatentSpace.sphere(latent);
    }

    @Override
    public Architecture architecture() {
        return arch;
    }

    @Override
    public Presentation presentation() {
        return Presentation.indexed(inputSize(), outputSize());
    }

    private final class Random implements Dataset {
        private final int count;
        private final long seed;

        Random(int count, long seed) {
            this.count = count;
            this.seed = seed;
        }

        @Override
        public int size() {
            return count;
        }

        @Override
        public void example(int index, long unused, float[] input, int inOff, float[] target, int outOff) {
            int in = inputSize();
            int out = outputSize();
            SplittableRandom rng = new SplittableRandom(seed * 1_000_003L + index);
            for (int i = 0; i < in; i++) {
                input[inOff + i] = (float) (rng.nextDouble() * 2 - 1);
            }
            if (inShape.length == 3) {
                // images: a local function of each pixel and its right neighbour, per output channel
                int w = inShape[1];
                int cin = inShape[2];
                int cout = outShape[2];
                for (int p = 0; p < inShape[0] * w; p++) {
                    int q = p % w == w - 1 ? p : p + 1;
                    for (int c = 0; c < cout; c++) {
                        double v = input[inOff + p * cin] + 0.5 * input[inOff + q * cin + (cin - 1)];
                        target[outOff + p * cout + c] = (float) Math.tanh(0.8 * (c + 1) * v);
                    }
                }
                return;
            }
            for (int j = 0; j < out; j++) {
                double s = 0;
                for (int k = 0; k < 3; k++) {
                    s += input[inOff + (j * 7 + k * 13) % in] * (k + 1) * 0.5;
                }
                target[outOff + j] = (float) Math.tanh(s);
            }
        }
    }
}
