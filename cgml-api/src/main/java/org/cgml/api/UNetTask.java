package org.cgml.api;

import java.util.List;

/**
 * The generic image model's defaults (docs/DESIGN.md section 2: one generic model), for any task on images or image-
 * like grids: L1 cost, z on S^9, the generic U-Net with c = 64 and a 512-wide Z, and as task defaults 3000 iterations
 * of batch 20 at Adam 1e-3 annealed by a cosine, and an inner step scaled to the image size. A task overrides what
 * differs.
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
    /**
     * Adam's initial rate for every method's networks, annealed to 0 by a cosine over the run (task defaults): of
     * the constant 1e-4 (the paper's) and cosines from 5e-4 and 1e-3, the best for cGML and conditional IMLE alike
     * (docs/RESULTS.md).
     */
    public static final float LEARNING_RATE = 1e-3f;

    /** The image size (height x width) the engine's inner step size beta is set for. */
    public static final int STEP_PIXELS = 16 * 16;

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

    /**
     * The inner step's scale at this image size: (16 x 16 / height x width)^(1/2), 1/2 at 32 x 32 (docs/RESULTS.md
     * "The inner step grows with the image" measured 1, 1/2 and 1/4 there). The cost sums over the pixels, so the
     * gradient in z grows with their count; with one beta for every size, a larger image took a larger step and its
     * samples contracted.
     */
    @Override
    public double stepScale() {
        int[] shape = outputShape();
        double pixels = shape.length >= 2 ? (double) shape[0] * shape[1] : Task.elements(shape);
        return Math.sqrt(STEP_PIXELS / pixels);
    }

    @Override
    public void defaults(TrainingConfig.Builder b) {
        b.set(TrainingConfig.ITERATIONS, ITERATIONS).set(TrainingConfig.BATCH_SIZE, BATCH_SIZE)
                .set(TrainingConfig.LEARNING_RATE, LEARNING_RATE)
                .set(TrainingConfig.SCHEDULE, TrainingConfig.Schedule.COSINE);
    }
}
