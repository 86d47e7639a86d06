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

/** Every task found through {@link TaskProvider#installed()} (ServiceLoader), bound in one Guice injector assembled from their modules. */
final class TaskRegistry {
    private final Map<String, TaskProvider> providers = new TreeMap<>();
    private final Injector injector;

    TaskRegistry() {
        List<Module> modules = new ArrayList<>();
        for (TaskProvider p : TaskProvider.installed()) {
            TaskProvider previous = providers.putIfAbsent(p.name(), p);
            if (previous != null) {
                throw new IllegalStateException("two task plugins are named '" + p.name() + "': "
                        + previous.getClass().getName() + " and " + p.getClass().getName());
            }
            modules.add(p.module());
        }
        injector = Guice.createInjector(modules);
    }

    /** Providers by name, sorted. */
    Map<String, TaskProvider> providers() {
        return providers;
    }

    /** The task called {@code name}, or a user error listing the known ones. */
    Task task(String name) {
        if (!providers.containsKey(name)) {
            throw new UserError("unknown task '" + name + "'; known tasks: " + String.join(", ", providers.keySet()));
        }
        return injector.getInstance(Key.get(Task.class, Names.named(name)));
    }
}
