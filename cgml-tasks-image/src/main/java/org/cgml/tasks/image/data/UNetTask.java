package org.cgml.tasks.image.data;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.name.Names;
import org.cgml.api.Architecture;
import org.cgml.api.CostFamily;
import org.cgml.api.LatentSpace;
import org.cgml.api.Task;
import org.cgml.api.TrainingConfig;

/**
 * What every image task of this module shares (docs/DESIGN.md section 2: one generic model): L1 cost, z on S^9,
         the generic
 * U-Net with c = 64 and a 512-wide Z, and 3000 steps of batch 20 as task defaults. A task overrides what differs.
 */
public abstract class UNetTask implements Task {

    @Override
    public CostFamily cost() {
        return CostFamily.l1();
    }

    @Override
    public LatentSpace latent() {
        return LatentSpace.sphere(10);
    }

    @Override
    public Architecture architecture() {
        return new Architecture.UNet(64, 512);
    }

    @Override
    public void defaults(TrainingConfig.Builder b) {
        b.set(TrainingConfig.ITERATIONS, 3000L).set(TrainingConfig.BATCH_SIZE, 20);
    }

    /** The Guice module a provider returns: binds {@code task} under {@code @Named(name)}. */
    public static Module binding(String name, Task task) {
        return new AbstractModule() {
            @Override
            protected void configure() {
                bind(Task.class).annotatedWith(Names.named(name)).toInstance(task);
            }
        };
    }
}
