package org.cgml.nn.graph;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cgml.api.CostFamily;
import org.cgml.api.Task;
import org.cgml.api.TrainingConfig;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The graph core every method builds on: the placeholders x, y, z and the noise seed, H and G ({@link Generator}) with
 * the cost E of the config's family, H and G's fit (with the {@link Lipschitz} term when the constraint is a penalty),
 * a method's own pieces ({@link Extension}, built on {@link Parts}: networks, Adam steps, figures), the session,
 * save and restore, parameter counts and the lean SavedModel export.
 */
public final class ModelGraph implements AutoCloseable {
    private final Graph graph;
    private final Ops tf;
    private final Session session;
    private final TrainingConfig config;
    private final Task task;
    private final int latent;
    private final boolean sphere;
    private final Generator generator;
    private final Weights hWeights;
    private final Weights gWeights;
    private final Placeholder<TFloat32> x;
    private final Placeholder<TFloat32> y;
    private final Placeholder<TFloat32> z;
    private final Placeholder<TInt64> noiseSeed;
    private final Encoding encoding;
    private final Operand<TFloat32> hFlat;
    private final Operand<TFloat32> output;
    private final Operand<TFloat32> boundedOutput;
    private final Operand<TFloat32> perSample;
    private final GeneratorFit generatorFit;
    /** A method's own networks, and whether sampling uses them (what an export stores). */
    private final Map<Weights, Boolean> ownNetworks = new LinkedHashMap<>();
    private final CostFamily cost;
    private final PrecisionChoice precision;
    private final ConfigProto sessionConfig;

    /** The graph of H and G for {@code task}, fitted on E at the fed z under the configured Lipschitz constraint. */
    public ModelGraph(Task task, TrainingConfig config) {
        this(task, config, config.get(TrainingConfig.LIPSCHITZ), true, new Extension() {
        });
    }

    /**
     * The graph for {@code task} under {@code config} with the Lipschitz constraint {@code lipschitzForm} and a
     * method's own pieces built in by {@code extension} before the session starts; without {@code training}, no
     * optimizer and no training op is built (a model restored only to sample: its checkpoint's optimizer state is not
     * loaded).
     */
    public ModelGraph(Task task, TrainingConfig config, TrainingConfig.Lipschitz lipschitzForm, boolean training,
                      Extension extension) {
        this.config = config;
        this.task = task;
        this.graph = new Graph();
        this.tf = Ops.create(graph);
        this.latent = task.latent().dimension();
        this.sphere = task.latent().sphere();
        long seed = config.get(TrainingConfig.SEED);
        boolean spectral = lipschitzForm == TrainingConfig.Lipschitz.SPECTRAL;
        boolean penalty = lipschitzForm == TrainingConfig.Lipschitz.PENALTY;

        x = tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(Tensors.batched(-1, task.inputShape()))));
        y = tf.withName("y").placeholder(TFloat32.class, Placeholder.shape(Shape.of(Tensors.batched(-1, task.outputShape()))));
        z = tf.withName("z").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, latent)));
        noiseSeed = tf.withName("noise_seed").placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));

        hWeights = new Weights(tf, "H", seed * 3 + 1, false);
        gWeights = new Weights(tf, "G", seed * 3 + 2, spectral);
        generator = Generator.create(task.architecture(), task.inputShape(), task.outputShape(), latent, hWeights, gWeights);

        encoding = generator.encode(tf, x);
        hFlat = tf.reshape(encoding.h(), tf.constant(new long[] {-1, generator.featureSize()}));
        output = tf.withName("y_hat").identity(generator.decode(tf, encoding, x, z));
        boundedOutput = generator.bounded(tf, output);
        cost = config.cost(task);
        perSample = cost.perSample(tf, y, output);
        Placeholder<TFloat32> lr = tf.withName("lr_model").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        int devices = training ? config.get(TrainingConfig.DEVICES) : 1;
        if (devices > 1) {
            int batch = config.get(TrainingConfig.BATCH_SIZE);
            if (batch % devices != 0) {
                throw new IllegalArgumentException("batch_size " + batch + " does not split evenly over devices = "
                        + devices + ": give a batch size that is a multiple of " + devices);
            }
            shards = new Shards(devices);
            List<Tower> towers = new ArrayList<>();
            if (extension.perTower()) { // the method's pieces once per device, on its shard, then once on the batch
                towerBuilds = true;
                for (int k = 0; k < devices; k++) {
                    Parts tower = new Parts(lr, training, spectral, penalty, k);
                    towers.add(new Tower(tower, extension.build(tower)));
                }
                Parts parts = new Parts(lr, training, spectral, penalty, Parts.WHOLE);
                extension.build(parts); // the batch's ops for what a method fetches; its steps average the towers'
                generatorFit = towerFit(towers, penalty, parts);
            } else {
                Parts parts = new Parts(lr, training, spectral, penalty, Parts.WHOLE);
                Fit fit = extension.build(parts);
                if (fit.fitted().code() != z || fit.objective() != fit.fitted().meanCost() || fit.costWeight() != 1f
                        || !fit.trainedWithGenerator().isEmpty() || !parts.figures.isEmpty()) {
                    throw new IllegalArgumentException("devices = " + devices + ": this method fits H and G on an "
                            + "objective of its own, and its graph pieces are not built per device (its extension's "
                            + "perTower() is false); train it with devices = 1");
                }
                for (int k = 0; k < devices; k++) { // H and G's fit alone is split; the method's own steps are not
                    Parts tower = new Parts(lr, training, spectral, penalty, k);
                    towers.add(new Tower(tower, Fit.of(tower.fittedAt(tower.z()))));
                }
                generatorFit = towerFit(towers, penalty, parts);
            }
        } else {
            shards = null;
            Parts parts = new Parts(lr, training, spectral, penalty, Parts.WHOLE);
            generatorFit = towerFit(List.of(new Tower(parts, extension.build(parts))), penalty, parts);
        }

        precision = PrecisionChoice.of(config, task.architecture(), training);
        sessionConfig = sessionConfig(config, precision, PrecisionChoice.Hardware.system());
        session = new Session(graph, sessionConfig);
        session.initialize();
    }

    /**
     * The session options of a model under {@code config}: its threads, and the graph rewrite of {@code precision}
     * on {@code hardware} (oneDNN's bfloat16 pass for bf16 on a CPU).
     */
    public static ConfigProto sessionConfig(TrainingConfig config, PrecisionChoice precision,
                                            PrecisionChoice.Hardware hardware) {
        ConfigProto.Builder b = ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(config.threads())
                .setInterOpParallelismThreads(config.threads());
        int devices = config.get(TrainingConfig.DEVICES);
        if (devices > 1 && !hardware.gpu()) { // CPU devices 0..N-1 in one session (GPUs are listed as they are)
            b.putDeviceCount("CPU", devices);
        }
        return precision.apply(b, hardware).build();
    }

    /** The session options this model's session was created with. */
    public ConfigProto sessionConfig() {
        return sessionConfig;
    }

    /** The precision this model computes in, and why. */
    public PrecisionChoice precision() {
        return precision;
    }

    /** One device's tower: the parts it was built on (its shard of the batch, its ops) and what H and G fit there. */
    private record Tower(Parts parts, Fit fit) {
    }

    /**
     * The batch's placeholders (x, y, z, a method's own codes) cut into one equal shard per device, and what the towers
     * built: their steps' gradients, their figures, the weights tower 0 created.
     */
    private final class Shards {
        final int devices;
        final List<Operand<TFloat32>> xs;
        final List<Operand<TFloat32>> ys;
        final List<Operand<TFloat32>> zs;
        final Map<String, List<Operand<TFloat32>>> codeShards = new LinkedHashMap<>();
        /** Per Adam step name, each tower's gradients of its loss, in tower order, and the tower's step inputs. */
        final Map<String, List<Collected>> steps = new LinkedHashMap<>();
        /** Per figure name, each tower's value. */
        final Map<String, List<Operand<TFloat32>>> reports = new LinkedHashMap<>();
        /** The weights each scope's network was built on in tower 0, shared by the other towers and the batch. */
        final Map<String, Weights> weights = new LinkedHashMap<>();

        Shards(int devices) {
            this.devices = devices;
            this.xs = split(x);
            this.ys = split(y);
            this.zs = split(z);
        }

        List<Operand<TFloat32>> split(Operand<TFloat32> t) {
            return new ArrayList<>(tf.split(tf.constant(0), t, (long) devices).output());
        }

        /** The device of tower k: /device:GPU:k where TensorFlow sees GPUs, else /device:CPU:k. */
        Ops on(int k) {
            org.tensorflow.DeviceSpec.DeviceType type = PrecisionChoice.Hardware.system().gpu()
                    ? org.tensorflow.DeviceSpec.DeviceType.GPU : org.tensorflow.DeviceSpec.DeviceType.CPU;
            return tf.withDevice(org.tensorflow.DeviceSpec.newBuilder().deviceType(type).deviceIndex(k).build())
                    .withSubScope("tower" + k);
        }
    }

    /** A tower's gradients for one Adam step, with the variables, rate and companion ops the step was asked with. */
    private record Collected(List<Operand<TFloat32>> gradients, List<Variable<TFloat32>> vars, Operand<TFloat32> lr,
                             List<Op> with) {
    }

    /** The batch cut into towers, or null on one device. */
    private final Shards shards;
    /** Whether the method's pieces are built once per tower (its steps and figures gathered from the towers). */
    private boolean towerBuilds;

    /**
     * H and G's fit (Algorithm 1, step 4, and every method's step of H and G), over the towers when there are several
     * (data parallel): tower k on device k computes its shard's objective (what the method fits H and G on there, the
     * task's extra terms at the method's cost weight, the Lipschitz term at the shard's part of the batch's noise) and
     * its gradients; the gradients are averaged; one Adam step updates the shared variables. The figures are the
     * towers' means, as one device's means over the batch (a term that is not a mean over samples, such as a histogram
     * over the batch, becomes the mean of the shards' terms). One tower is one device's fit, unchanged.
     */
    private GeneratorFit towerFit(List<Tower> towers, boolean penalty, Parts parts) {
        int devices = towers.size();
        List<Operand<TFloat32>> hNoise = null;
        List<Operand<TFloat32>> zNoise = null;
        if (penalty) { // the whole batch's noise, as one device draws it, cut like the batch
            Operand<TInt32> b = parts.batchOf(x);
            long[] hDims = encoding.h().shape().asArray();
            Operand<TFloat32> h = tf.math.mul(tf.random.statelessRandomNormal(tf.concat(List.of(b,
                    tf.constant(java.util.Arrays.stream(hDims, 1, hDims.length).mapToInt(d -> (int) d).toArray())),
                    tf.constant(0)), parts.seedPlus(0)), tf.constant(config.get(TrainingConfig.LIPSCHITZ_SIGMA)));
            Operand<TFloat32> zs = parts.noise(b, latent, 1);
            hNoise = devices == 1 ? List.of(h) : shards.split(h);
            zNoise = devices == 1 ? List.of(zs) : shards.split(zs);
        }
        List<Variable<TFloat32>> modelVars = generatorVariables();
        for (Weights w : towers.get(0).fit().trainedWithGenerator()) {
            modelVars.addAll(w.variables());
        }
        List<Operand<TFloat32>> objectives = new ArrayList<>();
        List<Operand<TFloat32>> costs = new ArrayList<>();
        List<Operand<TFloat32>> lipschitz = new ArrayList<>();
        List<List<Operand<TFloat32>>> gradients = new ArrayList<>();
        for (int k = 0; k < devices; k++) {
            Parts p = towers.get(k).parts();
            Fit fit = towers.get(k).fit();
            Ops t = p.tf();
            Operand<TFloat32> objective = fit.objective();
            Operand<TFloat32> extra = cost.extraTerms(t, p.y(), fit.fitted().output());
            if (extra != null) { // beside the reconstruction at the weight the method gives it
                objective = t.math.add(objective, fit.costWeight() == 1f ? extra
                        : t.math.mul(t.constant(fit.costWeight()), extra));
            }
            Operand<TFloat32> lip = t.constant(0f);
            if (penalty) {
                Operand<TFloat32> moved = generator.decode(t, p.encoding().withH(t.math.add(p.encoding().h(),
                        hNoise.get(k))), p.x(), t.math.add(p.z(), zNoise.get(k)));
                lip = Lipschitz.penalty(t, config.get(TrainingConfig.LIPSCHITZ_WEIGHT),
                        Lipschitz.l1PerSample(t, moved, p.output));
                objective = t.math.add(objective, lip);
            }
            objectives.add(objective);
            costs.add(fit.fitted().meanCost());
            lipschitz.add(lip);
            gradients.add(p.gradients(objective, modelVars));
        }
        Op train = null;
        if (parts.training()) {
            List<Op> with = new ArrayList<>(gWeights.powerIterations());
            for (Weights w : towers.get(0).fit().trainedWithGenerator()) {
                with.addAll(w.powerIterations());
            }
            train = averagedStep(parts, "adam_hg", gradients, modelVars, parts.learningRate(), with);
        }
        // the figures in the order the method reported them: metrics.csv's columns follow it
        return new GeneratorFit(parts.learningRate(), mean(objectives), mean(costs), mean(lipschitz),
                Collections.unmodifiableMap(new LinkedHashMap<>(parts.figures)), train);
    }

    /** One Adam step named {@code name} of {@code vars} at the mean of the towers' {@code gradients}. */
    private Op averagedStep(Parts parts, String name, List<List<Operand<TFloat32>>> gradients,
                            List<Variable<TFloat32>> vars, Operand<TFloat32> lr, List<Op> with) {
        List<Operand<TFloat32>> mean = new ArrayList<>();
        for (int i = 0; i < vars.size(); i++) {
            List<Operand<TFloat32>> g = new ArrayList<>();
            for (List<Operand<TFloat32>> tower : gradients) {
                g.add(tower.get(i));
            }
            mean.add(mean(g));
        }
        return parts.applyGradients(name, mean, vars, lr, with);
    }

    /** The mean of the towers' values; one tower's value itself. */
    private Operand<TFloat32> mean(List<Operand<TFloat32>> values) {
        return values.size() == 1 ? values.get(0) : tf.math.mul(tf.math.addN(values), tf.constant(1f / values.size()));
    }

    /**
     * A method's own pieces in the graph (latent dynamics, an adversary, an encoder of the target), built on
     * {@link Parts} in one call before the session starts; by default none, H and G fitted on E at the fed z.
     */
    public interface Extension {
        /** Builds the method's pieces and says what H and G are fitted on; by default E at the fed z. */
        default Fit build(Parts parts) {
            return Fit.of(parts.fittedAt(parts.z()));
        }

        /**
         * Whether {@link #build} may be called once per device tower and once more on the whole batch (devices > 1):
         * it takes its inputs from {@code parts} ({@link Parts#x}, {@link Parts#y}, {@link Parts#z},
         * {@link Parts#codes}), its networks from {@link Parts#weights}, its steps from {@link Parts#adamStep} and its
         * figures from {@link Parts#report}, and keeps what the last call gave it. False: the method's pieces are built
         * once, and only H and G's fit is split, when it is the cost at the fed codes.
         */
        default boolean perTower() {
            return false;
        }
    }

    /**
     * What an {@link Extension} builds on: the graph's ops and placeholders, G at chosen codes, new weights, Adam steps
     * and figures. On several devices, the parts of tower k hand out its shard of the batch and ops on its device;
     * their steps and figures are gathered, and the parts of the whole batch (built last) make each step the mean of
     * the towers' gradients and each figure the mean of the towers' values.
     */
    public final class Parts extends GraphParts {
        /** The tower of the parts of the whole batch. */
        static final int WHOLE = -1;
        private final Placeholder<TFloat32> learningRate;
        private final Map<String, Operand<TFloat32>> figures = new LinkedHashMap<>();
        private final int tower;
        private final Operand<TFloat32> px;
        private final Operand<TFloat32> py;
        private final Operand<TFloat32> pz;
        private final Encoding pEncoding;
        private final Operand<TFloat32> output;
        private final Operand<TFloat32> perSampleCost;

        private Parts(Placeholder<TFloat32> learningRate, boolean training, boolean spectral, boolean penalty,
                      int tower) {
            super(tower == WHOLE ? tf : shards.on(tower), graph, noiseSeed, config, training, spectral, penalty);
            this.learningRate = learningRate;
            this.tower = tower;
            if (tower == WHOLE) {
                px = x;
                py = y;
                pz = z;
                pEncoding = encoding;
                output = ModelGraph.this.output;
                perSampleCost = perSample;
            } else {
                Ops t = tf();
                px = shards.xs.get(tower);
                py = shards.ys.get(tower);
                pz = shards.zs.get(tower);
                pEncoding = generator.encode(t, px);
                output = generator.decode(t, pEncoding, px, pz);
                perSampleCost = cost.perSample(t, py, output);
            }
        }

        public Task task() {
            return task;
        }

        /** The graph being built: its placeholders x, y and z, and H's encoding. */
        public ModelGraph graph() {
            return ModelGraph.this;
        }

        /** The inputs x these parts are built on: the placeholder, or a tower's shard of it. */
        public Operand<TFloat32> x() {
            return px;
        }

        /** The targets y these parts are built on. */
        public Operand<TFloat32> y() {
            return py;
        }

        /** The fed codes z these parts are built on. */
        public Operand<TFloat32> z() {
            return pz;
        }

        /** H's encoding of {@link #x}. */
        public Encoding encoding() {
            return pEncoding;
        }

        /**
         * A placeholder {@code [batch, n]} for codes of the method's own, named {@code name} and fed by the method
         * ({@link ModelGraph#codes} finds it); on a tower, its shard.
         */
        public Operand<TFloat32> codes(String name) {
            Placeholder<TFloat32> whole = codePlaceholders.computeIfAbsent(name, k -> ModelGraph.this.tf.withName(k)
                    .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, latent))));
            if (tower == WHOLE) {
                return whole;
            }
            return shards.codeShards.computeIfAbsent(name, k -> shards.split(whole)).get(tower);
        }

        /** The fed learning rate of this iteration (H and G's; an extension's optimizers may share it). */
        public Placeholder<TFloat32> learningRate() {
            return learningRate;
        }

        /** G at {@code code} and its cost E against y (at the fed z, the graph's own output and cost). */
        public Fit.Fitted fittedAt(Operand<TFloat32> code) {
            Ops t = tf();
            Operand<TFloat32> fitted = code == pz ? output : generator.decode(t, pEncoding, px, code);
            Operand<TFloat32> costs = code == pz ? perSampleCost : cost.perSample(t, py, fitted);
            return new Fit.Fitted(code, fitted, costs, t.math.mean(costs, t.constant(0)));
        }

        /** New training-only weights named {@code scope}_..., seeded from the run seed and the scope. */
        public Weights weights(String scope) {
            return weights(scope, org.cgml.api.Batches.mix(config.get(TrainingConfig.SEED), scope.hashCode()), false, false);
        }

        /**
         * New weights named {@code scope}_... drawn from {@code seed}, spectral-normalised when {@code spectral}, counted
         * in the parameters, and in those an export stores when {@code sampling} (sampling uses them). On several
         * devices, tower 0 creates them and the other towers and the whole batch get them {@link Weights#shared}.
         */
        public Weights weights(String scope, long seed, boolean spectral, boolean sampling) {
            if (towerBuilds && shards.weights.containsKey(scope)) {
                return shards.weights.get(scope).shared();
            }
            Weights w = new Weights(ModelGraph.this.tf, scope, seed, spectral);
            ownNetworks.put(w, sampling);
            if (towerBuilds) {
                shards.weights.put(scope, w);
            }
            return w;
        }

        /** One Adam step named {@code name} of {@code vars} on {@code loss}; null on a model built for sampling. */
        public Op adamStep(String name, Operand<TFloat32> loss, List<Variable<TFloat32>> vars) {
            return adamStep(name, loss, vars, learningRate, List.of());
        }

        /**
         * One Adam step named {@code name} of {@code vars} on {@code loss}; on several devices, a tower's gradients are
         * gathered (and null returned), and the whole batch's step is the mean of the towers' gradients.
         */
        @Override
        public Op adamStep(String name, Operand<TFloat32> loss, List<Variable<TFloat32>> vars, Operand<TFloat32> lr,
                           List<Op> with) {
            if (!towerBuilds || !training()) {
                return super.adamStep(name, loss, vars, lr, with);
            }
            if (tower != WHOLE) {
                shards.steps.computeIfAbsent(name, k -> new ArrayList<>())
                        .add(new Collected(gradients(loss, vars), List.copyOf(vars), lr, List.copyOf(with)));
                return null;
            }
            List<Collected> each = shards.steps.get(name);
            if (each == null || each.size() != shards.devices) {
                throw new IllegalStateException("step " + name + " was not built on every tower");
            }
            List<List<Operand<TFloat32>>> gradients = new ArrayList<>();
            each.forEach(c -> gradients.add(c.gradients()));
            return averagedStep(this, name, gradients, each.get(0).vars(), each.get(0).lr(), each.get(0).with());
        }

        /**
         * {@code value} as a figure to fetch apart from the generator fit (a discriminator's loss), named {@code name}:
         * itself on one device and on a tower; on the whole batch of several devices, the mean of the towers' values,
         * so that fetching it computes nothing again on the whole batch.
         */
        public Operand<TFloat32> gathered(String name, Operand<TFloat32> value) {
            if (!towerBuilds) {
                return value;
            }
            if (tower != WHOLE) {
                shards.reports.computeIfAbsent("gathered " + name, k -> new ArrayList<>()).add(value);
                return value;
            }
            List<Operand<TFloat32>> each = shards.reports.get("gathered " + name);
            return each == null ? value : mean(each);
        }

        /**
         * Fetches {@code value} with every generator fit as the iteration's figure {@code name}; on several devices,
         * the mean of the towers' values.
         */
        public void report(String name, Operand<TFloat32> value) {
            if (!towerBuilds) {
                figures.put(name, value);
            } else if (tower != WHOLE) {
                shards.reports.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else if (shards.reports.containsKey(name)) {
                figures.put(name, mean(shards.reports.get(name)));
            } else {
                figures.put(name, value);
            }
        }
    }

    /** Placeholders for codes of a method's own ({@link Parts#codes}), by name. */
    private final Map<String, Placeholder<TFloat32>> codePlaceholders = new LinkedHashMap<>();

    /** The placeholder of codes {@code name} a method asked for with {@link Parts#codes}, to feed. */
    public Placeholder<TFloat32> codes(String name) {
        Placeholder<TFloat32> p = codePlaceholders.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no codes placeholder " + name);
        }
        return p;
    }

    /**
     * Trainable parameters: H and G, and every network a method added (Z, a discriminator, an encoder).
     */
    public long parameters() {
        List<Weights> all = new ArrayList<>(List.of(hWeights, gWeights));
        all.addAll(ownNetworks.keySet());
        return count(all);
    }

    /** The parameters an exported model stores: H and G, and the method's networks sampling uses (Z). */
    public long samplingParameters() {
        return count(samplingNetworks());
    }

    private List<Weights> samplingNetworks() {
        List<Weights> all = new ArrayList<>(List.of(hWeights, gWeights));
        ownNetworks.forEach((w, sampling) -> all.addAll(sampling ? List.of(w) : List.of()));
        return all;
    }

    private static long count(List<Weights> networks) {
        long count = 0;
        for (Weights w : networks) {
            for (Variable<TFloat32> v : w.variables()) {
                count += v.shape().size();
            }
        }
        return count;
    }

    /**
     * Exports the model as a SavedModel holding only what sampling needs (see {@link SamplingGraph}): signatures
     * "generator" (x, z -> y) and "sampler" (x, z0 -> y, z_T, the codes moved by {@code codes}; x -> y at the first
     * basis vector when {@code codes} is {@link SamplingCodes#FIXED}), the latter also as "serving_default" (what
     * TensorFlow's tools call by default); its variables are H's and G's (and the method's sampling networks')
     * weights as this model uses them.
     */
    public void export(Path dir, SamplingCodes codes) throws java.io.IOException {
        try (SamplingGraph lean = new SamplingGraph(task, config, codes)) {
            Map<String, Operand<TFloat32>> used = new java.util.HashMap<>();
            for (Weights w : samplingNetworks()) {
                for (int i = 0; i < w.variables().size(); i++) {
                    used.put(w.variables().get(i).op().name(), w.used().get(i));
                }
            }
            lean.assign(session, used);
            lean.export(dir);
        }
    }

    /** Saves every variable of the graph (weights, optimizer slots) under the checkpoint prefix {@code prefix}. */
    public void save(Path prefix) {
        session.save(prefix.toString());
    }

    /**
     * Restores every variable of the graph from the checkpoint at {@code prefix}; entries of the checkpoint this graph
     * has no variable for (a Z that an older build of the method made) are ignored.
     */
    public void restore(Path prefix) {
        session.restore(prefix.toString());
    }

    /** The session running this graph (fed and fetched by the method that built it). */
    public Session session() {
        return session;
    }

    public Placeholder<TFloat32> x() {
        return x;
    }

    public Placeholder<TFloat32> y() {
        return y;
    }

    public Placeholder<TFloat32> z() {
        return z;
    }

    public Placeholder<TInt64> noiseSeed() {
        return noiseSeed;
    }

    public Encoding encoding() {
        return encoding;
    }

    /** h flattened to {@code [batch, featureSize]}. */
    public Operand<TFloat32> features() {
        return hFlat;
    }

    public long featureSize() {
        return generator.featureSize();
    }

    /** H and G (to decode at codes of a method's own). */
    public Generator generator() {
        return generator;
    }

    /** The variables of H and G, in the order their Adam step takes them. */
    public List<Variable<TFloat32>> generatorVariables() {
        List<Variable<TFloat32>> all = new ArrayList<>(hWeights.variables());
        all.addAll(gWeights.variables());
        return all;
    }

    /** The ops the graph is built with (for pieces added after the session started that create no variable). */
    public Ops tf() {
        return tf;
    }

    /** The cost family E of the model. */
    public CostFamily cost() {
        return cost;
    }

    /** G's output as users see it (bounded to the data range for images). */
    public Operand<TFloat32> boundedOutput() {
        return boundedOutput;
    }

    /** E_i, the cost of G's output at the fed z against y, per sample. */
    public Operand<TFloat32> perSampleCost() {
        return perSample;
    }

    /** H and G's fit. */
    public GeneratorFit generatorFit() {
        return generatorFit;
    }

    public int latentDimension() {
        return latent;
    }

    public boolean onSphere() {
        return sphere;
    }

    /** Every variable of the graph (weights, optimizer slots, beta powers, spectral-norm vectors) by name. */
    public Map<String, float[]> variableValues() {
        Map<String, float[]> out = new java.util.TreeMap<>();
        graph.operations().forEachRemaining(op -> {
            if (op.type().startsWith("Variable")) {
                try (org.tensorflow.Result r = session.runner().fetch(op.name()).run()) {
                    out.put(op.name(), Tensors.read(r.get(0)));
                }
            }
        });
        return out;
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
