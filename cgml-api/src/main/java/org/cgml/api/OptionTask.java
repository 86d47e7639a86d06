package org.cgml.api;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.name.Names;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A task whose options are {@link OptionValues}: its name, its options and {@link #withOptions} are written here once;
 * a task gives its name and declared options to the constructor and says in {@link #with} how it is built from
 * option values. {@link Provider} registers it.
 */
public abstract class OptionTask implements Task {
    private final OptionValues options;

    /** A task called {@code name} at the defaults of its {@code declared} options. */
    protected OptionTask(String name, List<TaskOption> declared) {
        this(OptionValues.defaults(name, declared));
    }

    /** A task at {@code options}, as {@link #with} builds it. */
    protected OptionTask(OptionValues options) {
        this.options = options;
    }

    /** This task at {@code options} (the task's constructor from option values). */
    protected abstract Task with(OptionValues options);

    /** The task's option values, typed. */
    protected final OptionValues optionValues() {
        return options;
    }

    @Override
    public final String name() {
        return options.task();
    }

    @Override
    public final List<TaskOption> options() {
        return options.declared();
    }

    @Override
    public final Task withOptions(Map<String, String> values) {
        return with(options.with(values));
    }

    /**
     * Registers a task ({@code provides org.cgml.api.TaskProvider with ...}): a task's provider is a constructor
     * calling {@code super(name, description, MyTask::new)}. Its module binds a new task under
     * {@code @Named(name)}.
     */
    public abstract static class Provider implements TaskProvider {
        private final String name;
        private final String description;
        private final Supplier<? extends Task> task;

        protected Provider(String name, String description, Supplier<? extends Task> task) {
            this.name = name;
            this.description = description;
            this.task = task;
        }

        @Override
        public final String name() {
            return name;
        }

        @Override
        public final String description() {
            return description;
        }

        @Override
        public final Module module() {
            Task t = task.get();
            return new AbstractModule() {
                @Override
                protected void configure() {
                    bind(Task.class).annotatedWith(Names.named(name)).toInstance(t);
                }
            };
        }
    }
}
