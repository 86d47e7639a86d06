package org.cgml.nn.graph;

import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.framework.optimizers.Optimizer;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * Adam (Kingma and Ba 2015) on the framework's {@link Optimizer} machinery, with the learning rate an
 * operand (fed every step) so that any schedule applies; the framework's own Adam bakes it in as a constant.
 * Slots and beta powers are graph variables, so {@code Session.save} checkpoints them.
 */
final class ScheduledAdam extends Optimizer {
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final String name;
    private final Operand<TFloat32> learningRate;
    private Variable<TFloat32> beta1Power;
    private Variable<TFloat32> beta2Power;

    ScheduledAdam(Graph graph, String name, Operand<TFloat32> learningRate) {
        super(graph, name);
        this.name = name;
        this.learningRate = learningRate;
    }

    @Override
    protected void createSlots(List<Output<? extends TType>> variables) {
        Ops init = tf.withInitScope();
        for (Output<? extends TType> v : variables) {
            Output<TFloat32> var = floats(v);
            createSlot(var, "m", init.fill(init.constant(var.shape().asArray()), init.constant(0f)));
            createSlot(var, "v", init.fill(init.constant(var.shape().asArray()), init.constant(0f)));
        }
        beta1Power = tf.withInitScope().withName(name + "_beta1_power").variable(init.constant(BETA1));
        beta2Power = tf.withInitScope().withName(name + "_beta2_power").variable(init.constant(BETA2));
    }

    @Override
    @SuppressWarnings("unchecked")
    protected <T extends TType> Op applyDense(Ops ops, Output<T> gradient, Output<T> variable) {
        Output<TFloat32> var = floats(variable);
        Variable<TFloat32> m = getSlot(var, "m").orElseThrow();
        Variable<TFloat32> v = getSlot(var, "v").orElseThrow();
        return ops.train.applyAdam(var, m, v, beta1Power, beta2Power, learningRate, ops.constant(BETA1),
                ops.constant(BETA2), ops.constant(EPSILON), (Operand<TFloat32>) gradient);
    }

    @Override
    protected Op finish(List<Op> updates, String opName) {
        Ops deps = tf.withControlDependencies(updates);
        updates.add(deps.assign(beta1Power, deps.math.mul(beta1Power, deps.constant(BETA1))));
        updates.add(deps.assign(beta2Power, deps.math.mul(beta2Power, deps.constant(BETA2))));
        return super.finish(updates, opName);
    }

    @Override
    public String getOptimizerName() {
        return "ScheduledAdam";
    }

    @SuppressWarnings("unchecked")
    private static Output<TFloat32> floats(Output<?> output) {
        if (output.type() != TFloat32.class) {
            throw new IllegalArgumentException("ScheduledAdam trains float32 variables only");
        }
        return (Output<TFloat32>) output;
    }

}
