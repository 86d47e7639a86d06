package org.cgml.example;

import com.google.inject.AbstractModule;
import org.cgml.api.Plugin;
import org.cgml.nn.plugin.Registry;

/**
 * The plugin's Guice module, named in module-info as {@code provides org.cgml.api.Plugin with ...}: it adds the
 * {@code levels} task and the {@code multiple-choice} method to the map bindings the engine's registry reads, so that
 * {@code cgml tasks}, {@code cgml methods}, {@code cgml train} and {@code cgml bench} find them with this module on the
 * module path. Nothing else in any other module names them.
 */
public final class ExamplePlugin extends AbstractModule implements Plugin {

    @Override
    protected void configure() {
        Plugin.task(binder(), new Levels.Provider());
        MultipleChoice method = new MultipleChoice();
        Registry.methods(binder()).addBinding(method.name()).toInstance(method);
    }
}
