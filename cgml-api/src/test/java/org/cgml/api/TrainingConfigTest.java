package org.cgml.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TrainingConfigTest {

    @Test
    void stepsAreRequired() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TrainingConfig.builder().build());
        assertEquals(true, e.getMessage().contains("setIterations"));
    }

    @Test
    void originsMarkDefaultsTaskAndUserValues() {
        TrainingConfig.Builder b = TrainingConfig.builder().origin(TrainingConfig.Origin.TASK).setIterations(100).optBatchSize(64);
        b.origin(TrainingConfig.Origin.USER).optSeed(9);
        TrainingConfig c = b.build();
        assertEquals(TrainingConfig.Origin.TASK, c.origin(TrainingConfig.Key.ITERATIONS));
        assertEquals(TrainingConfig.Origin.USER, c.origin(TrainingConfig.Key.SEED));
        assertEquals(TrainingConfig.Origin.DEFAULT, c.origin(TrainingConfig.Key.BETA));
        assertEquals(0.1f, c.beta());
        assertEquals(3, c.innerSteps());
    }

    /** recipe = paper moves the values still at their engine default to the paper's, and no others. */
    @Test
    void thePaperRecipeChangesOnlyTheDefaults() {
        TrainingConfig tuned = TrainingConfig.builder().setIterations(1).build();
        assertEquals(TrainingConfig.Recipe.TUNED, tuned.recipe());
        assertEquals(4, tuned.searchStarts());
        assertEquals(TrainingConfig.DynamicsFit.FLOW, tuned.dynamicsFit());
        TrainingConfig paper = TrainingConfig.builder().setIterations(1).optSearchStarts(2).set("recipe", "paper")
                .build();
        assertEquals(20, paper.innerSteps());
        assertEquals(TrainingConfig.DynamicsFit.STEP, paper.dynamicsFit());
        assertEquals(20, paper.samplingSteps());
        assertEquals(1e-4f, paper.dynamicsLearningRate());
        assertEquals(1e-3f, tuned.dynamicsLearningRate());
        assertEquals(2, paper.searchStarts(), "a value the user set stays");
        assertEquals(TrainingConfig.Origin.DEFAULT, paper.origin(TrainingConfig.Key.INNER_STEPS));
        TrainingConfig back = paper.toBuilder().optRecipe(TrainingConfig.Recipe.TUNED).build();
        assertEquals(3, back.innerSteps());
        assertEquals(TrainingConfig.DynamicsFit.FLOW, back.dynamicsFit());
    }

    @Test
    void forTaskMarksTheTaskDefaultsAndThenTheUsersValues() {
        Task task = new Task() {
            public String name() {
                return "t";
            }

            public TaskData data(long seed) {
                throw new UnsupportedOperationException();
            }

            public int[] inputShape() {
                return new int[] {1};
            }

            public int[] outputShape() {
                return new int[] {1};
            }

            public CostFamily cost() {
                return CostFamily.l1();
            }

            public LatentSpace latent() {
                return LatentSpace.sphere(2);
            }

            public Architecture architecture() {
                return new Architecture.Mlp(8, 1, 4, 8);
            }

            public Presentation presentation() {
                return Presentation.indexed(1, 1);
            }

            @Override
            public void defaults(TrainingConfig.Builder b) {
                b.setIterations(300).optBatchSize(7);
            }
        };
        TrainingConfig c = TrainingConfig.forTask(task).optBatchSize(9).optSeed(4).build();
        assertEquals(300, c.iterations());
        assertEquals(9, c.batchSize());
        assertEquals(TrainingConfig.Origin.TASK, c.origin(TrainingConfig.Key.ITERATIONS));
        assertEquals(TrainingConfig.Origin.USER, c.origin(TrainingConfig.Key.BATCH_SIZE));
        assertEquals(TrainingConfig.Origin.USER, c.origin(TrainingConfig.Key.SEED));
        assertEquals(TrainingConfig.Origin.DEFAULT, c.origin(TrainingConfig.Key.BETA));
    }

    @Test
    void valuesRoundTripThroughTheirText() {
        TrainingConfig c = TrainingConfig.builder().setIterations(5).optSchedule(TrainingConfig.Schedule.COSINE)
                .optLipschitz(TrainingConfig.Lipschitz.SPECTRAL).optLearningRate(3e-4f).build();
        TrainingConfig.Builder b = TrainingConfig.builder();
        c.asStrings().forEach(b::set);
        assertEquals(c.asStrings(), b.build().asStrings());
    }

    @Test
    void badValuesAreRejectedWithTheirName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.builder().setIterations(-3));
        assertEquals(true, e.getMessage().contains("iterations"));
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder().optBeta(Float.NaN));
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder().set("beta", "fast"));
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder().set("nope", "1"));
    }

    @Test
    void methodIsANameCheckedForShape() {
        TrainingConfig c = TrainingConfig.builder().setIterations(1).optMethod("baseline").build();
        assertEquals("baseline", c.method());
        assertEquals("baseline", TrainingConfig.builder().setIterations(1).set("method", "baseline").build().method());
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder().optMethod("Not A Name"));
    }

    @Test
    void anUnknownKeyListsTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.builder().set("inner_stpes", "3"));
        assertEquals(true, e.getMessage().contains("inner_steps"), e.getMessage());
    }

    @Test
    void cosineScheduleDecaysToZero() {
        assertEquals(1e-3f, TrainingConfig.Schedule.COSINE.at(1e-3f, 0, 100), 1e-9);
        assertEquals(5e-4f, TrainingConfig.Schedule.COSINE.at(1e-3f, 50, 100), 1e-8);
        assertEquals(0f, TrainingConfig.Schedule.COSINE.at(1e-3f, 100, 100), 1e-9);
        assertEquals(1e-3f, TrainingConfig.Schedule.CONSTANT.at(1e-3f, 100, 100));
    }

    /** T is unrolled into the sampling graph: the rule bounds it, and says the bound. */
    @Test
    void samplingStepsHaveAnUpperBound() {
        assertEquals(1000, TrainingConfig.builder().setIterations(1).set("sampling_steps", "1000").build()
                .samplingSteps());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.builder().setIterations(1).set("sampling_steps", "10000000"));
        assertEquals("sampling_steps must be in [0, 1000]: each sampling step is unrolled into the graph (got 10000000)",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder().optSamplingSteps(1001));
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder().optSamplingSteps(-1));
    }
}
