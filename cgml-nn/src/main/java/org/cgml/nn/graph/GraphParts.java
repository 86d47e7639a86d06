package org.cgml.nn.graph;

import java.util.ArrayList;
import java.util.List;
import org.cgml.api.TrainingConfig;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.framework.optimizers.Optimizer;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The tools a method builds its graph pieces with, beside {@link ModelGraph.Parts}' placeholders and networks:
 * gradients, Adam steps at a fed learning rate, and noise reproducible from the fed seed.
 */
public abstract class GraphParts {
    private final Ops tf;
    private final Graph graph;
    private final Placeholder<TInt64> noiseSeed;
    private final TrainingConfig config;
    private final boolean training;
    private final boolean spectral;
    private final boolean penalty;

    GraphParts(Ops tf, Graph graph, Placeholder<TInt64> noiseSeed, TrainingConfig config, boolean training,
               boolean spectral, boolean penalty) {
        this.tf = tf;
        this.graph = graph;
        this.noiseSeed = noiseSeed;
        this.config = config;
        this.training = training;
        this.spectral = spectral;
        this.penalty = penalty;
    }

    public Ops tf() {
        return tf;
    }

    public TrainingConfig config() {
        return config;
    }

    /** Whether the model is built to train (else no optimizer and no training op). */
    public boolean training() {
        return training;
    }

    /** Whether the Lipschitz constraint is spectral normalisation of the weights. */
    public boolean spectral() {
        return spectral;
    }

    /** Whether the Lipschitz constraint is a penalty term in the objective. */
    public boolean penalty() {
        return penalty;
    }

    /** d loss / d w for each of {@code wrt}. */
    public List<Operand<TFloat32>> gradients(Operand<TFloat32> loss, List<? extends Operand<TFloat32>> wrt) {
        Gradients g = tf.gradients(loss, wrt);
        List<Operand<TFloat32>> out = new ArrayList<>();
        for (int i = 0; i < wrt.size(); i++) {
            out.add(g.dy(i));
        }
        return out;
    }

    /**
     * One Adam step named {@code name} of {@code vars} on {@code loss} at the fed learning rate {@code lr}, running
     * {@code with} (spectral-norm power iterations) beside it; null on a model built for sampling.
     */
    public Op adamStep(String name, Operand<TFloat32> loss, List<Variable<TFloat32>> vars, Operand<TFloat32> lr,
                       List<Op> with) {
        if (!training) {
            return null;
        }
        return applyGradients(name, gradients(loss, vars), vars, lr, with);
    }

    /**
     * One Adam step named {@code name} of {@code vars} at the gradients {@code grads} (in the order of {@code vars}) and
     * the fed learning rate {@code lr}, running {@code with} beside it.
     */
    public Op applyGradients(String name, List<Operand<TFloat32>> grads, List<Variable<TFloat32>> vars,
                             Operand<TFloat32> lr, List<Op> with) {
        List<Optimizer.GradAndVar<?>> pairs = new ArrayList<>();
        for (int i = 0; i < vars.size(); i++) {
            pairs.add(new Optimizer.GradAndVar<>(grads.get(i).asOutput(), vars.get(i).asOutput()));
        }
        Op apply = new ScheduledAdam(graph, name, lr).applyGradients(pairs, name);
        List<Op> all = new ArrayList<>(with);
        all.add(apply);
        return tf.withControlDependencies(all).withName(name + "_step").noOp();
    }

    /** The batch size of {@code t} as a one-element vector. */
    public Operand<TInt32> batchOf(Operand<TFloat32> t) {
        return tf.slice(tf.shape(t), tf.constant(new int[] {0}), tf.constant(new int[] {1}));
    }

    /**
     * The fed noise seed (run seed ^ stream, iteration) as stream k of the iteration: k goes into the high half of the
     * first part, so that no stream of one iteration is another stream of a nearby iteration or of a nearby seed.
     */
    public Operand<TInt64> seedPlus(long k) {
        if (k < 0 || k >= 1L << 31) {
            throw new IllegalArgumentException("noise stream k must be in [0, 2^31), got " + k);
        }
        return tf.math.add(noiseSeed, tf.constant(new long[] {k << 32, 0}));
    }

    /** sigma * N(0, 1) of shape [batch, width], reproducible from the fed seed and stream k. */
    public Operand<TFloat32> noise(Operand<TInt32> batch, long width, long k) {
        return tf.math.mul(tf.random.statelessRandomNormal(
                tf.concat(List.of(batch, tf.constant(new int[] {(int) width})), tf.constant(0)), seedPlus(k)),
                tf.constant(config.get(TrainingConfig.LIPSCHITZ_SIGMA)));
    }

    /** The training op {@code op}, refused (null) on a model built for sampling. */
    public static Op trainingOp(Op op) {
        if (op == null) {
            throw new IllegalStateException("this model was built for sampling: it has no training op");
        }
        return op;
    }
}
