package org.cgml.api;

/** Told of a training run's progress: for progress bars, loss logs and checkpoints. All methods are optional. */
public interface TrainingListener {

    /**
     * Before the first iteration of this process, {@code firstIteration} being the iterations already done (more than
     * 0 after a resume).
     */
    default void onBegin(TrainingConfig config, long firstIteration) {
    }

    /** After every iteration. */
    default void onIteration(IterationInfo iteration) {
    }

    /** When the batcher starts a new epoch. */
    default void onEpoch(long epoch) {
    }

    /** After the last iteration (also when stopped early), {@code lastIteration} being the iterations done. */
    default void onEnd(long lastIteration) {
    }

    /**
     * One iteration's figures.
     *
     * @param iteration    1-based number of the iteration just done
     * @param iterations   the run's configured number of iterations
     * @param cost         mean per-sample cost E(z_l) over the batch (Eq. 1)
     * @param dynamicsLoss L1 loss of Z on the recorded (z_t, z_{t+1}, rho_t); 0 for the baseline
     * @param lipschitz    the Lipschitz penalty term (0 when not a penalty)
     * @param learningRate the H/G learning rate used
     * @param nanos        wall time of this iteration
     * @param extra        the training method's own figures of the iteration by name (none for cGML and the baseline)
     */
    record IterationInfo(long iteration, long iterations, float cost, float dynamicsLoss, float lipschitz,
                    float learningRate, long nanos, java.util.Map<String, Float> extra) {
        public IterationInfo {
            extra = java.util.Map.copyOf(extra);
        }
    }
}
