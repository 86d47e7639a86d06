package org.cgml.nn.method;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cgml.api.Task;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.Figures;
import org.cgml.nn.LatentUpdate;
import org.cgml.nn.MethodModel;
import org.cgml.nn.Sampler;
import org.cgml.nn.graph.GeneratorFit;
import org.cgml.nn.graph.ModelGraph;
import org.cgml.nn.graph.SamplingCodes;
import org.cgml.nn.graph.Tensors;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.op.Op;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The base of a method's model on the graph core (H and G, and the method's own pieces of a
 * {@link ModelGraph.Extension}): the generator fit at chosen codes, save and restore, variables, parameter counts,
 * the sampler and the export. A method's class extends it and writes {@link #trainStep}; the one to copy is
 * {@code org.cgml.nn.method.baseline.Baseline}.
 */
public abstract class GraphMethodModel implements MethodModel {
    /** Stream of the Lipschitz-penalty noise (mixed into the fed seed with the iteration). */
    public static final long NOISE_STREAM = 0x4E015EL;

    protected final Task task;
    protected final TrainingConfig config;
    protected final ModelGraph graph;
    private final GraphSampler.Codes codes;

    /**
     * A model of {@code task} under {@code config} on H and G with the pieces {@code extension} builds, under the
     * Lipschitz constraint {@code lipschitz}, sampling at codes as {@code codes} says; without {@code training}, built
     * for sampling only.
     */
    protected GraphMethodModel(Task task, TrainingConfig config, TrainingConfig.Lipschitz lipschitz, boolean training,
                               ModelGraph.Extension extension, GraphSampler.Codes codes) {
        this.task = task;
        this.config = config;
        this.graph = new ModelGraph(task, config, lipschitz, training, extension);
        this.codes = codes;
    }

    /** As the full constructor, with no pieces of the method's own (H and G fitted on E at the fed codes). */
    protected GraphMethodModel(Task task, TrainingConfig config, TrainingConfig.Lipschitz lipschitz, boolean training,
                               GraphSampler.Codes codes) {
        this(task, config, lipschitz, training, new ModelGraph.Extension() {
        }, codes);
    }

    /** The model's graph: its placeholders, session and H and G's fit. */
    public ModelGraph graph() {
        return graph;
    }

    /** The Lipschitz-noise seed of iteration {@code iteration}: (run seed ^ stream, iteration). */
    protected TInt64 noiseSeed(long iteration) {
        return TInt64.vectorOf(config.get(TrainingConfig.SEED) ^ NOISE_STREAM, iteration);
    }

    /** H and G's learning rate at {@code iteration} under the config's schedule. */
    protected float learningRate(long iteration) {
        return config.get(TrainingConfig.SCHEDULE).at(config.get(TrainingConfig.LEARNING_RATE), iteration, config.get(TrainingConfig.ITERATIONS));
    }

    /**
     * One Adam step of H and G at codes {@code z} on their objective plus the graph's Lipschitz term, at the
     * iteration's learning rate (Algorithm 1, step 4, and every method fitting G at chosen codes); returns the cost,
     * the Lipschitz term, the learning rate and the extension's figures.
     */
    protected Figures fitGenerator(TFloat32 x, TFloat32 y, float[] z, long iteration) {
        return fitGenerator(x, y, z, iteration, Map.of());
    }

    /**
     * As {@link #fitGenerator(TFloat32, TFloat32, float[], long)}, G also fed the codes of {@code moreCodes}: each of
     * the method's own code placeholders ({@code [batch, n]}) with its codes, row-major (G at more than one code per
     * sample in one step, as DSGAN's second code).
     */
    protected Figures fitGenerator(TFloat32 x, TFloat32 y, float[] z, long iteration,
                                   Map<Placeholder<TFloat32>, float[]> moreCodes) {
        return fitGenerator(x, y, z, iteration, moreCodes, null);
    }

    /**
     * Another network's step that rides in the generator fit's session run, one call where two would be (it must not
     * read what H and G's step writes): its fed tensors (the caller's to close; not the noise seed, which the fit feeds
     * for the iteration), its training op, and its loss, reported as the figure {@code figure} after the fit's own.
     */
    public record Rider(Map<Operand<?>, Tensor> feeds, Op train, Operand<TFloat32> loss, String figure) {
    }

    /**
     * As {@link #fitGenerator(TFloat32, TFloat32, float[], long, Map)}, with {@code rider}'s step (when not null) run
     * in the same session call.
     */
    protected Figures fitGenerator(TFloat32 x, TFloat32 y, float[] z, long iteration,
                                   Map<Placeholder<TFloat32>, float[]> moreCodes, Rider rider) {
        int n = task.latent().dimension();
        float lr = learningRate(iteration);
        GeneratorFit fit = graph.generatorFit();
        List<TFloat32> fed = new ArrayList<>();
        try (TInt64 seed = noiseSeed(iteration);
             TFloat32 zt = Tensors.of(z, z.length / n, n);
             TFloat32 lrT = Tensors.scalar(lr)) {
            Session.Runner runner = graph.session().runner().feed(graph.x(), x).feed(graph.y(), y).feed(graph.z(), zt)
                    .feed(fit.learningRate(), lrT).feed(graph.noiseSeed(), seed)
                    .addTarget(fit.train()).fetch(fit.meanCost()).fetch(fit.lipschitz());
            moreCodes.forEach((placeholder, codes) -> {
                TFloat32 t = Tensors.of(codes, codes.length / n, n);
                fed.add(t);
                runner.feed(placeholder, t);
            });
            List<String> names = List.copyOf(fit.figures().keySet());
            names.forEach(k -> runner.fetch(fit.figures().get(k)));
            if (rider != null) {
                rider.feeds().forEach(runner::feed);
                runner.addTarget(rider.train()).fetch(rider.loss());
            }
            try (Result r = runner.run()) {
                Map<String, Float> figures = new LinkedHashMap<>();
                figures.put(Figures.COST, ((TFloat32) r.get(0)).getFloat());
                figures.put(Figures.LIPSCHITZ, ((TFloat32) r.get(1)).getFloat());
                figures.put(Figures.LEARNING_RATE, lr);
                for (int i = 0; i < names.size(); i++) {
                    figures.put(names.get(i), ((TFloat32) r.get(2 + i)).getFloat());
                }
                if (rider != null) {
                    figures.put(rider.figure(), ((TFloat32) r.get(2 + names.size())).getFloat());
                }
                return new Figures(figures);
            }
        } finally {
            fed.forEach(TFloat32::close);
        }
    }

    /** E_i, the cost of G's output at codes {@code z} against {@code y}, per sample (G forward only, no step). */
    protected float[] costs(TFloat32 x, TFloat32 y, float[] z) {
        int n = task.latent().dimension();
        try (TFloat32 zt = Tensors.of(z, z.length / n, n);
             Result r = graph.session().runner().feed(graph.x(), x).feed(graph.y(), y).feed(graph.z(), zt)
                     .fetch(graph.perSampleCost()).run()) {
            return Tensors.read(r.get(0));
        }
    }

    /**
     * For each of the {@code batch} samples ({@code x} and {@code y} flat), the one of its m candidate codes whose
     * output G(H(x), z) has the lowest cost E against the target, the first on ties; {@code candidates} holds
     * {@code m * batch} codes, candidate-major (G forward only, no step). Conditional IMLE keeps the nearest of m
     * prior codes this way.
     */
    protected float[] lowestCost(float[] x, float[] y, int batch, float[] candidates) {
        int n = task.latent().dimension();
        int m = candidates.length / (batch * n);
        int in = task.inputSize();
        int out = task.outputSize();
        float[] xs = new float[m * batch * in];
        float[] ys = new float[m * batch * out];
        for (int j = 0; j < m; j++) {
            System.arraycopy(x, 0, xs, j * batch * in, batch * in);
            System.arraycopy(y, 0, ys, j * batch * out, batch * out);
        }
        float[] cost;
        try (TFloat32 xt = Tensors.of(xs, Tensors.batched(m * batch, task.inputShape()));
             TFloat32 yt = Tensors.of(ys, Tensors.batched(m * batch, task.outputShape()))) {
            cost = costs(xt, yt, candidates);
        }
        float[] kept = new float[batch * n];
        for (int i = 0; i < batch; i++) {
            int best = 0;
            for (int j = 1; j < m; j++) {
                if (cost[j * batch + i] < cost[best * batch + i]) {
                    best = j;
                }
            }
            System.arraycopy(candidates, (best * batch + i) * n, kept, i * n, n);
        }
        return kept;
    }

    /** The names of the generator fit's own figures (an extension's), in fetch order. */
    @Override
    public List<String> extraLosses() {
        return List.copyOf(graph.generatorFit().figures().keySet());
    }

    @Override
    public long parameters() {
        return graph.parameters();
    }

    @Override
    public long samplingParameters() {
        return graph.samplingParameters();
    }

    @Override
    public void save(Path prefix) {
        graph.save(prefix);
    }

    @Override
    public void restore(Path prefix) {
        graph.restore(prefix);
    }

    @Override
    public Map<String, float[]> variableValues() {
        return graph.variableValues();
    }

    /**
     * G's bounded output at the fed codes moved for {@code steps} steps with {@code update}: for a model whose codes
     * are {@link GraphSampler.Codes#DYNAMICS}, which must override it.
     */
    protected Operand<TFloat32> movedOutput(int steps, LatentUpdate update) {
        throw new UnsupportedOperationException("this model does not move its codes");
    }

    /** The codes of the exported sampler: fixed, or as drawn; a model moving its codes overrides it. */
    protected SamplingCodes exportedCodes(int samplingSteps) {
        return codes == GraphSampler.Codes.FIXED ? SamplingCodes.FIXED : SamplingCodes.DRAWN;
    }

    @Override
    public Sampler sampler() {
        return new GraphSampler(graph, task, codes, codes == GraphSampler.Codes.DYNAMICS ? this::movedOutput : null);
    }

    @Override
    public void export(Path dir, int samplingSteps) throws IOException {
        if (samplingSteps < 0 || samplingSteps > TrainingConfig.MAX_SAMPLING_STEPS) {
            throw new IllegalArgumentException("sampling steps T must be in [0, " + TrainingConfig.MAX_SAMPLING_STEPS
                    + "] (got " + samplingSteps + ")");
        }
        graph.export(dir, exportedCodes(samplingSteps));
    }

    @Override
    public void close() {
        graph.close();
    }
}
