package org.cgml.api;

/** Told of a training run's progress: for progress bars, loss logs and checkpoints. All methods are optional. */
public interface TrainingListener {

    /** Before the first step of this process (also after a resume, with {@code firstStep > 0}). */
    default void onBegin(TrainingConfig config, long firstStep) {
    }

    /** After every iteration. */
    default void onStep(StepInfo step) {
    }

    /** When the batcher starts a new epoch. */
    default void onEpoch(long epoch) {
    }

    /** After the last step (also when stopped early). */
    default void onEnd(long lastStep) {
    }

    /**
     * One iteration's figures.
     *
     * @param step         1-based number of the iteration just done
     * @param totalSteps   the run's configured total
     * @param cost         mean per-sample cost E(z_l) over the batch (Eq. 1)
     * @param dynamicsLoss L1 loss of Z on the recorded (z_t, z_{t+1}, rho_t); 0 for the baseline
     * @param lipschitz    the Lipschitz penalty term (0 when not a penalty)
     * @param learningRate the H/G learning rate used
     * @param nanos        wall time of this iteration
     * @param extra        the training method's own figures of the iteration by name (none for cGML and the baseline)
     */
    record StepInfo(long step, long totalSteps, float cost, float dynamicsLoss, float lipschitz,
                    float learningRate, long nanos, java.util.Map<String, Float> extra) {
        public StepInfo {
            extra = java.util.Map.copyOf(extra);
        }
    }
}
