package org.cgml.nn.method;

import org.cgml.nn.LatentUpdate;
import org.cgml.nn.Latents;
import org.cgml.nn.Sampler;
import org.cgml.nn.graph.ModelGraph;
import org.cgml.nn.graph.Tensors;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;

/**
 * Draws K outputs per input with the latent dynamics of paper Eq. 4: from K codes z_0 uniform on the sphere,
 * T steps z_{t+1} = proj(z_t + rho (r - z_t)/||r - z_t||) with (r, rho) = Z(z_t, h), then y = G(h, z_T).
 * With rho switched off ({@link LatentUpdate#PLAIN}) the update is z_{t+1} = proj(r), which shows the phantom effect.
 * For the regression baseline every mode is G(h, z_fixed). Each output then goes through {@link org.cgml.api.Task#finish}.
 */
public final class GraphSampler implements Sampler {
    private static final int CHUNK = 512;

    private final ModelGraph model;
    private final org.cgml.api.Task task;
    private final Codes codes;
    private final Moves moves;

    /** G's bounded output at the codes z_0 fed through z after {@code steps} steps moving them (cGML: Eq. 4). */
    public interface Moves {
        Operand<TFloat32> output(int steps, LatentUpdate update);
    }

    /** Where a sample's code comes from. */
    public enum Codes {
        /** z fixed to the first basis vector for every sample (the regression baseline): one output per input. */
        FIXED,
        /** z drawn from the prior and used as it is (a generator trained on prior codes, e.g. conditional IMLE). */
        PRIOR,
        /** z drawn from N(0, I) whatever the task's prior (a cVAE's sampling distribution). */
        GAUSSIAN,
        /** z drawn from the prior and moved by T steps of the method's dynamics (cGML: Eq. 4). */
        DYNAMICS
    }
    private final int inSize;
    private final int outSize;
    private final int[] inShape;

    /**
     * A sampler over a model's graph, its codes as {@code codes} says (FIXED: every mode is G(h, z_fixed), the
     * regression baseline; PRIOR: G at prior codes; GAUSSIAN: G at normal codes; DYNAMICS: prior codes moved by
     * {@code moves}, which only DYNAMICS needs).
     */
    public GraphSampler(ModelGraph model, org.cgml.api.Task task, Codes codes, Moves moves) {
        if (codes == Codes.DYNAMICS && moves == null) {
            throw new IllegalArgumentException("codes moved by dynamics need the dynamics");
        }
        this.model = model;
        this.task = task;
        this.codes = codes;
        this.moves = moves;
        this.inSize = task.inputSize();
        this.outSize = task.outputSize();
        long[] s = model.x().shape().asArray();
        this.inShape = new int[s.length - 1];
        for (int i = 1; i < s.length; i++) {
            inShape[i - 1] = (int) s[i];
        }
    }

    /** Whether sampling moves codes (so that the sampling steps T matter); false for a fixed code. */
    @Override
    public boolean movesCodes() {
        return codes == Codes.DYNAMICS;
    }

    /**
     * K = {@code modes} samples for each of the {@code count} inputs stored flat in {@code inputs}; returns
     * {@code count * modes * outSize} floats, input-major then mode, after {@code steps} updates of z.
     * Codes z_0 come from {@code seed}.
     */
    @Override
    public float[] sample(float[] inputs, int count, int modes, int steps, LatentUpdate update, long seed) {
        if (count <= 0 || modes <= 0 || steps < 0) {
            throw new IllegalArgumentException("need count > 0, modes > 0 and steps >= 0");
        }
        if (inputs.length < (long) count * inSize) {
            throw new IllegalArgumentException("expected " + count * inSize + " input floats, got " + inputs.length);
        }
        if ((long) count * modes * outSize > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(count + " inputs x " + modes + " modes x " + outSize
                    + " output values are more floats than one array holds; draw fewer modes or inputs at a time");
        }
        int n = model.latentDimension();
        float[] out = new float[count * modes * outSize];
        int perChunk = Math.max(1, CHUNK / modes);
        Session s = model.session();
        Operand<TFloat32> fetch = codes != Codes.DYNAMICS ? model.boundedOutput()
                : moves.output(steps, update);
        for (int first = 0, chunk = 0; first < count; first += perChunk, chunk++) {
            int rows = Math.min(perChunk, count - first) * modes;
            float[] x = new float[rows * inSize];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(inputs, (first + r / modes) * inSize, x, r * inSize, inSize);
            }
            float[] z = codes == Codes.FIXED ? Latents.fixed(rows, n)
                    : Latents.draw(seed, chunk, rows, n, codes != Codes.GAUSSIAN && model.onSphere());
            try (TFloat32 xt = Tensors.of(x, Tensors.batched(rows, inShape)); TFloat32 zt = Tensors.of(z, rows, n);
                 Result r = s.runner().feed(model.x(), xt).feed(model.z(), zt).fetch(fetch).run()) {
                float[] y = Tensors.read(r.get(0));
                for (int row = 0; row < rows; row++) {
                    task.finish(x, row * inSize, y, row * outSize);
                }
                System.arraycopy(y, 0, out, first * modes * outSize, y.length);
            }
        }
        return out;
    }

    /**
     * G(H(x), z) for given codes, one per input ({@code count * outSize} floats, bounded and finished like samples):
     * no latent dynamics, e.g. for the oracle codes of {@link org.cgml.nn.MethodModel#oracle}.
     */
    @Override
    public float[] generate(float[] inputs, float[] codes, int count) {
        int n = model.latentDimension();
        if (count <= 0 || inputs.length < (long) count * inSize || codes.length < (long) count * n) {
            throw new IllegalArgumentException("need " + count + " inputs of " + inSize + " floats and codes of " + n);
        }
        return perInput(inputs, count, outSize, (first, rows, x, xt) -> {
            try (TFloat32 zt = Tensors.of(java.util.Arrays.copyOfRange(codes, first * n, (first + rows) * n), rows, n);
                 Result r = model.session().runner().feed(model.x(), xt).feed(model.z(), zt)
                         .fetch(model.boundedOutput()).run()) {
                float[] y = Tensors.read(r.get(0));
                for (int row = 0; row < rows; row++) {
                    task.finish(x, row * inSize, y, row * outSize);
                }
                return y;
            }
        });
    }

    /** Length of one input's bottleneck feature vector h = H(x) (flattened). */
    @Override
    public int featureSize() {
        return (int) model.featureSize();
    }

    /**
     * The frozen encoder's bottleneck features h = H(x), flattened, for {@code count} inputs stored flat in
     * {@code inputs} ({@code count * featureSize()} floats): what a linear probe reads (paper Table 4).
     */
    @Override
    public float[] features(float[] inputs, int count) {
        if (count <= 0 || inputs.length < (long) count * inSize) {
            throw new IllegalArgumentException("expected " + count + " inputs of " + inSize + " floats, got "
                    + inputs.length + " floats");
        }
        return perInput(inputs, count, featureSize(), (first, rows, x, xt) -> {
            try (Result r = model.session().runner().feed(model.x(), xt).fetch(model.features()).run()) {
                return Tensors.read(r.get(0));
            }
        });
    }

    /** One graph run over at most {@link #CHUNK} inputs: x as floats and as a tensor; returns rows * width floats. */
    private interface ChunkRun {
        float[] run(int first, int rows, float[] x, TFloat32 xt);
    }

    /** {@code width} floats per input, computed chunk by chunk over the {@code count} inputs stored flat. */
    private float[] perInput(float[] inputs, int count, int width, ChunkRun run) {
        float[] out = new float[count * width];
        for (int first = 0; first < count; first += CHUNK) {
            int rows = Math.min(CHUNK, count - first);
            float[] x = java.util.Arrays.copyOfRange(inputs, first * inSize, (first + rows) * inSize);
            try (TFloat32 xt = Tensors.of(x, Tensors.batched(rows, inShape))) {
                System.arraycopy(run.run(first, rows, x, xt), 0, out, first * width, rows * width);
            }
        }
        return out;
    }

}
