package org.cgml.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.name.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cgml.api.Task;
import org.cgml.api.TaskProvider;
import org.cgml.nn.Method;

/**
 * The plugins the CLI works with: every task found through {@link TaskProvider#installed()}, bound in one Guice
 * injector assembled from their modules, and every training {@link Method} found through {@link Method#installed()};
 * plus any given directly (a program embedding the CLI, or a test, adds its own this way).
 */
final class TaskRegistry {
    private final Map<String, TaskProvider> providers = new TreeMap<>();
    private final Map<String, Method> methods = new TreeMap<>();
    private final Injector injector;

    TaskRegistry() {
        this(List.of(), List.of());
    }

    TaskRegistry(List<TaskProvider> extraTasks, List<Method> extraMethods) {
        List<Module> modules = new ArrayList<>();
        List<TaskProvider> all = new ArrayList<>(TaskProvider.installed());
        all.addAll(extraTasks);
        for (TaskProvider p : all) {
            TaskProvider previous = providers.putIfAbsent(p.name(), p);
            if (previous != null) {
                throw new IllegalStateException("two task plugins are named '" + p.name() + "': "
                        + previous.getClass().getName() + " and " + p.getClass().getName());
            }
            modules.add(p.module());
        }
        List<Method> allMethods = new ArrayList<>(Method.installed());
        allMethods.addAll(extraMethods);
        for (Method m : allMethods) {
            Method previous = methods.putIfAbsent(m.name(), m);
            if (previous != null) {
                throw new IllegalStateException("two method plugins are named '" + m.name() + "': "
                        + previous.getClass().getName() + " and " + m.getClass().getName());
            }
        }
        injector = Guice.createInjector(modules);
    }

    /** Providers by name, sorted. */
    Map<String, TaskProvider> providers() {
        return providers;
    }

    /** Methods by name, sorted. */
    Map<String, Method> methods() {
        return methods;
    }

    /** The task called {@code name}, or a user error listing the known ones. */
    Task task(String name) {
        if (!providers.containsKey(name)) {
            throw new UserError("unknown task '" + name + "'; known tasks: " + String.join(", ", providers.keySet()));
        }
        return injector.getInstance(Key.get(Task.class, Names.named(name)));
    }

    /** The method called {@code name}, or a user error listing the known ones. */
    Method method(String name) {
        if (!methods.containsKey(name)) {
            throw new UserError("unknown method '" + name + "'; known methods: " + String.join(", ", methods.keySet()));
        }
        return methods.get(name);
    }

    /** The installed tasks' names, as completion candidates of {@code --task}. */
    static final class TaskNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return TaskProvider.installed().stream().map(TaskProvider::name).sorted().iterator();
        }
    }

    /** The installed methods' names, as completion candidates of {@code --methods}. */
    static final class MethodNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Method.installed().stream().map(Method::name).iterator();
        }
    }
}
