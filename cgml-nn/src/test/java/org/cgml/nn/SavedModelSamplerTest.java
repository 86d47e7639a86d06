package org.cgml.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.cgml.api.CostFamily;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.graph.Tensors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.types.TFloat32;

/**
 * The exported SavedModel's {@code sampler} signature (x, z0 -> y, z_T), loaded with TensorFlow Java's
 * SavedModelBundle, gives what the Java sampler gives for the same inputs and the same prior codes (Eq. 4 for T
 * steps, or of the flow; spectral-normalised weights as G and Z use them), to within 1e-5; and T matters, so the
 * signature is not G at z0.
 */
class SavedModelSamplerTest {

    @ParameterizedTest
    @ValueSource(strings = {"vectors", "images", "spectral", "flow"})
    void theExportedSamplerGivesTheJavaSamplersOutputs(String kind, @TempDir Path dir) throws Exception {
        SyntheticTask task = kind.equals("images") ? SyntheticTask.images(16, 1, 1, 4, 3)
                : SyntheticTask.vectors(2, 3, 3, CostFamily.l1());
        TrainingConfig.Builder builder = TrainingConfig.builder().set(TrainingConfig.ITERATIONS, 4L)
                .set(TrainingConfig.BATCH_SIZE, 4).set(TrainingConfig.INNER_STEPS, 2)
                .set(TrainingConfig.THREADS, 1)
                // the export maps each code to its output; choosing K among a pool happens in the Java sampler only
                .set(org.cgml.nn.method.cgml.Cgml.SAMPLING_POOL, 1)
                .set(org.cgml.nn.method.cgml.Cgml.SAMPLING_FIRST, org.cgml.nn.method.cgml.Cgml.FirstSample.DRAWN);
        if (kind.equals("spectral")) { // the export holds W / sigma(W), the weights as G and Z use them
            builder.set(TrainingConfig.LIPSCHITZ, TrainingConfig.Lipschitz.SPECTRAL);
        } else if (kind.equals("flow")) { // T Euler steps of the flow instead of Eq. 4
            builder.set(TrainingConfig.DYNAMICS_FIT, TrainingConfig.DynamicsFit.FLOW);
        }
        TrainingConfig config = builder.build();
        int count = 3;
        int modes = 4;
        int steps = 5;
        long seed = 21;
        int in = task.inputSize();
        int out = task.outputSize();
        int n = task.latent().dimension();
        SplittableRandom rng = new SplittableRandom(2);
        float[] x = new float[count * in];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextDouble(-1, 1);
        }
        float[] java;
        float[] atZ0;
        try (Trainer t = new Trainer(task, config)) {
            for (int i = 0; i < 4; i++) {
                t.iterate();
            }
            t.export(dir.resolve("model"), steps);
            java = t.sampler().sample(x, count, modes, steps, LatentUpdate.MOMENTUM, seed);
            atZ0 = t.sampler().sample(x, count, modes, 0, LatentUpdate.MOMENTUM, seed);
        }
        // the Java sampler's rows: input i repeated for its K modes, codes z0 drawn from (seed, chunk 0)
        int rows = count * modes;
        float[] xs = new float[rows * in];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(x, (r / modes) * in, xs, r * in, in);
        }
        float[] z0 = Latents.draw(seed, 0, rows, n, true);
        long[] shape = new long[task.inputShape().length + 1];
        shape[0] = rows;
        for (int d = 0; d < task.inputShape().length; d++) {
            shape[d + 1] = task.inputShape()[d];
        }
        float[] exported;
        try (SavedModelBundle b = SavedModelBundle.load(dir.resolve("model").toString(), "serve");
             TFloat32 xt = Tensors.of(xs, shape); TFloat32 zt = Tensors.of(z0, rows, n);
             var r = b.function("sampler").call(Map.of("x", xt, "z0", zt))) {
            exported = Tensors.read(r.get("y").orElseThrow());
            assertEquals(rows * n, Tensors.read(r.get("z").orElseThrow()).length, "z_T per row");
        }
        assertEquals(java.length, exported.length);
        double moved = 0;
        for (int i = 0; i < java.length; i++) {
            assertEquals(java[i], exported[i], 1e-5, kind + " output " + i);
            moved = Math.max(moved, Math.abs(java[i] - atZ0[i]));
        }
        assertTrue(moved > 1e-4, "T = " + steps + " moves the codes: " + moved);
    }
}
