package org.cgml.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything that defines a training run of Algorithm 1 (paper section 3) or of another training method. Built with
 * {@link #builder()}: {@code setIterations} is the one required part, every {@code optX} has a default from
 * the paper (docs/DESIGN.md lists them). Each value remembers where it came from (engine default, task default, user), so the
 * resolved config written into a run folder marks the defaults.
 */
public final class TrainingConfig {

    /** Learning-rate schedule shared by every optimizer of a run. */
    public enum Schedule {
        /** lr stays at its initial value. */
        CONSTANT,
        /** lr_t = lr * (1 + cos(pi t / steps)) / 2, reaching 0 at the last step. */
        COSINE;

        /** The learning rate at {@code step} of {@code steps}. */
        public float at(float lr, long step, long steps) {
            if (this == CONSTANT) {
                return lr;
            }
            double progress = Math.min(1.0, (double) step / Math.max(1, steps));
            return (float) (lr * 0.5 * (1 + Math.cos(Math.PI * progress)));
        }
    }

    /** How the Lipschitz constraint on G and Z is imposed (paper section 3.2). */
    public enum Lipschitz {
        /** lambda * |G(h + e, z + e) - G(h, z)|_1 with e ~ N(0, sigma^2), as the authors ran it. */
        PENALTY,
        /** Spectral normalisation of every weight of G and Z by one power iteration per step. */
        SPECTRAL,
        /** No constraint. */
        NONE
    }

    /**
     * A bundle of engine defaults: this project's measured ones, or the paper's (docs/RESULTS.md compares them).
     * Setting a recipe changes only the values still at their engine default.
     */
    public enum Recipe {
        /** This project's defaults: a short unrolled search from the best of several starts, Z fitted as a flow at 1e-3. */
        TUNED(Map.of()),
        /** The paper's Algorithm 1 and Eq. 4: l = 20 inner steps from one start, Z fitted on the steps at 1e-4, T = 20. */
        PAPER(Map.of("inner_steps", 20, "search_starts", 1, "dynamics_fit", DynamicsFit.STEP, "sampling_steps", 20,
                "dynamics_learning_rate", 1e-4f));

        private final Map<String, Object> values;

        Recipe(Map<String, Object> values) {
            this.values = values;
        }

        /** The recipe's value of {@code key} (the engine default where it says nothing). */
        Object value(Key key) {
            return values.getOrDefault(key.id(), key.fallback);
        }
    }

    /** What the latent dynamics Z is fitted to (Algorithm 1 step 3, or a flow between the search's ends). */
    public enum DynamicsFit {
        /** Z(h, z_t) regresses the recorded next code z_{t+1} and momentum rho_t with L1 (the paper); Eq. 4 samples. */
        STEP,
        /**
         * Flow matching: Z(h, z_s, s) regresses, with L2, the velocity of the geodesic from each search's z_0 to its
         * z_l at a uniform time s; sampling integrates it from s = 0 to 1 in T steps.
         */
        FLOW
    }

    /**
     * The arithmetic of a run's matrix products and convolutions. Variables, checkpoints and exports stay float32 in
     * every case; {@code BF16} lets TensorFlow's oneDNN pass compute in bfloat16 (docs/DESIGN.md, "Precision").
     */
    public enum Precision {
        /** float32 throughout. */
        FP32,
        /** oneDNN's bfloat16 rewrite of the session's graph; refused for training on a CPU without bfloat16. */
        BF16,
        /**
         * bf16 where the CPU has bfloat16 instructions and the network is one whose figures were shown to hold in
         * bf16, else fp32.
         */
        AUTO
    }

    /** Where a value came from. */
    public enum Origin {
        DEFAULT, TASK, USER;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The most sampling steps T a run, {@code cgml sample} or the bench accepts: each step is unrolled into the
     * sampling graph (about 50 times the paper's T = 20), so that a mistyped T fails at once instead of filling memory.
     */
    public static final int MAX_SAMPLING_STEPS = 1000;

    /** What a setting's value must satisfy. */
    enum Rule {
        ANY(""), POSITIVE("must be positive"), NON_NEGATIVE("must be >= 0"),
        NAME("must be a lower-case name (letters, digits, '-')"),
        STEPS("must be in [0, " + MAX_SAMPLING_STEPS + "]: each sampling step is unrolled into the graph");

        private final String says;

        Rule(String says) {
            this.says = says;
        }

        boolean holds(Object v) {
            return switch (this) {
                case ANY -> true;
                case POSITIVE -> v instanceof Number n && n.doubleValue() > 0 && Double.isFinite(n.doubleValue());
                case NON_NEGATIVE -> v instanceof Number n && n.doubleValue() >= 0 && Double.isFinite(n.doubleValue());
                case NAME -> v instanceof String t && t.matches("[a-z][a-z0-9-]*");
                case STEPS -> v instanceof Number n && n.longValue() >= 0 && n.longValue() <= MAX_SAMPLING_STEPS;
            };
        }
    }

    /**
     * Every training setting, declared once: its name in config.json and on the command line ({@code --config name=v},
     * and the flag {@code --name-with-dashes}), its engine default (its type), the rule its value obeys, a one-line
     * doc, and whether a resumed run may change it.
     */
    public enum Key {
        ITERATIONS("iterations", null, Rule.POSITIVE, "training iterations in all (the run's total)", true),
        SEED("seed", 1L, Rule.ANY, "seed of data order, corruptions, z draws, noise and initialisation", false),
        METHOD("method", "cgml", Rule.NAME, "training method (see 'cgml methods')", false),
        BATCH_SIZE("batch_size", 20, Rule.POSITIVE, "examples per iteration", false),
        RECIPE("recipe", Recipe.TUNED, Rule.ANY,
                "engine defaults: tuned (this project's measured ones) or paper (Algorithm 1 and Eq. 4 as published)",
                false),
        INNER_STEPS("inner_steps", 3, Rule.NON_NEGATIVE, "inner latent steps l per iteration (Algorithm 1)", false),
        BETA("beta", 0.1f, Rule.POSITIVE, "inner latent step size beta", false),
        ALPHA("alpha", 1.0f, Rule.NON_NEGATIVE, "momentum scale alpha, rho_t = alpha ||z_{t+1} - z_t||", false),
        LEARNING_RATE("learning_rate", 1e-4f, Rule.POSITIVE, "initial Adam learning rate of H and G", false),
        DYNAMICS_LEARNING_RATE("dynamics_learning_rate", 1e-3f, Rule.POSITIVE,
                "initial Adam learning rate of the latent dynamics Z", false),
        SCHEDULE("schedule", Schedule.CONSTANT, Rule.ANY, "learning-rate schedule: constant or cosine", false),
        LIPSCHITZ("lipschitz", Lipschitz.PENALTY, Rule.ANY, "Lipschitz constraint on G and Z: penalty, spectral or none",
                false),
        LIPSCHITZ_WEIGHT("lipschitz_weight", 0.1f, Rule.NON_NEGATIVE, "weight lambda of the Lipschitz penalty", false),
        LIPSCHITZ_SIGMA("lipschitz_sigma", 1e-3f, Rule.POSITIVE, "noise sigma of the Lipschitz penalty", false),
        DISTANCE("distance", Distance.TASK, Rule.ANY, "distance d of Eq. 1: task (the task's own), l1 or l2", false),
        DYNAMICS_TAIL("dynamics_tail", 0, Rule.NON_NEGATIVE,
                "dynamics_fit = step: fit Z on the last K inner steps of each search (0: all, as Algorithm 1)", false),
        SEARCH_STARTS("search_starts", 4, Rule.POSITIVE,
                "prior codes drawn per sample; its inner steps start from the one of lowest cost (1: Algorithm 1)",
                false),
        DYNAMICS_FIT("dynamics_fit", DynamicsFit.FLOW, Rule.ANY,
                "what Z is fitted to: step (the recorded next codes, Eq. 4 to sample) or flow (flow matching z_0 -> z_l)",
                false),
        SAMPLING_STEPS("sampling_steps", 20, Rule.STEPS,
                "sampling steps T (0 to " + MAX_SAMPLING_STEPS + "): the default of 'cgml sample', the bench and the exported "
                + "SavedModel's sampler", true),
        IMLE_SAMPLES("imle_samples", 10, Rule.POSITIVE,
                "conditional IMLE: prior codes m drawn per sample, the nearest to the target kept", false),
        GAN_LAMBDA("gan_lambda", 100f, Rule.NON_NEGATIVE,
                "pix2pix: weight lambda of the distance d beside the adversarial loss (pix2pix's 100)", false),
        ADVERSARIAL_WEIGHT("adversarial_weight", 0.001f, Rule.NON_NEGATIVE,
                "context-encoder: weight of the adversarial loss, 1 minus it on L2 (Pathak et al.'s 0.001)", false),
        KL_WEIGHT("kl_weight", 0.01f, Rule.NON_NEGATIVE,
                "cvae: weight of KL(q(z | x, y) || N(0, I)) beside the mean per-element cost", false),
        PRECISION("precision", Precision.AUTO, Rule.ANY,
                "arithmetic: fp32, bf16 (oneDNN bfloat16; weights stay float32) or auto (bf16 only where measured)",
                false),
        THREADS("threads", 0, Rule.NON_NEGATIVE, "CPU threads for TensorFlow (0: all)", true),
        CHECKPOINT_EVERY("checkpoint_every", 500, Rule.NON_NEGATIVE, "iterations between checkpoints (0: at the end)",
                true);

        private final String id;
        private final Object fallback;
        private final Rule rule;
        private final String doc;
        private final boolean resumable;

        Key(String id, Object fallback, Rule rule, String doc, boolean resumable) {
            this.id = id;
            this.fallback = fallback;
            this.rule = rule;
            this.doc = doc;
            this.resumable = resumable;
        }

        /** The name used in config files and with {@code --config}. */
        public String id() {
            return id;
        }

        /** The command-line flag, e.g. {@code --inner-steps}. */
        public String flag() {
            return "--" + id.replace('_', '-');
        }

        /** One line saying what the setting does. */
        public String doc() {
            return doc;
        }

        /** The engine default as text, or null where there is none (the required {@code steps}). */
        public String defaultText() {
            return fallback == null ? null : fallback instanceof Enum<?> e ? e.name().toLowerCase(Locale.ROOT)
                    : String.valueOf(fallback);
        }

        /** The values it takes when they are a fixed few (an enum's, in lower case), else none. */
        public java.util.List<String> choices() {
            if (fallback instanceof Enum<?> e) {
                return java.util.Arrays.stream(e.getDeclaringClass().getEnumConstants())
                        .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT)).toList();
            }
            return java.util.List.of();
        }

        /** Whether a resumed run may change it (the budget and the machine settings; nothing that shapes the model). */
        public boolean resumable() {
            return resumable;
        }

        /** Looks a key up by its file name ({@code steps}, the name before 0.1, reads as {@code iterations}). */
        public static Key of(String id) {
            if (id.equals("steps")) {
                return ITERATIONS;
            }
            for (Key k : values()) {
                if (k.id.equals(id)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown config key '" + id + "'; valid keys: "
                    + java.util.Arrays.stream(values()).map(Key::id).collect(java.util.stream.Collectors.joining(", ")));
        }

        /** The value of {@code text} for this key, of the key's type and obeying its rule. */
        Object parse(String text) {
            Object kind = this == ITERATIONS ? Long.valueOf(0) : fallback;
            Object v = null;
            try {
                if (kind instanceof String) {
                    v = text.trim();
                } else if (kind instanceof Long) {
                    v = Long.parseLong(text.trim());
                } else if (kind instanceof Integer) {
                    v = Integer.parseInt(text.trim());
                } else if (kind instanceof Float) {
                    v = Float.parseFloat(text.trim());
                } else if (kind instanceof Enum<?> e) {
                    for (Object c : e.getDeclaringClass().getEnumConstants()) {
                        if (((Enum<?>) c).name().equalsIgnoreCase(text.trim())) {
                            v = c;
                        }
                    }
                }
            } catch (NumberFormatException ex) {
                // reported below
            }
            if (v == null) {
                String allowed = kind instanceof Enum<?> e ? "; use one of: " + java.util.Arrays.stream(
                        e.getDeclaringClass().getEnumConstants()).map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT))
                        .collect(java.util.stream.Collectors.joining(", ")) : "";
                throw new IllegalArgumentException("bad value '" + text + "' for " + id + allowed);
            }
            return check(v);
        }

        /** {@code v} if it obeys this key's rule, else an error saying the rule. */
        Object check(Object v) {
            if (!rule.holds(v)) {
                throw new IllegalArgumentException(id + " " + rule.says + " (got " + v + ")");
            }
            return v;
        }
    }

    private final Map<Key, Object> values;
    private final Map<Key, Origin> origins;
    private final List<TrainingListener> listeners;

    private TrainingConfig(Builder b) {
        this.values = Collections.unmodifiableMap(new EnumMap<>(b.values));
        this.origins = Collections.unmodifiableMap(new EnumMap<>(b.origins));
        this.listeners = List.copyOf(b.listeners);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding {@code task}'s defaults (marked as task defaults) on top of the engine's, ready for the
     * user's own settings (marked as the user's from here on).
     */
    public static Builder forTask(Task task) {
        Builder b = builder().origin(Origin.TASK);
        task.defaults(b);
        return b.origin(Origin.USER);
    }

    /** A builder holding this config's values and origins, to change a few of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.values.putAll(values);
        b.origins.putAll(origins);
        b.listeners.addAll(listeners);
        return b;
    }

    /** Total number of training iterations (batches). */
    public long iterations() {
        return (Long) values.get(Key.ITERATIONS);
    }

    /** Seed of data order, corruptions, z draws, Lipschitz noise and initialisation. */
    public long seed() {
        return (Long) values.get(Key.SEED);
    }

    /** The training method's name (a {@code Method} plugin of the engine, e.g. {@code cgml} or {@code baseline}). */
    public String method() {
        return (String) values.get(Key.METHOD);
    }

    public int batchSize() {
        return (Integer) values.get(Key.BATCH_SIZE);
    }

    /** l, the number of inner latent steps of Algorithm 1. */
    public int innerSteps() {
        return (Integer) values.get(Key.INNER_STEPS);
    }

    /** beta, the inner latent step size. */
    public float beta() {
        return (Float) values.get(Key.BETA);
    }

    /** alpha, the scale of the expected momentum rho_t = alpha ||z_{t+1} - z_t||. */
    public float alpha() {
        return (Float) values.get(Key.ALPHA);
    }

    /** Initial Adam learning rate of H and G. */
    public float learningRate() {
        return (Float) values.get(Key.LEARNING_RATE);
    }

    /** Initial Adam learning rate of the latent dynamics Z. */
    public float dynamicsLearningRate() {
        return (Float) values.get(Key.DYNAMICS_LEARNING_RATE);
    }

    public Schedule schedule() {
        return (Schedule) values.get(Key.SCHEDULE);
    }

    /** The Lipschitz form configured (a method without a latent search, such as the baseline, applies none). */
    public Lipschitz lipschitz() {
        return (Lipschitz) values.get(Key.LIPSCHITZ);
    }

    public float lipschitzWeight() {
        return (Float) values.get(Key.LIPSCHITZ_WEIGHT);
    }

    public float lipschitzSigma() {
        return (Float) values.get(Key.LIPSCHITZ_SIGMA);
    }

    /**
     * How many of the l recorded inner steps (the last ones, nearest the mode the search converges to) Z is fitted
     * on; 0 means all l, as Algorithm 1 does.
     */
    public int dynamicsTail() {
        return (Integer) values.get(Key.DYNAMICS_TAIL);
    }

    /** Prior codes drawn per sample, the inner steps starting from the one of lowest cost (1: Algorithm 1). */
    public int searchStarts() {
        return (Integer) values.get(Key.SEARCH_STARTS);
    }

    /** The bundle of engine defaults this config started from. */
    public Recipe recipe() {
        return (Recipe) values.get(Key.RECIPE);
    }

    /** What the latent dynamics Z is fitted to. */
    public DynamicsFit dynamicsFit() {
        return (DynamicsFit) values.get(Key.DYNAMICS_FIT);
    }

    /** T, the sampling steps used when a command does not say (at most {@link #MAX_SAMPLING_STEPS}). */
    public int samplingSteps() {
        return (Integer) values.get(Key.SAMPLING_STEPS);
    }

    public Distance distance() {
        return (Distance) values.get(Key.DISTANCE);
    }

    /** The cost of Eq. 1 that training minimises for {@code task}: its own, or with d replaced as configured. */
    public CostFamily cost(Task task) {
        return task.cost().withDistance(distance());
    }

    /** pix2pix's lambda: the weight of the distance d beside the adversarial loss. */
    public float ganLambda() {
        return (Float) values.get(Key.GAN_LAMBDA);
    }

    /** The Context Encoder's weight of the adversarial loss (the L2 reconstruction gets 1 minus it). */
    public float adversarialWeight() {
        return (Float) values.get(Key.ADVERSARIAL_WEIGHT);
    }

    /** The cVAE's weight of its KL term. */
    public float klWeight() {
        return (Float) values.get(Key.KL_WEIGHT);
    }

    /** m, the prior codes conditional IMLE draws per sample and iteration (it keeps the nearest). */
    public int imleSamples() {
        return (Integer) values.get(Key.IMLE_SAMPLES);
    }

    /** The precision asked for (resolved against the CPU and the network when the session is built). */
    public Precision precision() {
        return (Precision) values.get(Key.PRECISION);
    }

    /** CPU threads for TensorFlow (intra- and inter-op); 0 means all available processors. */
    public int threads() {
        int t = (Integer) values.get(Key.THREADS);
        return t > 0 ? t : Runtime.getRuntime().availableProcessors();
    }

    /** Steps between checkpoints (0: only at the end). */
    public int checkpointEvery() {
        return (Integer) values.get(Key.CHECKPOINT_EVERY);
    }

    public List<TrainingListener> listeners() {
        return listeners;
    }

    /** Where each value came from. */
    public Origin origin(Key key) {
        return origins.get(key);
    }

    /** The resolved values in declaration order, as strings (enums in lower case). */
    public Map<String, String> asStrings() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Key k : Key.values()) {
            Object v = values.get(k);
            out.put(k.id(), v instanceof Enum<?> e ? e.name().toLowerCase(Locale.ROOT) : String.valueOf(v));
        }
        return out;
    }

    @Override
    public String toString() {
        return asStrings().toString();
    }

    /** Builder: {@code setIterations} is required; {@code optX} values default to the engine defaults. */
    public static final class Builder {
        private final Map<Key, Object> values = new EnumMap<>(Key.class);
        private final Map<Key, Origin> origins = new EnumMap<>(Key.class);
        private final List<TrainingListener> listeners = new ArrayList<>();
        private Origin origin = Origin.USER;

        private Builder() {
            for (Key k : Key.values()) {
                if (k.fallback != null) {
                    values.put(k, k.fallback);
                    origins.put(k, Origin.DEFAULT);
                }
            }
        }

        /** Marks the values set from now on as coming from {@code origin} (tasks apply theirs as TASK). */
        public Builder origin(Origin origin) {
            this.origin = origin;
            return this;
        }

        private Builder put(Key key, Object value) {
            values.put(key, key.check(value));
            origins.put(key, origin);
            if (key == Key.RECIPE) { // the values still at their engine default follow the recipe
                for (Key k : Key.values()) {
                    if (k != Key.RECIPE && k.fallback != null && origins.get(k) == Origin.DEFAULT) {
                        values.put(k, ((Recipe) value).value(k));
                    }
                }
            }
            return this;
        }

        /** The bundle of engine defaults: {@link Recipe#PAPER} for Algorithm 1 and Eq. 4 as published. */
        public Builder optRecipe(Recipe recipe) {
            return put(Key.RECIPE, recipe);
        }

        /** Sets a value from its name and text (config files, {@code --config}, command-line flags). */
        public Builder set(String id, String text) {
            Key key = Key.of(id);
            return put(key, key.parse(text));
        }

        /** Required: total training iterations. */
        public Builder setIterations(long iterations) {
            return put(Key.ITERATIONS, iterations);
        }

        public Builder optSeed(long seed) {
            return put(Key.SEED, seed);
        }

        /** The training method by name (lower case, digits and '-'); the engine checks that it is installed. */
        public Builder optMethod(String method) {
            return put(Key.METHOD, method);
        }

        public Builder optBatchSize(int batchSize) {
            return put(Key.BATCH_SIZE, batchSize);
        }

        public Builder optInnerSteps(int l) {
            return put(Key.INNER_STEPS, l);
        }

        public Builder optBeta(float beta) {
            return put(Key.BETA, beta);
        }

        public Builder optAlpha(float alpha) {
            return put(Key.ALPHA, alpha);
        }

        public Builder optLearningRate(float lr) {
            return put(Key.LEARNING_RATE, lr);
        }

        public Builder optDynamicsLearningRate(float lr) {
            return put(Key.DYNAMICS_LEARNING_RATE, lr);
        }

        public Builder optSchedule(Schedule schedule) {
            return put(Key.SCHEDULE, schedule);
        }

        public Builder optLipschitz(Lipschitz lipschitz) {
            return put(Key.LIPSCHITZ, lipschitz);
        }

        public Builder optLipschitzWeight(float weight) {
            return put(Key.LIPSCHITZ_WEIGHT, weight);
        }

        public Builder optLipschitzSigma(float sigma) {
            return put(Key.LIPSCHITZ_SIGMA, sigma);
        }

        /** Fit Z on the last {@code steps} inner steps of each search only (default 0: all of them). */
        public Builder optDynamicsTail(int steps) {
            return put(Key.DYNAMICS_TAIL, steps);
        }

        /** Prior codes drawn per sample, the search starting from the best (default 1, as Algorithm 1). */
        public Builder optSearchStarts(int starts) {
            return put(Key.SEARCH_STARTS, starts);
        }

        /** What Z is fitted to (default: the recorded steps, as the paper). */
        public Builder optDynamicsFit(DynamicsFit fit) {
            return put(Key.DYNAMICS_FIT, fit);
        }

        /** T, the sampling steps commands use by default. */
        public Builder optSamplingSteps(int steps) {
            return put(Key.SAMPLING_STEPS, steps);
        }

        /** The distance d of Eq. 1 (default: the task's own cost). */
        public Builder optDistance(Distance distance) {
            return put(Key.DISTANCE, distance);
        }

        /** The arithmetic: fp32, bf16 or auto (default). */
        public Builder optPrecision(Precision precision) {
            return put(Key.PRECISION, precision);
        }

        public Builder optThreads(int threads) {
            return put(Key.THREADS, threads);
        }

        public Builder optCheckpointEvery(int every) {
            return put(Key.CHECKPOINT_EVERY, every);
        }

        /** Adds a listener told of progress (not part of the recorded config). */
        public Builder addListener(TrainingListener listener) {
            listeners.add(listener);
            return this;
        }

        public TrainingConfig build() {
            if (!values.containsKey(Key.ITERATIONS)) {
                throw new IllegalStateException("the number of training iterations is required: call setIterations");
            }
            return new TrainingConfig(this);
        }
    }
}
