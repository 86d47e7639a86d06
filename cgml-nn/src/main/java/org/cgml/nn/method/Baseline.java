package org.cgml.nn.method;

import org.cgml.api.Task;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.Latents;
import org.cgml.nn.Method;
import org.cgml.nn.MethodModel;
import org.cgml.nn.graph.ModelGraph;
import org.cgml.nn.graph.Tensors;
import org.tensorflow.Result;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The regression baseline: cGML's network with z fixed, trained on the plain cost E of Eq. 1 (the task's distance d,
 * or the one the config sets), no Lipschitz term. It gives one output per input.
 */
public final class Baseline implements Method {

    @Override
    public String name() {
        return "baseline";
    }

    @Override
    public String description() {
        return "the same network with z fixed, trained on the plain regression cost (one output per input)";
    }

    /** None: there is no latent search whose smoothness a constraint would help. */
    @Override
    public TrainingConfig.Lipschitz lipschitz(TrainingConfig config) {
        return TrainingConfig.Lipschitz.NONE;
    }

    @Override
    public MethodModel build(Task task, TrainingConfig config) {
        return model(task, config, true);
    }

    @Override
    public MethodModel buildForSampling(Task task, TrainingConfig config) {
        return model(task, config, false);
    }

    private MethodModel model(Task task, TrainingConfig config, boolean training) {
        int n = task.latent().dimension();
        return new GraphModel(task, new ModelGraph(task, config, lipschitz(config), training),
                org.cgml.nn.graph.GraphSampler.Codes.FIXED) {
            @Override
            public Losses trainStep(TFloat32 x, TFloat32 y, long iteration) {
                float lr = config.schedule().at(config.learningRate(), iteration, config.iterations());
                try (TInt64 seed = TInt64.vectorOf(config.seed() ^ Cgml.NOISE_STREAM, iteration)) {
                    float[] fit = fitGenerator(graph, x, y, Latents.fixed((int) x.shape().get(0), n), n, lr, seed);
                    return new Losses(fit[0], 0, fit[1], lr);
                }
            }
        };
    }

    /** One Adam step of H and G on E(z) plus the graph's Lipschitz term; returns {E(z), Lipschitz term}. */
    static float[] fitGenerator(ModelGraph graph, TFloat32 x, TFloat32 y, float[] z, int n, float lr, TInt64 seed) {
        int batch = z.length / n;
        try (TFloat32 zt = Tensors.of(z, batch, n);
             TFloat32 lrT = Tensors.scalar(lr);
             Result r = graph.session().runner().feed(graph.x(), x).feed(graph.y(), y).feed(graph.z(), zt)
                     .feed(graph.generatorFit().learningRate(), lrT).feed(graph.noiseSeed(), seed)
                     .addTarget(graph.generatorFit().train()).fetch(graph.generatorFit().meanCost())
                     .fetch(graph.generatorFit().lipschitz()).run()) {
            return new float[] {((TFloat32) r.get(0)).getFloat(), ((TFloat32) r.get(1)).getFloat()};
        }
    }
}
