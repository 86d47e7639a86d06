/**
 * The cGML engine on TensorFlow Java: the Algorithm-1 trainer, the Eq.-4 sampler, the L1 baseline,
 * checkpoints and SavedModel export, plus the built-in toy task and synthetic data for tests.
 */
module org.cgml.nn {
    requires transitive org.cgml.api;
    requires transitive tensorflow;
    requires tensorflow.framework;
    requires java.logging;
    requires java.desktop;

    exports org.cgml.nn;
    exports org.cgml.nn.toy;

    provides org.cgml.api.TaskProvider with org.cgml.nn.toy.ToyTaskProvider;
}
