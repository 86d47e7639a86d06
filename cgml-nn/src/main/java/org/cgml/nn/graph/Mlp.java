package org.cgml.nn.graph;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.LeakyRelu;
import org.tensorflow.types.TFloat32;

/** A multilayer perceptron: dense layers with LeakyReLU(0.2) between them and a linear last layer. */
public final class Mlp {
    private final List<Dense> layers = new ArrayList<>();

    /** {@code layers} dense layers in -> width -> ... -> out. */
    public Mlp(Weights weights, String name, long in, long width, int layers, long out) {
        long fanIn = in;
        for (int i = 0; i < layers; i++) {
            long units = i == layers - 1 ? out : width;
            this.layers.add(new Dense(weights, name + i, fanIn, units));
            fanIn = units;
        }
    }

    public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x) {
        Operand<TFloat32> a = x;
        for (int i = 0; i < layers.size(); i++) {
            a = layers.get(i).apply(tf, a);
            if (i < layers.size() - 1) {
                a = leaky(tf, a);
            }
        }
        return a;
    }

    static Operand<TFloat32> leaky(Ops tf, Operand<TFloat32> a) {
        return tf.nn.leakyRelu(a, LeakyRelu.alpha(0.2f));
    }
}
