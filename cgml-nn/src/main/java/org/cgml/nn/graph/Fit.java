package org.cgml.nn.graph;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * What H and G are fitted on: G at the codes of {@code fitted}, the {@code objective} (E, or what a method makes
 * of it), the weight {@code costWeight} the objective puts on the reconstruction of the target (1 for E itself;
 * a method that weighs its reconstruction by c, e.g. per output element, says c), and the networks of the method's
 * own that take H and G's Adam step with them (an encoder). The task cost's extra terms (colorization's histogram
 * KL) are added to the objective at {@code costWeight} times their weight, so that they keep their weight beside
 * the reconstruction whatever the method's scale.
 */
public record Fit(Fitted fitted, Operand<TFloat32> objective, float costWeight, List<Weights> trainedWithGenerator) {
    public Fit {
        trainedWithGenerator = List.copyOf(trainedWithGenerator);
    }

    /** As the canonical constructor, the objective holding E at weight 1. */
    public Fit(Fitted fitted, Operand<TFloat32> objective, List<Weights> trainedWithGenerator) {
        this(fitted, objective, 1f, trainedWithGenerator);
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
