package org.cgml.nn.graph;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
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

    /**
     * LeakyReLU(0.2) as max(0.2 a, a), not TensorFlow's LeakyRelu op. With oneDNN (TF_ENABLE_ONEDNN_OPTS=1) Grappler's
     * remapper first fuses Conv2D + BiasAdd into a _FusedConv2D that keeps the BiasAdd's name (the BiasAdd has two
     * readers: the activation and the gradient's LeakyReluGrad), then fuses LeakyRelu into that node without checking
     * its other readers, deletes it, and fails ("remapper failed: INVALID_ARGUMENT: Mutation::Apply error: fanout
     * 'Gradients/LeakyReluGrad' exist for missing node 'BiasAdd'"), which drops every remapper fusion of the graph.
     * The forward values are the same bits (a for a > 0, the product 0.2 a otherwise), and so is the gradient:
     * Maximum sends it to its first argument on ties, so at a = 0 it is 0.2 g as LeakyReluGrad's.
     */
    public static Operand<TFloat32> leaky(Ops tf, Operand<TFloat32> a) {
        return tf.math.maximum(tf.math.mul(a, tf.constant(0.2f)), a);
    }
}
