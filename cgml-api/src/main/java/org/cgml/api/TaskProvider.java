package org.cgml.api;

import com.google.inject.Module;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Service a task plugin provides ({@code provides org.cgml.api.TaskProvider with ...}); found through
 * {@link java.util.ServiceLoader}. The Guice module it returns must bind {@link Task} annotated with
 * {@code @Named(name())}.
 */
public interface TaskProvider {

    /** Task id used on the command line, e.g. {@code toy}; lower case, digits and '-'. */
    String name();

    /** One line saying what the task maps to what (shown by {@code cgml tasks}). */
    String description();

    /** The Guice module that binds this task's {@link Task} under {@code @Named(name())}. */
    Module module();

    /** Every provider on the module path (or class path), in {@link ServiceLoader} order. */
    static List<TaskProvider> installed() {
        return ServiceLoader.load(TaskProvider.class).stream().map(ServiceLoader.Provider::get).toList();
    }
}
