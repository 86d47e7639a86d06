/**
 * An example plugin, the template of a module adding to cGML-J from outside: a training method
 * ({@code multiple-choice}) and a task ({@code levels}), each one class, registered by one Guice module found through
 * {@link java.util.ServiceLoader}. It reads the engine's exported packages only and exports nothing.
 */
module org.cgml.example {
    requires org.cgml.nn;

    provides org.cgml.api.Plugin with org.cgml.example.ExamplePlugin;
}
