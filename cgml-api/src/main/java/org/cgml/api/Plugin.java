package org.cgml.api;

import com.google.inject.Binder;
import com.google.inject.Module;
import com.google.inject.multibindings.MapBinder;
import com.google.inject.multibindings.Multibinder;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The Guice module a plugin jar contributes ({@code provides org.cgml.api.Plugin with ...}), found through
 * {@link ServiceLoader}: its {@link Module#configure} adds the jar's tasks ({@link #task}), file readers
 * ({@link #readers}) and training methods (the engine's {@code org.cgml.nn.plugin.Registry.methods(binder)}) to the
 * map bindings that one injector, the engine's registry, reads. A jar that provides only {@link TaskProvider},
 * {@link FuzzTarget} or the engine's {@code Method} services is bound the same way without a module of its own.
 */
public interface Plugin extends Module {

    /** Every plugin module on the module path (or class path), in {@link ServiceLoader} order. */
    static List<Plugin> installed() {
        return ServiceLoader.load(Plugin.class).stream().map(ServiceLoader.Provider::get).toList();
    }

    /** The tasks by name: a second task of the same name fails the injector. */
    static MapBinder<String, TaskProvider> tasks(Binder binder) {
        return MapBinder.newMapBinder(binder, String.class, TaskProvider.class);
    }

    /** Adds {@code provider}'s task: its entry in {@link #tasks} and its module, which binds its {@link Task}. */
    static void task(Binder binder, TaskProvider provider) {
        tasks(binder).addBinding(provider.name()).toInstance(provider);
        binder.install(provider.module());
    }

    /** The file readers that {@code cgml bench fuzz} mutates inputs of. */
    static Multibinder<FuzzTarget> readers(Binder binder) {
        return Multibinder.newSetBinder(binder, FuzzTarget.class);
    }
}
