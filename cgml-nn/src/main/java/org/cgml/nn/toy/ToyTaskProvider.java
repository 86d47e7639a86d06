package org.cgml.nn.toy;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.name.Names;
import org.cgml.api.Task;
import org.cgml.api.TaskProvider;

/** Registers the toy task: {@code provides org.cgml.api.TaskProvider with ToyTaskProvider} in module-info. */
public final class ToyTaskProvider implements TaskProvider {

    @Override
    public String name() {
        return ToyTask.NAME;
    }

    @Override
    public String description() {
        return "x in [-1,1] -> y = s*4(x, x^2, x^3), s = +/-1: two modes (paper Fig. 3)";
    }

    @Override
    public Module module() {
        return new AbstractModule() {
            @Override
            protected void configure() {
                bind(Task.class).annotatedWith(Names.named(ToyTask.NAME)).toInstance(new ToyTask());
            }
        };
    }
}
