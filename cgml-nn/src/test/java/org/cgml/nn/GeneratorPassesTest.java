package org.cgml.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.method.cimle.Cimle;
import org.junit.jupiter.api.Test;

/**
 * Every installed method counts its generator passes by the one rule of {@link Method#generatorPasses}: a pass of G
 * with a backward one counts 1, a forward-only pass 1/3, the Lipschitz penalty's pass 1, other networks' passes 0.
 */
class GeneratorPassesTest {

    private static Map<String, Double> passes(TrainingConfig config) {
        Map<String, Double> out = new TreeMap<>();
        for (Method m : Method.installed()) {
            out.put(m.name(), m.generatorPasses(config));
        }
        return out;
    }

    @Test
    void everyMethodFollowsTheRule() {
        // l = 5 inner steps, m = 6 search starts, c = 9 IMLE candidates, the Lipschitz penalty
        TrainingConfig config = TrainingConfig.builder().set(TrainingConfig.ITERATIONS, 1L)
                .set(TrainingConfig.INNER_STEPS, 5)
                .set(TrainingConfig.SEARCH_STARTS, 6).set(Cimle.SAMPLES, 9)
                .set(TrainingConfig.LIPSCHITZ, TrainingConfig.Lipschitz.PENALTY).build();
        Map<String, Double> expected = new TreeMap<>(Map.of(
                "cgml", 5 + 1 + 6 / 3.0 + 1,       // inner steps, H and G's fit, the starts forward only, the penalty
                "cimle", 9 / 3.0 + 1,              // the candidates forward only, H and G's fit
                "baseline", 1.0,                   // H and G's fit, no Lipschitz term
                "pix2pix", 1 / 3.0 + 1,            // D's fake forward only, H and G's fit; D not counted
                "context-encoder", 1 / 3.0 + 1,
                "dsgan", 1 / 3.0 + 2,              // D's fake forward only, H and G's fit at two codes z1 and z2
                "cvae", 1.0,                       // H and G's fit; the encoder not counted
                "bicyclegan", 2 / 3.0 + 2));       // D1's and D2's fakes forward only, G's fit at both codes; E not counted
        assertEquals(expected, passes(config));
    }

    @Test
    void oneStartAndSpectralNormalisationAddNoPass() {
        TrainingConfig config = TrainingConfig.builder().set(TrainingConfig.ITERATIONS, 1L)
                .set(TrainingConfig.INNER_STEPS, 20)
                .set(TrainingConfig.SEARCH_STARTS, 1).set(Cimle.SAMPLES, 1)
                .set(TrainingConfig.LIPSCHITZ, TrainingConfig.Lipschitz.SPECTRAL).build();
        Map<String, Double> p = passes(config);
        assertEquals(21.0, p.get("cgml"), "one start is not searched for; spectral normalisation passes no G");
        assertEquals(1 / 3.0 + 1, p.get("cimle"));
        assertEquals(List.of(1.0, 1.0), List.of(p.get("baseline"), p.get("cvae")));
    }

    @Test
    void noInnerStepFromTheBestOfMStartsCostsWhatConditionalImleCosts() {
        TrainingConfig config = TrainingConfig.builder().set(TrainingConfig.ITERATIONS, 1L)
                .set(TrainingConfig.INNER_STEPS, 0).set(TrainingConfig.SEARCH_STARTS, 10).set(Cimle.SAMPLES, 10)
                .set(TrainingConfig.LIPSCHITZ, TrainingConfig.Lipschitz.NONE).build();
        Map<String, Double> p = passes(config);
        assertEquals(10 / 3.0 + 1, p.get("cgml"), "the m starts forward only, then H and G's fit at the best");
        assertEquals(p.get("cimle"), p.get("cgml"));
    }

    @Test
    void theRuleItself() {
        assertEquals(1.0, Method.forwardOnly(3));
        assertEquals(1.0, Method.lipschitzPasses(TrainingConfig.Lipschitz.PENALTY));
        assertEquals(0.0, Method.lipschitzPasses(TrainingConfig.Lipschitz.NONE));
        assertEquals(0.0, Method.lipschitzPasses(TrainingConfig.Lipschitz.SPECTRAL));
    }
}
