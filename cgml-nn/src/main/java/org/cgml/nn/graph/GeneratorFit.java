package org.cgml.nn.graph;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * H and G's fit (Algorithm 1, step 4, and every method's step of H and G): one Adam step on {@code objective}, the
 * method's objective + the task's extra terms (at the method's {@link Fit#costWeight}) + the Lipschitz term, with E
 * and the extension's figures to fetch beside it.
 */
public record GeneratorFit(Placeholder<TFloat32> learningRate, Operand<TFloat32> objective, Operand<TFloat32> meanCost,
                           Operand<TFloat32> lipschitz, Map<String, Operand<TFloat32>> figures, Op train) {
    /** The Adam step of H and G (refused on a model built for sampling). */
    @Override
    public Op train() {
        return GraphParts.trainingOp(train);
    }
}
