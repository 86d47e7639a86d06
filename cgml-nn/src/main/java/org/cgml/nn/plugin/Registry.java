package org.cgml.nn.plugin;

import com.google.inject.AbstractModule;
import com.google.inject.Binder;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import com.google.inject.name.Names;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.cgml.api.FuzzTarget;
import org.cgml.api.Plugin;
import org.cgml.api.Task;
import org.cgml.api.TaskProvider;
import org.cgml.nn.Method;

/**
 * The tasks, training methods and file readers of every plugin, read from one Guice injector: each
 * {@link Plugin#installed() plugin module}, every {@link TaskProvider#installed() task provider},
 * {@link Method#installed() method} and {@link FuzzTarget#installed() file reader} found through ServiceLoader, plus
 * the tasks and methods a program or a test gives ({@link #with}). Two tasks, or two methods, of one name are refused.
 */
public final class Registry {
    private final Injector injector;
    private final Map<String, TaskProvider> providers;
    private final Map<String, Method> methods;
    private final List<FuzzTarget> readers;

    private Registry(List<Module> modules) {
        try {
            injector = Guice.createInjector(modules);
        } catch (CreationException e) {
            // a map binding's duplicate key, said in one line
            throw new IllegalStateException("the plugins do not fit together: " + e.getErrorMessages().iterator()
                    .next().getMessage(), e);
        }
        providers = Collections.unmodifiableMap(new TreeMap<>(injector.getInstance(
                Key.get(new TypeLiteral<Map<String, TaskProvider>>() { }))));
        methods = Collections.unmodifiableMap(new TreeMap<>(injector.getInstance(
                Key.get(new TypeLiteral<Map<String, Method>>() { }))));
        readers = List.copyOf(injector.getInstance(Key.get(new TypeLiteral<Set<FuzzTarget>>() { })));
    }

    /** The registry of every plugin found. */
    public static Registry installed() {
        return with(List.of());
    }

    /** The registry of every plugin found plus {@code tasks} and {@code methods} (a program's or a test's own). */
    public static Registry with(List<TaskProvider> tasks, List<Method> methods) {
        return with(List.of(new AbstractModule() {
            @Override
            protected void configure() {
                tasks.forEach(p -> Plugin.task(binder(), p));
                methods.forEach(m -> methods(binder()).addBinding(m.name()).toInstance(m));
            }
        }));
    }

    /**
     * The registry of every plugin found plus {@code modules}, a program's own plugin modules (adding to
     * {@link Plugin#tasks}, {@link #methods(Binder)} and {@link Plugin#readers} as a plugin jar's do).
     */
    public static Registry with(List<? extends Module> modules) {
        List<Module> all = new ArrayList<>(Plugin.installed());
        all.add(new AbstractModule() { // the services of jars without a module of their own
            @Override
            protected void configure() {
                TaskProvider.installed().forEach(p -> Plugin.task(binder(), p));
                Method.installed().forEach(m -> methods(binder()).addBinding(m.name()).toInstance(m));
                FuzzTarget.installed().forEach(r -> Plugin.readers(binder()).addBinding().toInstance(r));
            }
        });
        all.addAll(modules);
        return new Registry(all);
    }

    /** The training methods by name: a plugin module adds its own with {@code methods(binder()).addBinding(NAME)}. */
    public static MapBinder<String, Method> methods(Binder binder) {
        return MapBinder.newMapBinder(binder, String.class, Method.class);
    }

    /** Task providers by name, sorted. */
    public Map<String, TaskProvider> providers() {
        return providers;
    }

    /** Methods by name, sorted. */
    public Map<String, Method> methods() {
        return methods;
    }

    /** The file readers, in the order their plugins were found. */
    public List<FuzzTarget> readers() {
        return readers;
    }

    /** The task called {@code name} (its defaults), or an {@link IllegalArgumentException} listing the known ones. */
    public Task task(String name) {
        if (!providers.containsKey(name)) {
            throw new IllegalArgumentException("unknown task '" + name + "'; known tasks: "
                    + String.join(", ", providers.keySet()));
        }
        return injector.getInstance(Key.get(Task.class, Names.named(name)));
    }

    /** The method called {@code name}, or an {@link IllegalArgumentException} listing the known ones. */
    public Method method(String name) {
        if (!methods.containsKey(name)) {
            throw new IllegalArgumentException("unknown method '" + name + "'; known methods: "
                    + String.join(", ", methods.keySet()));
        }
        return methods.get(name);
    }
}
