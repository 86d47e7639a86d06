package org.cgml.nn;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.ServiceLoader;
import org.cgml.api.Key;
import org.cgml.api.Task;
import org.cgml.api.TrainingConfig;

/**
 * A training method (cGML, the regression baseline, and the peers a bench compares): one class found through
 * {@link ServiceLoader} ({@code provides org.cgml.nn.Method with ...}). It builds, for a task and a training config,
 * the model it trains: graph pieces, optimizers, checkpointed state, sampler and any figures of its own.
 */
public interface Method {

    /** Name used in configs and on the command line, e.g. {@code cgml}; lower case, digits and '-'. */
    String name();

    /** One line saying what the method does (shown by {@code cgml methods}). */
    String description();

    /**
     * The settings this method declares beside the engine's (e.g. conditional IMLE's {@code imle_samples}): known to
     * config.json, {@code cgml train}'s flags and {@code --config}, and {@code --methods METHOD:KEY=VALUE} as the
     * engine's are. None by default.
     */
    default List<Key<?>> settings() {
        return List.of();
    }

    /**
     * The engine settings only a latent search reads (cGML's inner loop, Z and the Lipschitz term on them, and the
     * recipe that sets their defaults): a method without one reads none of them.
     */
    List<Key<?>> LATENT_SEARCH_SETTINGS = List.of(TrainingConfig.RECIPE, TrainingConfig.INNER_STEPS,
            TrainingConfig.BETA, TrainingConfig.BETA_SCALED, TrainingConfig.ALPHA, TrainingConfig.DYNAMICS_LEARNING_RATE,
            TrainingConfig.LIPSCHITZ, TrainingConfig.LIPSCHITZ_WEIGHT, TrainingConfig.LIPSCHITZ_SIGMA,
            TrainingConfig.DYNAMICS_TAIL, TrainingConfig.SEARCH_STARTS, TrainingConfig.DYNAMICS_FIT);

    /**
     * Whether training this method under {@code config} reads the engine setting {@code key}: a bench reuses a run
     * trained under another value of a setting its method does not read (so a new cGML default does not retrain the
     * peers). Every setting, unless the method says otherwise; a method without a latent search reads none of
     * {@link #LATENT_SEARCH_SETTINGS} ({@link org.cgml.nn.method.WithoutLatentSearch}), and another of config's values
     * may leave a setting idle (cGML without inner steps never reads the step's size).
     */
    default boolean reads(Key<?> key, TrainingConfig config) {
        return true;
    }

    /** The method's model for {@code task}, freshly initialised from {@code config}'s seed. */
    MethodModel build(Task task, TrainingConfig config);

    /**
     * The method's model for sampling only: no optimizer and no training op, so restoring a checkpoint into it loads
     * the weights and nothing of the optimizer state; {@link MethodModel#trainStep} is refused. By default the
     * training model.
     */
    default MethodModel buildForSampling(Task task, TrainingConfig config) {
        return build(task, config);
    }

    /** The Lipschitz constraint this method applies under {@code config} (recorded in the run). */
    default TrainingConfig.Lipschitz lipschitz(TrainingConfig config) {
        return config.get(TrainingConfig.LIPSCHITZ);
    }

    /**
     * Generator passes per training sample and iteration, the price a bench reports beside seconds per iteration,
     * counted by one rule (docs/DESIGN.md, section 9): a pass of G followed by a backward one (to its weights or to z)
     * counts 1, a forward-only pass {@link #forwardOnly 1/3} (a backward costs about two forwards); passes of other
     * networks (Z, D, an encoder) are not counted. By default H and G's fit, plus the pass at perturbed inputs that
     * the Lipschitz penalty adds: {@code 1 + }{@link #lipschitzPasses}.
     */
    default double generatorPasses(TrainingConfig config) {
        return 1 + lipschitzPasses(lipschitz(config));
    }

    /** {@code passes} forward-only passes of G, in generator passes: a third each. */
    static double forwardOnly(int passes) {
        return passes / 3.0;
    }

    /**
     * The generator passes the Lipschitz constraint {@code form} adds to H and G's fit: 1 for the penalty (G at
     * (h + e, z + e), with its backward), else 0.
     */
    static double lipschitzPasses(TrainingConfig.Lipschitz form) {
        return form == TrainingConfig.Lipschitz.PENALTY ? 1 : 0;
    }

    /**
     * Refuses, with a message saying why, a task or settings this method cannot train (checked before a run folder
     * is written); by default it serves every task.
     */
    default void check(Task task, TrainingConfig config) {
    }

    /** The settings declared by {@code methods}, each once, in their order. */
    static List<Key<?>> settings(Collection<Method> methods) {
        List<Key<?>> out = new ArrayList<>();
        for (Method m : methods) {
            for (Key<?> k : m.settings()) {
                if (!out.contains(k)) {
                    out.add(k);
                }
            }
        }
        return out;
    }

    /** Every method on the module path (or class path), in {@link ServiceLoader} order. */
    static List<Method> installed() {
        return ServiceLoader.load(Method.class).stream().map(ServiceLoader.Provider::get).toList();
    }

    /** The method called {@code name} among {@code methods}, or an error listing the known ones. */
    static Method named(String name, List<Method> methods) {
        for (Method m : methods) {
            if (m.name().equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown method '" + name + "'; known methods: "
                + String.join(", ", methods.stream().map(Method::name).toList()));
    }
}
