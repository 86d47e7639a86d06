package org.cgml.nn.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.cgml.api.CostFamily;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.SyntheticTask;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The task cost's extra terms (colorization's histogram KL) join H and G's objective at the weight the method puts on
 * its reconstruction: a method that weighs E per output element weighs them so too, so their balance with E is the
 * task's for every method (at weight 1 they drowned the per-element reconstruction of the cVAE and the Context
 * Encoder, which painted checkerboards to spread the colour histogram).
 */
class CostWeightTest {
    private static final float EXTRA = 7f;
    private static final float WEIGHT = 0.25f;

    /** L1 summed per sample, plus the constant extra term {@link #EXTRA}. */
    private static final CostFamily WITH_EXTRA = new CostFamily() {
        @Override
        public Operand<TFloat32> perSample(Ops tf, Operand<TFloat32> target, Operand<TFloat32> output) {
            return CostFamily.sumPerSample(tf, tf.math.abs(tf.math.sub(target, output)));
        }

        @Override
        public Operand<TFloat32> extraTerms(Ops tf, Operand<TFloat32> target, Operand<TFloat32> output) {
            return tf.constant(EXTRA);
        }
    };

    @Test
    void extraTermsTakeTheMethodsWeightOnTheReconstruction() {
        float[] weighed = objective(WEIGHT);
        assertEquals(WEIGHT * weighed[1] + WEIGHT * EXTRA, weighed[0], 1e-4, "objective = c E + c extra");
        float[] plain = objective(1f);
        assertEquals(plain[1] + EXTRA, plain[0], 1e-4, "objective = E + extra");
    }

    /** {objective, E} of a method fitting H and G on c E with cost weight c, on one fixed batch. */
    private static float[] objective(float c) {
        TrainingConfig config = TrainingConfig.builder().set(TrainingConfig.ITERATIONS, 1L)
                .set(TrainingConfig.THREADS, 1).build();
        ModelGraph.Extension weighed = new ModelGraph.Extension() {
            @Override
            public Fit build(ModelGraph.Parts parts) {
                Fit.Fitted fitted = parts.fittedAt(parts.graph().z());
                return new Fit(fitted, parts.tf().math.mul(parts.tf().constant(c), fitted.meanCost()), c, List.of());
            }
        };
        try (ModelGraph g = new ModelGraph(SyntheticTask.vectors(2, 3, 2, WITH_EXTRA), config,
                TrainingConfig.Lipschitz.NONE, true, weighed);
             TFloat32 x = Tensors.of(new float[] {0.5f, -1f, 2f, 0.25f}, 2, 2);
             TFloat32 y = Tensors.of(new float[] {1f, 2f, 3f, -1f, 0f, 1f}, 2, 3);
             TFloat32 z = Tensors.of(new float[] {1f, 0f, 0f, 1f}, 2, 2);
             Result out = g.session().runner().feed(g.x(), x).feed(g.y(), y).feed(g.z(), z)
                     .fetch(g.generatorFit().objective()).fetch(g.generatorFit().meanCost()).run()) {
            return new float[] {((TFloat32) out.get(0)).getFloat(), ((TFloat32) out.get(1)).getFloat()};
        }
    }
}
