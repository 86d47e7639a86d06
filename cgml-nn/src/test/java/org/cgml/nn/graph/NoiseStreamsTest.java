package org.cgml.nn.graph;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import org.cgml.api.CostFamily;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.SyntheticTask;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The noise streams of one iteration are not those of the next iterations or of the next run seeds: stream k at
 * iteration t once equalled stream 0 at t + k, so the Lipschitz penalty's noises repeated across iterations.
 */
class NoiseStreamsTest {

    @Test
    void noStreamIsAnotherStreamOfANearbyIterationOrSeed() {
        TrainingConfig config = TrainingConfig.builder().set(TrainingConfig.ITERATIONS, 1L)
                .set(TrainingConfig.THREADS, 1).build();
        @SuppressWarnings("unchecked")
        Operand<TFloat32>[] streams = new Operand[5];
        ModelGraph.Extension noises = new ModelGraph.Extension() {
            @Override
            public Fit build(ModelGraph.Parts parts) {
                for (int k = 0; k < streams.length; k++) {
                    streams[k] = parts.noise(parts.tf().constant(new int[] {4}), 3, k);
                }
                return Fit.of(parts.fittedAt(parts.graph().z()));
            }
        };
        try (ModelGraph g = new ModelGraph(SyntheticTask.vectors(2, 3, 2, CostFamily.l1()), config,
                TrainingConfig.Lipschitz.NONE, true, noises)) {
            java.util.List<float[]> all = new java.util.ArrayList<>();
            for (long seed = 1; seed <= 3; seed++) {
                for (long t = 10; t <= 15; t++) {
                    for (int k = 0; k < streams.length; k++) {
                        all.add(draw(g, streams[k], seed, t));
                    }
                }
            }
            for (int i = 0; i < all.size(); i++) {
                for (int j = i + 1; j < all.size(); j++) {
                    assertFalse(Arrays.equals(all.get(i), all.get(j)), "draws " + i + " and " + j + " are one stream");
                }
            }
        }
    }

    private static float[] draw(ModelGraph g, Operand<TFloat32> stream, long seed, long iteration) {
        try (TInt64 s = TInt64.vectorOf(seed, iteration);
             Result r = g.session().runner().feed(g.noiseSeed(), s).fetch(stream).run()) {
            return Tensors.read((TFloat32) r.get(0));
        }
    }
}
