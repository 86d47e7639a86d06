package org.cgml.nn.graph;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * What H and G are fitted on: G at the codes of {@code fitted}, the {@code objective} (E, or what a method makes
 * of it) and the networks of the method's own that take H and G's Adam step with them (an encoder).
 */
public record Fit(Fitted fitted, Operand<TFloat32> objective, List<Weights> trainedWithGenerator) {
    public Fit {
        trainedWithGenerator = List.copyOf(trainedWithGenerator);
    }

    /** H and G fitted on E at the codes of {@code fitted}, nothing of the method's own trained with them. */
    public static Fit of(Fitted fitted) {
        return new Fit(fitted, fitted.meanCost(), List.of());
    }

    /** G at codes, and its cost: {@code output} = G(H(x), code), E_i per sample and E, their mean over the batch. */
    public record Fitted(Operand<TFloat32> code, Operand<TFloat32> output, Operand<TFloat32> perSampleCost,
                         Operand<TFloat32> meanCost) {
    }
}
