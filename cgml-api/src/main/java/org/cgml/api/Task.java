package org.cgml.api;

/**
 * One conditional-generation problem x -> {y}: its data, its cost family d, its shapes, how to show it,
 * and the latent space and network family the engine builds for it (paper section 3, Algorithm 1).
 */
public interface Task {

    /** Task id, equal to its provider's {@link TaskProvider#name()}. */
    String name();

    /** Train and test splits generated or read with this seed. */
    TaskData data(long seed);

    /**
     * The test split alone, as {@link #data} draws it with this seed: what sampling a trained model needs. A task
     * whose training split is costly to read overrides it so that sampling never reads that split.
     */
    default Dataset testData(long seed) {
        return data(seed).test();
    }

    /** Shape of one input x, without the batch axis (e.g. {@code [1]} or {@code [32, 32, 1]}). */
    int[] inputShape();

    /** Shape of one output y, without the batch axis. */
    int[] outputShape();

    /** Number of floats in one input. */
    default int inputSize() {
        return elements(inputShape());
    }

    /** Number of floats in one output. */
    default int outputSize() {
        return elements(outputShape());
    }

    /** Product of a shape's dimensions. */
    static int elements(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /**
     * Post-processes one sampled output given its input, in place (inpainting keeps the known pixels); the default
     * leaves it as the generator made it.
     */
    default void finish(float[] input, int inputOffset, float[] output, int outputOffset) {
    }

    /** The regression cost E = d(y, G(H(x), z)) and any extra batch terms. */
    CostFamily cost();

    /** The latent space z lives in. */
    LatentSpace latent();

    /** The network family the engine builds for H, G and Z. */
    Architecture architecture();

    /** How inputs and outputs are written for humans (CSV columns, images). */
    Presentation presentation();

    /** The task's own settings, shown by {@code cgml train --task T --help}; none by default. */
    default java.util.List<TaskOption> options() {
        return java.util.List.of();
    }

    /**
     * This task with some of its {@link #options()} set (names without dashes, values as text); options not given
     * keep their defaults. Unknown names or bad values throw {@link IllegalArgumentException} with a clear message.
     */
    default Task withOptions(java.util.Map<String, String> values) {
        if (!values.isEmpty()) {
            throw new IllegalArgumentException("task " + name() + " has no option " + values.keySet());
        }
        return this;
    }

    /**
     * Task-tuned defaults applied on top of the engine defaults, before the user's own settings;
     * the resolved config marks them as task defaults.
     */
    default void defaults(TrainingConfig.Builder builder) {
    }

    /**
     * The factor the inner step size beta is multiplied by ({@link TrainingConfig#BETA_SCALED}), so that one beta
     * means the same step whatever the size of the output: 1 by default; image tasks scale with their pixel count.
     */
    default double stepScale() {
        return 1.0;
    }

    /** How this task is scored on held-out data: its views and its own figures. */
    default Evaluation evaluation() {
        return Evaluation.NONE;
    }

    /**
     * The option settings a bench of this task trains separately by default (e.g. mnist-multimodal at p = 0.2 and
     * 0.3), each a map of {@link #options()}; one setting of the defaults unless the task says otherwise. A setting
     * the user fixes with an option replaces these.
     */
    default java.util.List<java.util.Map<String, String>> benchSettings() {
        return java.util.List.of(java.util.Map.of());
    }
}
