package org.cgml.api;

import java.util.List;

/**
 * How a task is scored on held-out data (the task owns its evaluation, as a Tribuo output type does): the views of
 * its test split a trained model is scored on (hole sizes, corruption kinds, ...) and the task's own figures for K
 * samples per held-out input. Figures every task gets (PSNR/SSIM or element-wise error, first sample and best of K,
 * diversity, timing) are added by the bench; a task adds only what is its own.
 */
public interface Evaluation {

    /** No views beyond the test split and no figures of the task's own. */
    Evaluation NONE = new Evaluation() {
    };

    /**
     * The held-out views of {@code task} (as configured) with its test split {@code test}; by default one unnamed
     * view of that split. A view may configure the task differently (e.g. another hole size), so it carries its task.
     */
    default List<View> views(Task task, Dataset test, long seed) {
        return List.of(new View("", task, test));
    }

    /** The task's own figures for K samples per input of one view; none by default. */
    default void score(Samples samples, Figures figures) {
    }

    /**
     * One held-out view: its name (empty for the plain test split; lower case, digits, '-', '.' and '='), the task
     * configured for it and its examples.
     */
    record View(String name, Task task, Dataset test) {
        public View {
            if (!name.matches("[a-z0-9=.-]*")) {
                throw new IllegalArgumentException("view names are lower case words, digits, '-', '.' and '=': " + name);
            }
        }
    }

    /**
     * What a method produced for {@code count} held-out inputs of one view.
     *
     * @param view    the view scored
     * @param seed    the run's seed: held-out example i was drawn with example seed {@code seed + i}
     * @param count   held-out inputs
     * @param modes   K, samples per input
     * @param inputs  {@code count} inputs, flat
     * @param targets their true outputs, flat
     * @param outputs K samples per input, input-major then mode
     * @param oracle  one output per input at the code the method finds when it knows the target, or null where the
     *                method has no such code (it says whether G holds a target's mode, apart from whether inference
     *                reaches it)
     * @param model   the trained model's frozen parts, for figures such as a linear probe on H
     */
    record Samples(View view, long seed, int count, int modes, float[] inputs, float[] targets, float[] outputs, float[] oracle,
                   Features model) {
        /** Output {@code k} of input {@code i}: its offset in {@link #outputs}. */
        public int outputOffset(int i, int k) {
            return (i * modes + k) * view.task().outputSize();
        }
    }

    /** The frozen encoder H of a trained model: h = H(x), flattened, {@code count * featureSize()} floats. */
    interface Features {
        int featureSize();

        float[] features(float[] inputs, int count);
    }

    /** Where figures go: one named value per metric, for the method scored or for a reference row. */
    interface Figures {
        /** A figure of the method scored (e.g. {@code share_box}). */
        void add(String metric, double value);

        /**
         * A figure of a reference that is not the method (e.g. {@code truth}, the corrupted {@code input},
         * {@code majority_class}); the bench reports it once per setting and view.
         */
        void reference(String reference, String metric, double value);
    }
}
