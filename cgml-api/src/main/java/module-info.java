/**
 * cGML-J contracts: the {@link org.cgml.api.TaskProvider} service that task plugins provide, the data,
 * cost-family, latent-space, architecture and training-configuration types they exchange with the engine.
 * TensorFlow appears only in {@link org.cgml.api.CostFamily}, whose terms are graph ops built at call time.
 */
module org.cgml.api {
    requires transitive com.google.guice;
    requires transitive jakarta.inject;
    requires transitive tensorflow;
    requires transitive org.tensorflow.ndarray;
    requires transitive java.desktop;

    exports org.cgml.api;

    uses org.cgml.api.TaskProvider;
    uses org.cgml.api.FuzzTarget;
    uses org.cgml.api.Plugin;
}
