package org.cgml.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything that defines a training run of Algorithm 1 (paper section 3) or of another training method: a value for
 * each setting ({@link Key}), read with {@link #get(Key)}. Built with {@link #builder()}: {@link #ITERATIONS} is the
 * one required setting, every other has a default (docs/DESIGN.md lists them); the engine's settings are the
 * constants below, a training method declares its own. Each value remembers where it came from (engine default, task
 * default, user), so the resolved config written into a run folder marks the defaults.
 */
public final class TrainingConfig {

    /** Learning-rate schedule shared by every optimizer of a run. */
    public enum Schedule {
        /** lr stays at its initial value. */
        CONSTANT,
        /** lr_t = lr * (1 + cos(pi t / iterations)) / 2, reaching 0 at the last iteration. */
        COSINE;

        /** The learning rate at iteration {@code iteration} (0-based) of {@code iterations}. */
        public float at(float lr, long iteration, long iterations) {
            if (this == CONSTANT) {
                return lr;
            }
            double progress = Math.min(1.0, (double) iteration / Math.max(1, iterations));
            return (float) (lr * 0.5 * (1 + Math.cos(Math.PI * progress)));
        }
    }

    /** How the Lipschitz constraint on G and Z is imposed (paper section 3.2). */
    public enum Lipschitz {
        /** lambda * |G(h + e, z + e) - G(h, z)|_1 with e ~ N(0, sigma^2), as the authors ran it. */
        PENALTY,
        /** Spectral normalisation of every weight of G and Z by one power iteration per training iteration. */
        SPECTRAL,
        /** No constraint. */
        NONE
    }

    /**
     * A bundle of engine defaults: this project's measured ones, or the paper's (docs/RESULTS.md compares them).
     * Setting a recipe changes only the values still at their engine default.
     */
    public enum Recipe {
        /**
         * This project's defaults: a short unrolled search from the best of several starts, Z fitted as a flow at
         * 1e-3.
         */
        TUNED,
        /**
         * The paper's Algorithm 1 and Eq. 4: l = 20 inner steps from one start, Z fitted on the steps at 1e-4,
         * T = 20.
         */
        PAPER;

        /**
         * The recipe's values of the engine's settings where they differ from the engine defaults (the defaults
         * stand for the keys it leaves out); a method's own keys carry theirs ({@link Key#paper}).
         */
        public List<Key.Value<?>> settings() {
            List<Key.Value<?>> out = new ArrayList<>();
            for (Key<?> k : KEYS) {
                if (!java.util.Objects.equals(value(k), k.defaultValue())) {
                    out.add(valueOf(k));
                }
            }
            return out;
        }

        /** The recipe's value of {@code key}: the default under tuned, {@link Key#paperValue} under paper. */
        public <T> T value(Key<T> key) {
            return this == PAPER ? key.paperValue() : key.defaultValue();
        }

        private <T> Key.Value<T> valueOf(Key<T> key) {
            return key.is(value(key));
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

    /** Training iterations in all (the run's total); the one setting without a default. */
    public static final Key<Long> ITERATIONS = Key.resumable("iterations", Long.class, null, Key.Rule.POSITIVE,
            "training iterations in all (the run's total)");
    /** Seed of data order, corruptions, z draws, Lipschitz noise and initialisation. */
    public static final Key<Long> SEED = Key.of("seed", Long.class, 1L, Key.Rule.ANY,
            "seed of data order, corruptions, z draws, noise and initialisation");
    /** The training method's name (a method plugin of the engine, e.g. {@code cgml} or {@code baseline}). */
    public static final Key<String> METHOD = Key.of("method", String.class, "cgml", Key.Rule.NAME,
            "training method (see 'cgml methods')");
    /** Examples per iteration. */
    public static final Key<Integer> BATCH_SIZE = Key.of("batch_size", Integer.class, 20, Key.Rule.POSITIVE,
            "examples per iteration");
    /** The bundle of engine defaults this config started from ({@link Recipe#PAPER}: Algorithm 1 and Eq. 4). */
    public static final Key<Recipe> RECIPE = Key.of("recipe", Recipe.class, Recipe.TUNED, Key.Rule.ANY,
            "engine defaults: tuned (this project's measured ones) or paper (Algorithm 1 and Eq. 4 as published)");
    /**
     * l, the number of inner latent steps of Algorithm 1 (tuned: 0, G fitted at the best of the m starts; see
     * docs/DESIGN.md).
     */
    public static final Key<Integer> INNER_STEPS = Key.of("inner_steps", Integer.class, 0, Key.Rule.NON_NEGATIVE,
            "inner latent steps l per iteration (Algorithm 1; 0: G fitted at the best of the m starts)")
            .paper(20);
    /** beta, the inner latent step size. */
    public static final Key<Float> BETA = Key.of("beta", Float.class, 0.003f, Key.Rule.POSITIVE,
            "inner latent step size beta").paper(0.1f);
    /**
     * Whether the inner step is beta times the task's {@link Task#stepScale()} (image tasks: the same step per pixel at
     * every image size) or beta as given (the paper's recipe).
     */
    public static final Key<Boolean> BETA_SCALED = Key.of("beta_scaled", Boolean.class, true, Key.Rule.ANY,
            "scale beta by the task's output size (image tasks: beta is the step at 16 x 16)").paper(false);
    /** alpha, the scale of the expected momentum rho_t = alpha ||z_{t+1} - z_t||. */
    public static final Key<Float> ALPHA = Key.of("alpha", Float.class, 1.0f, Key.Rule.NON_NEGATIVE,
            "momentum scale alpha, rho_t = alpha ||z_{t+1} - z_t||");
    /** Initial Adam learning rate of H and G. */
    public static final Key<Float> LEARNING_RATE = Key.of("learning_rate", Float.class, 1e-4f, Key.Rule.POSITIVE,
            "initial Adam learning rate of H and G");
    /** Initial Adam learning rate of the latent dynamics Z. */
    public static final Key<Float> DYNAMICS_LEARNING_RATE = Key.of("dynamics_learning_rate", Float.class, 1e-3f,
            Key.Rule.POSITIVE, "initial Adam learning rate of the latent dynamics Z")
            .paper(1e-4f);
    /** The learning-rate schedule shared by every optimizer. */
    public static final Key<Schedule> SCHEDULE = Key.of("schedule", Schedule.class, Schedule.CONSTANT, Key.Rule.ANY,
            "learning-rate schedule: constant or cosine");
    /** The Lipschitz form configured (a method without a latent search, such as the baseline, applies none). */
    public static final Key<Lipschitz> LIPSCHITZ = Key.of("lipschitz", Lipschitz.class, Lipschitz.NONE,
            Key.Rule.ANY, "Lipschitz constraint on G and Z: penalty, spectral or none").paper(Lipschitz.PENALTY);
    /** lambda, the weight of the Lipschitz penalty. */
    public static final Key<Float> LIPSCHITZ_WEIGHT = Key.of("lipschitz_weight", Float.class, 0.1f,
            Key.Rule.NON_NEGATIVE, "weight lambda of the Lipschitz penalty");
    /** sigma, the noise of the Lipschitz penalty. */
    public static final Key<Float> LIPSCHITZ_SIGMA = Key.of("lipschitz_sigma", Float.class, 1e-3f, Key.Rule.POSITIVE,
            "noise sigma of the Lipschitz penalty");
    /** The distance d of Eq. 1 (default: the task's own cost). */
    public static final Key<Distance> DISTANCE = Key.of("distance", Distance.class, Distance.TASK, Key.Rule.ANY,
            "distance d of Eq. 1: task (the task's own), l1 or l2");
    /**
     * q, how many of the l recorded inner steps (the last ones, nearest the mode the search converges to) Z is
     * fitted on; 0 means all l, as Algorithm 1 does.
     */
    public static final Key<Integer> DYNAMICS_TAIL = Key.of("dynamics_tail", Integer.class, 0, Key.Rule.NON_NEGATIVE,
            "dynamics_fit = step: fit Z on the last q inner steps of each search (0: all, as Algorithm 1)");
    /**
     * m, the search starts: prior codes drawn per sample, the inner steps starting from the one of lowest cost
     * (default 4; 1: Algorithm 1).
     */
    public static final Key<Integer> SEARCH_STARTS = Key.of("search_starts", Integer.class, 10, Key.Rule.POSITIVE,
            "search starts m: prior codes drawn per sample; its inner steps start from the one of lowest cost "
            + "(1: Algorithm 1)")
            .paper(1);
    /** What the latent dynamics Z is fitted to (default: a flow; the paper's recipe: the recorded steps). */
    public static final Key<DynamicsFit> DYNAMICS_FIT = Key.of("dynamics_fit", DynamicsFit.class, DynamicsFit.FLOW,
            Key.Rule.ANY,
            "what Z is fitted to: step (the recorded next codes, Eq. 4 to sample) or flow (flow matching z_0 -> z_l)")
            .paper(DynamicsFit.STEP);
    /** T, the sampling steps used when a command does not say (at most {@link #MAX_SAMPLING_STEPS}). */
    public static final Key<Integer> SAMPLING_STEPS = Key.resumable("sampling_steps", Integer.class, 20,
            Key.Rule.between(0, MAX_SAMPLING_STEPS, ": each sampling step is unrolled into the graph"),
            "sampling steps T (0 to " + MAX_SAMPLING_STEPS + "): the default of 'cgml sample', the bench and the "
            + "exported SavedModel's sampler");
    /** The precision asked for (resolved against the CPU and the network when the session is built). */
    public static final Key<Precision> PRECISION = Key.of("precision", Precision.class, Precision.AUTO, Key.Rule.ANY,
            "arithmetic: fp32, bf16 (oneDNN bfloat16; weights stay float32) or auto (bf16 only where measured)");
    /**
     * CPU threads for TensorFlow (intra- and inter-op); 0 means the processors this process may use, a SLURM task's
     * allocation among them ({@link #threads()}).
     */
    public static final Key<Integer> THREADS = Key.resumable("threads", Integer.class, 0, Key.Rule.NON_NEGATIVE,
            "CPU threads for TensorFlow (0: all this process may use)");
    /**
     * Devices H and G's fit is split over, data parallel: the batch cut into equal shards, one tower per device
     * ({@code /device:GPU:i} where TensorFlow sees GPUs, else {@code /device:CPU:i}), gradients averaged, one step.
     */
    public static final Key<Integer> DEVICES = Key.resumable("devices", Integer.class, 1, Key.Rule.POSITIVE,
            "devices H and G's fit is split over (data parallel; the batch size a multiple of it)");
    /** Iterations between checkpoints (0: only at the end). */
    public static final Key<Integer> CHECKPOINT_EVERY = Key.resumable("checkpoint_every", Integer.class, 500,
            Key.Rule.NON_NEGATIVE, "iterations between checkpoints (0: at the end)");

    /** The engine's settings in the order config.json lists them; training methods declare their own beside. */
    public static final List<Key<?>> KEYS = List.of(ITERATIONS, SEED, METHOD, BATCH_SIZE, RECIPE, INNER_STEPS, BETA,
            BETA_SCALED, ALPHA, LEARNING_RATE, DYNAMICS_LEARNING_RATE, SCHEDULE, LIPSCHITZ, LIPSCHITZ_WEIGHT, LIPSCHITZ_SIGMA,
            DISTANCE, DYNAMICS_TAIL, SEARCH_STARTS, DYNAMICS_FIT, SAMPLING_STEPS, PRECISION, THREADS,
            DEVICES, CHECKPOINT_EVERY);

    /**
     * The setting called {@code name} among the engine's and {@code declared} (those of the installed methods), or an
     * error listing them all; {@code steps}, the name before 0.1, reads as {@code iterations}.
     */
    public static Key<?> key(String name, Collection<? extends Key<?>> declared) {
        List<Key<?>> all = new ArrayList<>(KEYS);
        for (Key<?> k : declared) {
            if (!all.contains(k)) {
                all.add(k);
            }
        }
        return Key.named(name.equals("steps") ? ITERATIONS.name() : name, all);
    }

    private final Map<Key<?>, Object> values;
    private final Map<Key<?>, Origin> origins;
    private final List<Key<?>> declared;

    private TrainingConfig(Builder b) {
        Map<Key<?>, Object> ordered = new LinkedHashMap<>(); // the engine's keys in declaration order, then the rest
        for (Key<?> k : KEYS) {
            ordered.put(k, b.values.get(k));
        }
        ordered.putAll(b.values);
        this.values = Collections.unmodifiableMap(ordered);
        this.origins = Collections.unmodifiableMap(new LinkedHashMap<>(b.origins));
        this.declared = List.copyOf(b.declared);
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

    /** A builder holding this config's values, origins and declared keys, to change a few of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.values.putAll(values);
        b.origins.putAll(origins);
        b.declared.addAll(declared);
        return b;
    }

    /** The value of {@code key}: as set, or its default (a method's setting nobody set). */
    public <T> T get(Key<T> key) {
        if (values.containsKey(key)) {
            return key.type().cast(values.get(key));
        }
        return key == RECIPE ? key.defaultValue() : get(RECIPE).value(key); // a method's key left at its default
    }

    /** The value of {@code key} as config.json and the command line write it (enums in lower case). */
    public String text(Key<?> key) {
        return key.text(get(key));
    }

    /** Where the value of {@code key} came from ({@link Origin#DEFAULT} for a key this config holds no value of). */
    public Origin origin(Key<?> key) {
        return origins.getOrDefault(key, Origin.DEFAULT);
    }

    /** The keys this config holds values of: the engine's in order, then any method setting given a value. */
    public List<Key<?>> keys() {
        return List.copyOf(values.keySet());
    }

    /** CPU threads for TensorFlow: {@link #THREADS}, with 0 resolved to {@link #processors}. */
    public int threads() {
        int t = get(THREADS);
        return t > 0 ? t : processors(System.getenv(), Runtime.getRuntime().availableProcessors());
    }

    /**
     * The processors this process may use: the JVM's count ({@code available}), or fewer when it runs as a SLURM task
     * given fewer ({@code SLURM_CPUS_PER_TASK} in {@code env}), which a cluster without CPU binding does not show it.
     */
    static int processors(Map<String, String> env, int available) {
        String slurm = env.getOrDefault("SLURM_CPUS_PER_TASK", "");
        return slurm.matches("[1-9][0-9]{0,5}") ? Math.min(available, Integer.parseInt(slurm)) : available;
    }

    /** The cost of Eq. 1 that training minimises for {@code task}: its own, or with d replaced as configured. */
    public CostFamily cost(Task task) {
        return task.cost().withDistance(get(DISTANCE));
    }

    /** The values of {@link #keys()} in order, as strings (enums in lower case). */
    public Map<String, String> asStrings() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Key<?> k : values.keySet()) {
            out.put(k.name(), text(k));
        }
        return out;
    }

    @Override
    public String toString() {
        return asStrings().toString();
    }

    /**
     * Builder: {@link #ITERATIONS} is required; every other key has its default. Typed values go in with
     * {@link #set(Key, Object)}, text (config files, {@code --config}, flags) with {@link #set(String, String)}, which
     * knows the engine's keys and those {@link #declare declared} by the installed methods.
     */
    public static final class Builder {
        private final Map<Key<?>, Object> values = new LinkedHashMap<>();
        private final Map<Key<?>, Origin> origins = new LinkedHashMap<>();
        private final List<Key<?>> declared = new ArrayList<>();
        private Origin origin = Origin.USER;

        private Builder() {
            for (Key<?> k : KEYS) {
                if (k.defaultValue() != null) {
                    values.put(k, k.defaultValue());
                    origins.put(k, Origin.DEFAULT);
                }
            }
        }

        /** Marks the values set from now on as coming from {@code origin} (tasks apply theirs as TASK). */
        public Builder origin(Origin origin) {
            this.origin = origin;
            return this;
        }

        /**
         * Makes {@code keys} (the settings of the installed methods) known by name to {@link #set(String, String)};
         * a key is given a value only when one is set.
         */
        public Builder declare(Collection<? extends Key<?>> keys) {
            for (Key<?> k : keys) {
                if (KEYS.contains(k) || declared.contains(k)) {
                    continue;
                }
                for (Key<?> known : declared) {
                    if (known.name().equals(k.name())) {
                        throw new IllegalArgumentException("two settings are named '" + k.name() + "'");
                    }
                }
                if (KEYS.stream().anyMatch(e -> e.name().equals(k.name()))) {
                    throw new IllegalArgumentException("setting '" + k.name() + "' is the engine's");
                }
                declared.add(k);
            }
            return this;
        }

        /** Sets {@code key} to {@code value} (checked against the key's rule); a method's key is declared with it. */
        public <T> Builder set(Key<T> key, T value) {
            T checked = key.check(value);
            if (!KEYS.contains(key)) {
                declare(List.of(key));
            }
            values.put(key, checked);
            origins.put(key, origin);
            if (key == RECIPE) { // the values still at their engine default follow the recipe
                for (Key<?> k : KEYS) {
                    if (k != RECIPE && k.defaultValue() != null && origins.get(k) == Origin.DEFAULT) {
                        values.put(k, ((Recipe) value).value((Key<?>) k));
                    }
                }
            }
            return this;
        }

        /** Sets a value from its name and text (config files, {@code --config}, command-line flags). */
        public Builder set(String name, String text) {
            return parse(key(name, declared), text);
        }

        /** Sets {@code key} from its text (a flag's or {@code --config}'s value). */
        public <T> Builder parse(Key<T> key, String text) {
            return set(key, key.parse(text));
        }

        public TrainingConfig build() {
            if (!values.containsKey(ITERATIONS)) {
                throw new IllegalStateException("the number of training iterations is required: set "
                        + "TrainingConfig.ITERATIONS");
            }
            return new TrainingConfig(this);
        }
    }
}
