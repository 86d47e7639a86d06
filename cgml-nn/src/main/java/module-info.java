/**
 * The cGML engine on TensorFlow Java: the training loop, the {@link org.cgml.nn.Method} plugins (cGML's Algorithm 1
 * and the regression baseline), the Eq.-4 sampler, checkpoints and SavedModel export, plus the built-in toy task and
 * synthetic data for tests.
 */
module org.cgml.nn {
    requires transitive org.cgml.api;
    requires transitive tensorflow;
    requires tensorflow.framework;
    requires java.logging;
    requires java.desktop;
    requires transitive org.cgml.eval;
    requires org.jfree.jfreechart;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.csv;

    exports org.cgml.nn;
    exports org.cgml.nn.evaluation;
    exports org.cgml.nn.graph;
    exports org.cgml.nn.method.cgml;
    exports org.cgml.nn.method;
    exports org.cgml.nn.plugin;
    exports org.cgml.nn.run;
    exports org.cgml.nn.toy;

    opens org.cgml.nn.run to com.fasterxml.jackson.databind;

    uses org.cgml.nn.Method;

    provides org.cgml.api.TaskProvider with org.cgml.nn.toy.ToyTaskProvider;
    provides org.cgml.api.FuzzTarget with org.cgml.nn.run.Fuzz.ConfigJson, org.cgml.nn.run.Fuzz.CheckpointState;
    provides org.cgml.nn.Method with org.cgml.nn.method.cgml.Cgml, org.cgml.nn.method.baseline.Baseline,
            org.cgml.nn.method.cimle.Cimle, org.cgml.nn.method.pix2pix.Pix2pix, org.cgml.nn.method.dsgan.Dsgan,
            org.cgml.nn.method.bicyclegan.BicycleGan,
            org.cgml.nn.method.contextencoder.ContextEncoder, org.cgml.nn.method.cvae.Cvae;
}
