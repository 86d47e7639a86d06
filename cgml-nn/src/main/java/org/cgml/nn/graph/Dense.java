package org.cgml.nn.graph;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** A fully connected layer y = x W + b. */
public final class Dense {
    private final Operand<TFloat32> w;
    private final Operand<TFloat32> b;

    public Dense(Weights weights, String name, long in, long out) {
        this.w = weights.weight(name + "_w", in, out);
        this.b = weights.bias(name + "_b", out);
    }

    public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x) {
        return tf.nn.biasAdd(tf.linalg.matMul(x, w), b);
    }
}
