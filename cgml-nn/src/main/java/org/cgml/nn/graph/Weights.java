package org.cgml.nn.graph;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.framework.initializers.Glorot;
import org.tensorflow.framework.initializers.VarianceScaling;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Creates the variables of one network with seeded Glorot-uniform initialisation, and optionally
 * spectral-normalises its weights (Miyato et al. 2018): W / sigma(W), sigma from one power iteration
 * per training iteration whose vector u is itself a variable (so checkpoints resume it exactly). {@link #frozen}
 * weights are variables without initialiser or normalisation, to hold values computed elsewhere (an exported
 * model's).
 */
public final class Weights {

    private final Ops tf;
    private final String scope;
    private final long seed;
    private final boolean spectral;
    private final boolean initialised;
    /** For a {@link #stopped} or {@link #shared} view, the weights handed out again in order; else null. */
    private final List<Operand<TFloat32>> replayed;
    /** Whether a view's weights are handed out behind a stop-gradient ({@link #stopped}). */
    private final boolean stop;
    private final List<Variable<TFloat32>> variables = new ArrayList<>();
    private final List<Operand<TFloat32>> used = new ArrayList<>();
    private final List<Op> powerIterations = new ArrayList<>();
    private int counter;

    public Weights(Ops tf, String scope, long seed, boolean spectral) {
        this(tf, scope, seed, spectral, true);
    }

    private Weights(Ops tf, String scope, long seed, boolean spectral, boolean initialised) {
        this(tf, scope, seed, spectral, initialised, null);
    }

    private Weights(Ops tf, String scope, long seed, boolean spectral, boolean initialised,
                    List<Operand<TFloat32>> replayed) {
        this(tf, scope, seed, spectral, initialised, replayed, true);
    }

    private Weights(Ops tf, String scope, long seed, boolean spectral, boolean initialised,
                    List<Operand<TFloat32>> replayed, boolean stop) {
        this.tf = tf;
        this.scope = scope;
        this.seed = seed;
        this.spectral = spectral;
        this.initialised = initialised;
        this.replayed = replayed;
        this.stop = stop;
    }

    /**
     * These weights again, as the network built on them uses them, in the order they were created: the same network
     * built on the view (another device's tower) computes what the network computes, and its gradients reach these
     * variables, which {@link #variables} of the view lists. The view creates no variable and no power iteration.
     * Call it once the network is built.
     */
    public Weights shared() {
        Weights view = new Weights(tf, scope, seed, false, true, List.copyOf(used), false);
        view.variables.addAll(variables);
        return view;
    }

    /**
     * These weights as the network built on them uses them, each behind a stop-gradient, handed out in the order they
     * were created: the same network built again on the view computes what the network computes, and gradients
     * through it reach its input but not these weights. The view creates no variable (BicycleGAN's latent regression
     * E(G(x, z)) = z, which fits G and not the encoder E). Call it once the network is built.
     */
    public Weights stopped() {
        return new Weights(tf, scope, seed, false, true, List.copyOf(used));
    }

    /**
     * Weights named as {@code new Weights(tf, scope, ...)} names them, each a variable without initialiser that is
     * used as it is (never normalised): to be assigned the values another network's weights are used with.
     */
    public static Weights frozen(Ops tf, String scope) {
        return new Weights(tf, scope, 0, false, false);
    }

    /** All trainable variables created so far. */
    public List<Variable<TFloat32>> variables() {
        return variables;
    }

    /**
     * What each variable of {@link #variables} is used as by the network, in the same order: the variable itself, or
     * for a spectral-normalised weight W / sigma(W) at the current power-iteration vector.
     */
    public List<Operand<TFloat32>> used() {
        return used;
    }

    /** The power-iteration updates of the spectral-norm vectors; run them with each training iteration. */
    public List<Op> powerIterations() {
        return powerIterations;
    }

    /**
     * A weight of {@code shape}, Glorot-uniform initialised; returned spectral-normalised when enabled,
     * viewing the weight as a matrix whose columns are the last axis.
     */
    public Operand<TFloat32> weight(String name, long... shape) {
        if (replayed != null) {
            return replay(name, shape);
        }
        if (!initialised) {
            return uninitialised(name, shape);
        }
        Ops init = tf.withInitScope();
        long layerSeed = seed * 1_000_003L + (counter++);
        Glorot<TFloat32> glorot = new Glorot<>(VarianceScaling.Distribution.TRUNCATED_NORMAL, layerSeed);
        Variable<TFloat32> w = tf.withName(scope + "_" + name).variable(
                glorot.call(init, init.constant(shape), TFloat32.class));
        variables.add(w);
        if (!spectral) {
            used.add(w);
            return w;
        }
        long cols = shape[shape.length - 1];
        Operand<TFloat32> matrix = tf.reshape(w, tf.constant(new long[] {-1, cols}));
        Variable<TFloat32> u = tf.withName(scope + "_" + name + "_sn_u").variable(
                normalize(init, init.random.statelessRandomNormal(
                        init.constant(new long[] {cols, 1}), init.constant(new long[] {layerSeed, 7}))));
        Operand<TFloat32> v = normalize(tf, tf.linalg.matMul(matrix, u));                 // [rows, 1]
        Operand<TFloat32> uNew = normalize(tf, tf.linalg.matMul(matrix, v,
                org.tensorflow.op.linalg.MatMul.transposeA(true)));                      // [cols, 1]
        Operand<TFloat32> vFixed = tf.stopGradient(v);
        Operand<TFloat32> uFixed = tf.stopGradient(uNew);
        Operand<TFloat32> sigma = tf.reshape(tf.linalg.matMul(
                tf.linalg.matMul(vFixed, matrix, org.tensorflow.op.linalg.MatMul.transposeA(true)), uFixed),
                tf.constant(Shape.scalar().asArray()));
        powerIterations.add(tf.assign(u, uFixed));
        Operand<TFloat32> normalised = tf.math.div(w, sigma);
        used.add(normalised);
        return normalised;
    }

    /** The next of a {@link #stopped} view's weights, behind a stop-gradient. */
    private Operand<TFloat32> replay(String name, long... shape) {
        if (counter >= replayed.size() || !replayed.get(counter).shape().equals(Shape.of(shape))) {
            throw new IllegalStateException("the network built on this view of " + scope + " is not the one built on "
                    + scope + ": weight " + counter + " (" + name + ") differs");
        }
        Operand<TFloat32> w = replayed.get(counter++);
        if (!stop) {
            used.add(w);
            return w;
        }
        return tf.stopGradient(w);
    }

    private Variable<TFloat32> uninitialised(String name, long... shape) {
        Variable<TFloat32> v = tf.withName(scope + "_" + name).variable(Shape.of(shape), TFloat32.class);
        variables.add(v);
        used.add(v);
        return v;
    }

    private static Operand<TFloat32> normalize(Ops tf, Operand<TFloat32> column) {
        return tf.math.div(column, tf.math.sqrt(tf.math.add(tf.reduceSum(tf.math.square(column),
                tf.constant(new int[] {0, 1})), tf.constant(1e-12f))));
    }

    /** A bias of {@code size} units, initialised to zero (never normalised). */
    public Operand<TFloat32> bias(String name, long size) {
        if (replayed != null) {
            return replay(name, size);
        }
        if (!initialised) {
            return uninitialised(name, size);
        }
        Ops init = tf.withInitScope();
        Variable<TFloat32> b = tf.withName(scope + "_" + name).variable(
                init.fill(init.constant(new long[] {size}), init.constant(0f)));
        variables.add(b);
        used.add(b);
        return b;
    }
}
