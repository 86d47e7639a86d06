package org.cgml.nn.method.baseline;

import org.cgml.api.Task;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.Latents;
import org.cgml.nn.MethodModel;
import org.cgml.nn.Figures;
import org.cgml.nn.method.GraphMethodModel;
import org.cgml.nn.method.WithoutLatentSearch;
import org.cgml.nn.method.GraphSampler;
import org.tensorflow.types.TFloat32;

/**
 * The regression baseline: cGML's network with z fixed, trained on the plain cost E of Eq. 1 (the task's distance d,
 * or the one the config sets), no Lipschitz term. It gives one output per input.
 */
public final class Baseline extends WithoutLatentSearch<MethodModel> {

    @Override
    public String name() {
        return "baseline";
    }

    @Override
    public String description() {
        return "the same network with z fixed, trained on the plain regression cost (one output per input)";
    }

    @Override
    protected MethodModel model(Task task, TrainingConfig config, boolean training) {
        int n = task.latent().dimension();
        return new GraphMethodModel(task, config, lipschitz(config), training, GraphSampler.Codes.FIXED) {
            @Override
            public Figures trainStep(TFloat32 x, TFloat32 y, long iteration) {
                return fitGenerator(x, y, Latents.fixed((int) x.shape().get(0), n), iteration);
            }
        };
    }
}
