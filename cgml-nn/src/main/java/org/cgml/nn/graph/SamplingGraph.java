package org.cgml.nn.graph;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cgml.api.Task;
import org.cgml.api.TrainingConfig;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.TensorFlow;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.types.TFloat32;

/**
 * The graph of an exported model, holding only what sampling needs: H and G, and Z when sampling moves codes, built
 * by the builders of the training graph under the same variable names, each weight a variable that holds the value
 * the trained network uses it with (a spectral-normalised weight holds W / sigma(W)); the signatures "generator"
 * (x, z -> y) and "sampler" = "serving_default" (x, z0 -> y, z_T; for a fixed code x -> y). No optimizer slot, no
 * training op and no initialiser: its variables are assigned from the trained model's session ({@link #assign}).
 */
final class SamplingGraph implements AutoCloseable {
    /** The method name of every signature: TensorFlow Serving's Predict API. */
    static final String METHOD_NAME = "tensorflow/serving/predict";
    /** The scope of the ops that assign the trained values; they are left out of the exported graph. */
    private static final String LOAD_SCOPE = "load";

    private final Graph graph;
    private final Ops tf;
    private final Session session;
    private final List<Weights> weights = new ArrayList<>();
    private final List<Signature> signatures = new ArrayList<>();

    /**
     * The sampling graph of a model of {@code task} under {@code config} whose sampler takes its codes as
     * {@code codes} says (moved, for cGML, by Z for T steps of Eq. 4 or of the flow).
     */
    SamplingGraph(Task task, TrainingConfig config, SamplingCodes codes) {
        graph = new Graph();
        tf = Ops.create(graph);
        try {
            build(task, codes);
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
        session = new Session(graph, ConfigProto.newBuilder().setIntraOpParallelismThreads(config.threads())
                .setInterOpParallelismThreads(config.threads()).build());
    }

    private void build(Task task, SamplingCodes codes) {
        int latent = task.latent().dimension();
        Placeholder<TFloat32> x = tf.withName("x").placeholder(TFloat32.class,
                Placeholder.shape(Shape.of(Tensors.batched(-1, task.inputShape()))));
        Placeholder<TFloat32> z = tf.withName("z").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, latent)));
        Weights h = frozen("H");
        Weights g = frozen("G");
        Generator generator = Generator.create(task.architecture(), task.inputShape(), task.outputShape(), latent, h,
                g);
        Encoding encoding = generator.encode(tf, x);
        Operand<TFloat32> y = generator.bounded(tf, generator.decode(tf, encoding, x, z));
        signatures.add(signature("generator").input("x", x).input("z", z).output("y", y).build());
        if (codes.fixed()) { // every sample at the first basis vector
            Operand<TFloat32> fixed = tf.oneHot(tf.fill(tf.reshape(tf.slice(tf.shape(x), tf.constant(new int[] {0}),
                    tf.constant(new int[] {1})), tf.constant(new long[] {1})), tf.constant(0)), tf.constant(latent),
                    tf.constant(1f), tf.constant(0f));
            Operand<TFloat32> atFixed = generator.bounded(tf, generator.decode(tf, encoding, x, fixed));
            for (String key : List.of("sampler", Signature.DEFAULT_KEY)) {
                signatures.add(signature(key).input("x", x).output("y", atFixed).build());
            }
            return;
        }
        Operand<TFloat32> last = z; // codes not moved by Z are used as drawn: the sampler is G(h, z_0)
        if (codes.mover() != null) {
            last = codes.mover().move(tf, this::frozen, generator.featureSize(),
                    () -> tf.reshape(encoding.h(), tf.constant(new long[] {-1, generator.featureSize()})), z);
        }
        Operand<TFloat32> sampled = generator.bounded(tf, generator.decode(tf, encoding, x, last));
        Operand<TFloat32> zT = tf.identity(last);
        for (String key : List.of("sampler", Signature.DEFAULT_KEY)) {
            signatures.add(signature(key).input("x", x).input("z0", z).output("y", sampled).output("z", zT).build());
        }
    }

    private Weights frozen(String scope) {
        Weights w = Weights.frozen(tf, scope);
        weights.add(w);
        return w;
    }

    private static Signature.Builder signature(String key) {
        return Signature.builder().key(key).methodName(METHOD_NAME);
    }

    /** Every variable of the graph: the sampling parameters, in the order the builders made them. */
    List<Variable<TFloat32>> variables() {
        List<Variable<TFloat32>> all = new ArrayList<>();
        weights.forEach(w -> all.addAll(w.variables()));
        return all;
    }

    /**
     * Assigns every variable the value of {@code used}'s operand of its name (what the trained network uses that
     * weight as), read from {@code source}, the trained model's session.
     *
     * @throws IllegalStateException when the trained model has no weight of a variable's name
     */
    void assign(Session source, Map<String, Operand<TFloat32>> used) {
        List<Variable<TFloat32>> vars = variables();
        Session.Runner read = source.runner();
        for (Variable<TFloat32> v : vars) {
            Operand<TFloat32> value = used.get(v.op().name());
            if (value == null) {
                throw new IllegalStateException("the trained model has no weight " + v.op().name());
            }
            read.fetch(value);
        }
        Ops load = tf.withSubScope(LOAD_SCOPE);
        try (Result values = read.run()) {
            Session.Runner write = session.runner();
            for (int i = 0; i < vars.size(); i++) {
                Variable<TFloat32> v = vars.get(i);
                Placeholder<TFloat32> in = load.placeholder(TFloat32.class, Placeholder.shape(v.shape()));
                write.feed(in, values.get(i)).addTarget(load.assign(v, in));
            }
            try (Result done = write.run()) {
                // the assignments are the targets: nothing is fetched
            }
        }
    }

    /**
     * Writes the SavedModel into {@code dir}: tag "serve", the signatures with method name
     * {@value #METHOD_NAME}, the variables' values, and the TensorFlow version in the MetaGraphDef's meta_info_def
     * (its git version as the release tag of that version: the library does not expose its git description).
     */
    void export(Path dir) throws IOException {
        SavedModelBundle.exporter(dir.toString()).withTags(SavedModelBundle.DEFAULT_TAG).withSession(session)
                .withSignatures(signatures.toArray(new Signature[0])).export();
        Path file = dir.resolve("saved_model.pb");
        SavedModel saved;
        try (InputStream in = Files.newInputStream(file)) {
            saved = SavedModel.parseFrom(in);
        }
        SavedModel.Builder model = saved.toBuilder();
        for (MetaGraphDef.Builder meta : model.getMetaGraphsBuilderList()) {
            meta.setGraphDef(withoutLoading(meta.getGraphDef()));
            meta.getMetaInfoDefBuilder().setTensorflowVersion(TensorFlow.version())
                    .setTensorflowGitVersion("v" + TensorFlow.version());
        }
        SavedModel lean = model.build();
        org.cgml.api.OutputFiles.write(file, lean::writeTo);
    }

    /** {@code def} without the ops that assigned the trained values (nothing else reads them). */
    private static GraphDef withoutLoading(GraphDef def) {
        GraphDef.Builder kept = def.toBuilder().clearNode();
        for (NodeDef node : def.getNodeList()) {
            if (loading(node.getName())) {
                continue;
            }
            for (String input : node.getInputList()) {
                if (loading(input.startsWith("^") ? input.substring(1) : input)) {
                    throw new IllegalStateException("op " + node.getName() + " reads " + input + ", an assignment of"
                            + " the export");
                }
            }
            kept.addNode(node);
        }
        return kept.build();
    }

    private static boolean loading(String name) {
        return name.startsWith(LOAD_SCOPE + "/");
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
