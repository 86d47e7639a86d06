package org.cgml.nn.evaluation;

import org.cgml.api.Dataset;
import org.cgml.api.Task;

/**
 * The first {@code count} held-out examples of a test set, inputs and truths input-major, as every evaluation draws
 * them: example i with seed + i (its noise, its mask, its second mode), so that the same seed gives the same inputs to
 * a bench, a convergence probe and {@code cgml sample}.
 *
 * @param task the task the examples are of (a view's task), whose sizes lay them out
 */
public record HeldOut(Task task, int count, float[] inputs, float[] targets) {

    /** Examples {@code 0 .. count - 1} of {@code test}, example i drawn with {@code seed + i}. */
    public static HeldOut draw(Task task, Dataset test, int count, long seed) {
        int in = task.inputSize();
        int out = task.outputSize();
        float[] x = new float[count * in];
        float[] y = new float[count * out];
        for (int i = 0; i < count; i++) {
            test.example(i, seed + i, x, i * in, y, i * out);
        }
        return new HeldOut(task, count, x, y);
    }
}
