package org.cgml.nn.method;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cgml.api.Task;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.MethodModel;
import org.cgml.nn.Sampler;
import org.cgml.nn.graph.GraphSampler;
import org.cgml.nn.graph.ModelGraph;
import org.cgml.nn.graph.Tensors;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/** What every model built on a {@link ModelGraph} (H, G, Z) shares: its session, variables, sampler and export. */
abstract class GraphModel implements MethodModel {
    /** Stream of the Lipschitz-penalty noise (mixed into the fed seed with the iteration). */
    static final long NOISE_STREAM = 0x4E015EL;

    final Task task;
    final TrainingConfig config;
    final ModelGraph graph;
    private final GraphSampler.Codes codes;

    GraphModel(Task task, TrainingConfig config, ModelGraph graph, GraphSampler.Codes codes) {
        this.task = task;
        this.config = config;
        this.graph = graph;
        this.codes = codes;
    }

    /** The Lipschitz-noise seed of iteration {@code iteration}: (run seed ^ stream, iteration). */
    TInt64 noiseSeed(long iteration) {
        return TInt64.vectorOf(config.get(TrainingConfig.SEED) ^ NOISE_STREAM, iteration);
    }

    /**
     * One Adam step of H and G at codes {@code z} on E(z) plus the graph's Lipschitz term, at the iteration's learning
     * rate (Algorithm 1, step 4, and every method fitting G at chosen codes); {@code dynamicsLoss} is passed through.
     */
    Losses fitGenerator(TFloat32 x, TFloat32 y, float[] z, long iteration, float dynamicsLoss) {
        int n = task.latent().dimension();
        float lr = config.get(TrainingConfig.SCHEDULE).at(config.get(TrainingConfig.LEARNING_RATE), iteration,
                config.get(TrainingConfig.ITERATIONS));
        ModelGraph.GeneratorFit fit = graph.generatorFit();
        try (TInt64 seed = noiseSeed(iteration);
             TFloat32 zt = Tensors.of(z, z.length / n, n);
             TFloat32 lrT = Tensors.scalar(lr)) {
            Session.Runner runner = graph.session().runner().feed(graph.x(), x).feed(graph.y(), y).feed(graph.z(), zt)
                    .feed(fit.learningRate(), lrT).feed(graph.noiseSeed(), seed)
                    .addTarget(fit.train()).fetch(fit.meanCost()).fetch(fit.lipschitz());
            List<String> names = List.copyOf(fit.figures().keySet());
            names.forEach(k -> runner.fetch(fit.figures().get(k)));
            try (Result r = runner.run()) {
                Map<String, Float> extra = new LinkedHashMap<>();
                for (int i = 0; i < names.size(); i++) {
                    extra.put(names.get(i), ((TFloat32) r.get(2 + i)).getFloat());
                }
                return new Losses(((TFloat32) r.get(0)).getFloat(), dynamicsLoss, ((TFloat32) r.get(1)).getFloat(), lr,
                        extra);
            }
        }
    }

    /** The names of the generator fit's own figures (an extension's), in fetch order. */
    @Override
    public List<String> extraLosses() {
        return List.copyOf(graph.generatorFit().figures().keySet());
    }

    @Override
    public long parameters() {
        return graph.parameters(codes == GraphSampler.Codes.DYNAMICS);
    }

    @Override
    public long samplingParameters() {
        return graph.samplingParameters(codes == GraphSampler.Codes.DYNAMICS);
    }

    @Override
    public Session session() {
        return graph.session();
    }

    @Override
    public Map<String, float[]> variableValues() {
        return graph.variableValues();
    }

    @Override
    public Sampler sampler() {
        return new GraphSampler(graph, task, codes);
    }

    @Override
    public void export(Path dir, int samplingSteps) throws IOException {
        graph.export(dir, codes, samplingSteps);
    }

    @Override
    public void close() {
        graph.close();
    }
}
