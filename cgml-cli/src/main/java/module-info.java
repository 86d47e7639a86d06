/** The cgml command line: picocli commands over a Guice injector assembled from every TaskProvider found. */
module org.cgml.cli {
    requires org.cgml.api;
    requires org.cgml.nn;
    requires org.cgml.eval;
    requires info.picocli;
    requires com.sun.jna;
    requires com.fasterxml.jackson.databind;
    requires com.google.guice;
    requires java.desktop;
    requires java.management;

    uses org.cgml.api.FuzzTarget;

    opens org.cgml.cli to info.picocli;
}
