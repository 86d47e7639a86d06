package org.cgml.api;

import java.util.List;

/**
 * The generic image model's defaults (docs/DESIGN.md section 2: one generic model), for any task on images or image-
 * like grids: L1 cost, z on S^9, the generic U-Net with c = 64 and a 512-wide Z, and 3000 iterations of batch 20 as
 * task defaults. A task overrides what differs.
 */
public abstract class UNetTask extends OptionTask {
    /** The U-Net's base channels c. */
    public static final int BASE_CHANNELS = 64;
    /** The width of the latent dynamics Z. */
    public static final int DYNAMICS_WIDTH = 512;
    /** The dimension of z, on the unit sphere. */
    public static final int LATENT_DIMENSION = 10;
    /** Training iterations, a task default. */
    public static final long ITERATIONS = 3000;
    /** Examples per iteration, a task default. */
    public static final int BATCH_SIZE = 20;

    /** A task called {@code name} at the defaults of its {@code declared} options. */
    protected UNetTask(String name, List<TaskOption> declared) {
        super(name, declared);
    }

    /** A task at {@code options}. */
    protected UNetTask(OptionValues options) {
        super(options);
    }

    @Override
    public CostFamily cost() {
        return CostFamily.l1();
    }

    @Override
    public LatentSpace latent() {
        return LatentSpace.sphere(LATENT_DIMENSION);
    }

    @Override
    public Architecture architecture() {
        return new Architecture.UNet(BASE_CHANNELS, DYNAMICS_WIDTH);
    }

    @Override
    public void defaults(TrainingConfig.Builder b) {
        b.set(TrainingConfig.ITERATIONS, ITERATIONS).set(TrainingConfig.BATCH_SIZE, BATCH_SIZE);
    }
}
