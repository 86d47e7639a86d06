package org.cgml.nn.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.cgml.api.CostFamily;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.SyntheticTask;
import org.junit.jupiter.api.Test;

/** A method's own figures reach the generator fit (and so metrics.csv's columns) in the order it reported them. */
class ReportedFiguresTest {

    @Test
    void theFiguresKeepTheOrderTheMethodReportedThem() {
        List<String> names = List.of("zeta", "alpha", "mu", "beta", "omega", "delta", "kappa", "eta");
        TrainingConfig config = TrainingConfig.builder().set(TrainingConfig.ITERATIONS, 1L)
                .set(TrainingConfig.THREADS, 1).build();
        ModelGraph.Extension reporting = new ModelGraph.Extension() {
            @Override
            public Fit build(ModelGraph.Parts parts) {
                Fit.Fitted fitted = parts.fittedAt(parts.graph().z());
                for (int i = 0; i < names.size(); i++) {
                    parts.report(names.get(i), parts.tf().math.mul(fitted.meanCost(), parts.tf().constant((float) i)));
                }
                return Fit.of(fitted);
            }
        };
        try (ModelGraph g = new ModelGraph(SyntheticTask.vectors(2, 3, 2, CostFamily.l1()), config,
                TrainingConfig.Lipschitz.NONE, true, reporting)) {
            assertEquals(names, List.copyOf(g.generatorFit().figures().keySet()));
        }
    }
}
