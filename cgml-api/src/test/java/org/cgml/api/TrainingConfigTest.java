package org.cgml.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TrainingConfigTest {

    @Test
    void threadsAtZeroAreTheProcessorsThisProcessMayUse() {
        assertEquals(16, TrainingConfig.processors(java.util.Map.of(), 16), "outside SLURM: what the JVM sees");
        assertEquals(4, TrainingConfig.processors(java.util.Map.of("SLURM_CPUS_PER_TASK", "4"), 16),
                "a SLURM task given 4 cores on a node of 16 it is not bound to");
        assertEquals(2, TrainingConfig.processors(java.util.Map.of("SLURM_CPUS_PER_TASK", "8"), 2),
                "never more than the JVM sees");
        assertEquals(16, TrainingConfig.processors(java.util.Map.of("SLURM_CPUS_PER_TASK", "0"), 16));
        assertEquals(16, TrainingConfig.processors(java.util.Map.of("SLURM_CPUS_PER_TASK", "x"), 16));
    }

    @Test
    void stepsAreRequired() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TrainingConfig.builder().build());
        assertEquals(true, e.getMessage().contains("TrainingConfig.ITERATIONS"), e.getMessage());
    }

    @Test
    void originsMarkDefaultsTaskAndUserValues() {
        TrainingConfig.Builder b = TrainingConfig.builder().origin(TrainingConfig.Origin.TASK)
                .set(TrainingConfig.ITERATIONS, 100L).set(TrainingConfig.BATCH_SIZE, 64);
        b.origin(TrainingConfig.Origin.USER).set(TrainingConfig.SEED, 9L);
        TrainingConfig c = b.build();
        assertEquals(TrainingConfig.Origin.TASK, c.origin(TrainingConfig.ITERATIONS));
        assertEquals(TrainingConfig.Origin.USER, c.origin(TrainingConfig.SEED));
        assertEquals(TrainingConfig.Origin.DEFAULT, c.origin(TrainingConfig.BETA));
        assertEquals(0.003f, c.get(TrainingConfig.BETA));
        assertEquals(0, c.get(TrainingConfig.INNER_STEPS));
    }

    /** recipe = paper moves the values still at their engine default to the paper's, and no others. */
    @Test
    void thePaperRecipeChangesOnlyTheDefaults() {
        TrainingConfig tuned = TrainingConfig.builder().set(TrainingConfig.ITERATIONS, 1L).build();
        assertEquals(TrainingConfig.Recipe.TUNED, tuned.get(TrainingConfig.RECIPE));
        assertEquals(10, tuned.get(TrainingConfig.SEARCH_STARTS));
        assertEquals(TrainingConfig.Lipschitz.NONE, tuned.get(TrainingConfig.LIPSCHITZ));
        assertEquals(TrainingConfig.DynamicsFit.FLOW, tuned.get(TrainingConfig.DYNAMICS_FIT));
        TrainingConfig paper = TrainingConfig.builder().set(TrainingConfig.ITERATIONS, 1L)
                .set(TrainingConfig.SEARCH_STARTS, 2).set("recipe", "paper")
                .build();
        assertEquals(20, paper.get(TrainingConfig.INNER_STEPS));
        assertEquals(0.1f, paper.get(TrainingConfig.BETA));
        assertEquals(TrainingConfig.Lipschitz.PENALTY, paper.get(TrainingConfig.LIPSCHITZ));
        assertEquals(TrainingConfig.DynamicsFit.STEP, paper.get(TrainingConfig.DYNAMICS_FIT));
        assertEquals(20, paper.get(TrainingConfig.SAMPLING_STEPS));
        assertEquals(1e-4f, paper.get(TrainingConfig.DYNAMICS_LEARNING_RATE));
        assertEquals(1e-3f, tuned.get(TrainingConfig.DYNAMICS_LEARNING_RATE));
        assertEquals(2, paper.get(TrainingConfig.SEARCH_STARTS), "a value the user set stays");
        assertEquals(TrainingConfig.Origin.DEFAULT, paper.origin(TrainingConfig.INNER_STEPS));
        TrainingConfig back = paper.toBuilder().set(TrainingConfig.RECIPE, TrainingConfig.Recipe.TUNED).build();
        assertEquals(0, back.get(TrainingConfig.INNER_STEPS));
        assertEquals(TrainingConfig.DynamicsFit.FLOW, back.get(TrainingConfig.DYNAMICS_FIT));
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
                b.set(TrainingConfig.ITERATIONS, 300L).set(TrainingConfig.BATCH_SIZE, 7);
            }
        };
        TrainingConfig c = TrainingConfig.forTask(task).set(TrainingConfig.BATCH_SIZE, 9).set(TrainingConfig.SEED, 4L)
                .build();
        assertEquals(300, c.get(TrainingConfig.ITERATIONS));
        assertEquals(9, c.get(TrainingConfig.BATCH_SIZE));
        assertEquals(TrainingConfig.Origin.TASK, c.origin(TrainingConfig.ITERATIONS));
        assertEquals(TrainingConfig.Origin.USER, c.origin(TrainingConfig.BATCH_SIZE));
        assertEquals(TrainingConfig.Origin.USER, c.origin(TrainingConfig.SEED));
        assertEquals(TrainingConfig.Origin.DEFAULT, c.origin(TrainingConfig.BETA));
    }

    @Test
    void valuesRoundTripThroughTheirText() {
        TrainingConfig c = TrainingConfig.builder().set(TrainingConfig.ITERATIONS, 5L)
                .set(TrainingConfig.SCHEDULE, TrainingConfig.Schedule.COSINE)
                .set(TrainingConfig.LIPSCHITZ, TrainingConfig.Lipschitz.SPECTRAL)
                .set(TrainingConfig.LEARNING_RATE, 3e-4f).build();
        TrainingConfig.Builder b = TrainingConfig.builder();
        c.asStrings().forEach(b::set);
        assertEquals(c.asStrings(), b.build().asStrings());
    }

    @Test
    void badValuesAreRejectedWithTheirName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.builder().set(TrainingConfig.ITERATIONS, -3L));
        assertEquals(true, e.getMessage().contains("iterations"));
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder()
                .set(TrainingConfig.BETA, Float.NaN));
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder().set("beta", "fast"));
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder().set("nope", "1"));
    }

    @Test
    void methodIsANameCheckedForShape() {
        TrainingConfig c = TrainingConfig.builder().set(TrainingConfig.ITERATIONS, 1L)
                .set(TrainingConfig.METHOD, "baseline").build();
        assertEquals("baseline", c.get(TrainingConfig.METHOD));
        assertEquals("baseline", TrainingConfig.builder().set(TrainingConfig.ITERATIONS, 1L).set("method", "baseline")
                .build().get(TrainingConfig.METHOD));
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder()
                .set(TrainingConfig.METHOD, "Not A Name"));
    }

    @Test
    void anUnknownKeyListsTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.builder().set("inner_stpes", "3"));
        assertEquals(true, e.getMessage().contains("inner_steps"), e.getMessage());
        assertEquals(true, e.getMessage().contains("valid keys"), e.getMessage());
    }

    /**
     * A key a plugin declares reads and writes as the engine's do: known by name once declared, checked by its rule,
     * listed after the engine's keys once set, and at its default (origin default) while nobody sets it.
     */
    @Test
    void aDeclaredKeyIsSetByNameAndKeptWithItsOrigin() {
        Key<Integer> draws = Key.of("draws", Integer.class, 10, Key.Rule.POSITIVE, "draws per sample");
        TrainingConfig unset = TrainingConfig.builder().set(TrainingConfig.ITERATIONS, 1L).build();
        assertEquals(10, unset.get(draws));
        assertEquals(TrainingConfig.Origin.DEFAULT, unset.origin(draws));
        assertEquals(false, unset.asStrings().containsKey("draws"));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.builder().set("draws", "3"));
        assertEquals(true, unknown.getMessage().contains("valid keys"), unknown.getMessage());
        TrainingConfig.Builder b = TrainingConfig.builder().declare(java.util.List.of(draws));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> b.set("draws", "0"));
        assertEquals("draws must be positive (got 0)", bad.getMessage());
        TrainingConfig c = b.set(TrainingConfig.ITERATIONS, 1L).set("draws", "3").build();
        assertEquals(3, c.get(draws));
        assertEquals(TrainingConfig.Origin.USER, c.origin(draws));
        java.util.List<String> names = new java.util.ArrayList<>(c.asStrings().keySet());
        assertEquals("draws", names.get(names.size() - 1), "a method's keys follow the engine's");
        assertEquals("iterations", names.get(0), "the engine's keys keep their order");
        assertEquals(3, c.toBuilder().build().get(draws));
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder()
                .declare(java.util.List.of(Key.of("beta", Float.class, 1f, Key.Rule.ANY, "a second beta"))));
    }

    /** The paper recipe names declared keys, each with a value of its type. */
    @Test
    void thePaperRecipeIsKeyedByKeys() {
        for (Key.Value<?> v : TrainingConfig.Recipe.PAPER.settings()) {
            assertEquals(true, TrainingConfig.KEYS.contains(v.key()), v.key().name());
            assertEquals(true, v.key().type().isInstance(v.value()), v.key().name());
        }
        java.util.Map<String, Object> paper = new java.util.TreeMap<>();
        for (Key.Value<?> v : TrainingConfig.Recipe.PAPER.settings()) {
            paper.put(v.key().name(), v.value());
        }
        assertEquals(java.util.Map.of("inner_steps", 20, "search_starts", 1, "dynamics_fit",
                TrainingConfig.DynamicsFit.STEP, "dynamics_learning_rate", 1e-4f, "beta", 0.1f, "beta_scaled", false,
                "lipschitz", TrainingConfig.Lipschitz.PENALTY), paper);
        assertEquals(0, TrainingConfig.Recipe.TUNED.settings().size());
    }

    /** A method's own key carries its value under the paper's recipe; a config left at the default reads it. */
    @Test
    void aMethodsKeyFollowsTheRecipe() {
        Key<Integer> pool = Key.of("pool", Integer.class, 2, Key.Rule.POSITIVE, "a tuned pool").paper(1);
        assertEquals(1, pool.paperValue());
        assertThrows(IllegalArgumentException.class, () -> Key.of("pool", Integer.class, 2, Key.Rule.POSITIVE,
                "a tuned pool").paper(0), "the paper's value obeys the rule");
        TrainingConfig tuned = TrainingConfig.builder().declare(java.util.List.of(pool))
                .set(TrainingConfig.ITERATIONS, 1L).build();
        assertEquals(2, tuned.get(pool));
        TrainingConfig paper = TrainingConfig.builder().declare(java.util.List.of(pool))
                .set(TrainingConfig.ITERATIONS, 1L).set(TrainingConfig.RECIPE, TrainingConfig.Recipe.PAPER).build();
        assertEquals(1, paper.get(pool));
        assertEquals(20, paper.get(TrainingConfig.INNER_STEPS));
        TrainingConfig set = TrainingConfig.builder().declare(java.util.List.of(pool)).set(TrainingConfig.ITERATIONS, 1L)
                .set(pool, 4).set(TrainingConfig.RECIPE, TrainingConfig.Recipe.PAPER).build();
        assertEquals(4, set.get(pool), "a value the user gave stays");
    }

    @Test
    void keysParseTheirTypesAndNameTheirChoices() {
        assertEquals(TrainingConfig.Schedule.COSINE, TrainingConfig.SCHEDULE.parse(" Cosine "));
        assertEquals(java.util.List.of("constant", "cosine"), TrainingConfig.SCHEDULE.choices());
        assertEquals("--inner-steps", TrainingConfig.INNER_STEPS.flag());
        assertEquals(null, TrainingConfig.ITERATIONS.defaultText());
        assertEquals("tuned", TrainingConfig.RECIPE.defaultText());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.SCHEDULE.parse("linear"));
        assertEquals("bad value 'linear' for schedule; use one of: constant, cosine", e.getMessage());
        assertEquals(TrainingConfig.ITERATIONS, TrainingConfig.key("steps", java.util.List.of()),
                "the name before 0.1 still reads");
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
        assertEquals(1000, TrainingConfig.builder().set(TrainingConfig.ITERATIONS, 1L).set("sampling_steps", "1000")
                .build().get(TrainingConfig.SAMPLING_STEPS));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.builder().set(TrainingConfig.ITERATIONS, 1L).set("sampling_steps", "10000000"));
        assertEquals("sampling_steps must be in [0, 1000]: each sampling step is unrolled into the graph (got 10000000)",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder()
                .set(TrainingConfig.SAMPLING_STEPS, 1001));
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder()
                .set(TrainingConfig.SAMPLING_STEPS, -1));
    }
}
