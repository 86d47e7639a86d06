package org.cgml.nn.method;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.cgml.api.Task;
import org.cgml.nn.MethodModel;
import org.cgml.nn.Sampler;
import org.cgml.nn.graph.GraphSampler;
import org.cgml.nn.graph.ModelGraph;
import org.tensorflow.Session;

/** What every model built on a {@link ModelGraph} (H, G, Z) shares: its session, variables, sampler and export. */
abstract class GraphModel implements MethodModel {
    final Task task;
    final ModelGraph graph;
    private final GraphSampler.Codes codes;

    GraphModel(Task task, ModelGraph graph, GraphSampler.Codes codes) {
        this.task = task;
        this.graph = graph;
        this.codes = codes;
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
        if (codes == GraphSampler.Codes.FIXED) {
            graph.exportFixedCode(dir.toString());
        } else {
            graph.export(dir.toString(), samplingSteps);
        }
    }

    @Override
    public void close() {
        graph.close();
    }
}
