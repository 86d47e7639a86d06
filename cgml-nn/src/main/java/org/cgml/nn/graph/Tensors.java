package org.cgml.nn.graph;

import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** Copies between Java float arrays and float32 tensors (the caller closes the tensors). */
public final class Tensors {
    private Tensors() {
    }

    /** A tensor of {@code shape} holding {@code data} (row-major; sizes must agree). */
    public static TFloat32 of(float[] data, long... shape) {
        return TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(data, true, false));
    }

    /** A scalar tensor. */
    public static TFloat32 scalar(float value) {
        return TFloat32.scalarOf(value);
    }

    /** The tensor's values as a new array. */
    public static float[] read(Tensor tensor) {
        TFloat32 t = (TFloat32) tensor;
        float[] out = new float[(int) t.shape().size()];
        t.copyTo(DataBuffers.of(out, false, false));
        return out;
    }

    /** The batch shape {@code [batch, dims...]}. */
    public static long[] batched(int batch, int[] dims) {
        long[] s = new long[dims.length + 1];
        s[0] = batch;
        for (int i = 0; i < dims.length; i++) {
            s[i + 1] = dims[i];
        }
        return s;
    }
}
