package org.cgml.nn.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.name.Names;
import java.util.List;
import org.cgml.api.FuzzTarget;
import org.cgml.api.Plugin;
import org.cgml.api.Task;
import org.cgml.api.TaskProvider;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.Method;
import org.cgml.nn.MethodModel;
import org.cgml.nn.toy.ToyTask;
import org.junit.jupiter.api.Test;

/** The plugins' tasks, methods and file readers through one injector, and a program's own added beside them. */
class RegistryTest {

    /** A task provider of the toy task under another name. */
    private static TaskProvider toyAs(String name) {
        return new TaskProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String description() {
                return "the toy task, again";
            }

            @Override
            public Module module() {
                return new AbstractModule() {
                    @Override
                    protected void configure() {
                        bind(Task.class).annotatedWith(Names.named(name)).toInstance(new ToyTask());
                    }
                };
            }
        };
    }

    /** A method of the given name that trains as the baseline does. */
    private static Method baselineAs(String name) {
        Method baseline = Method.named("baseline", Method.installed());
        return new Method() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String description() {
                return "the baseline, again";
            }

            @Override
            public MethodModel build(Task task, TrainingConfig config) {
                return baseline.build(task, config);
            }
        };
    }

    @Test
    void theInstalledPluginsAreFound() {
        Registry r = Registry.installed();
        assertTrue(r.providers().containsKey("toy"), "the toy task of this module: " + r.providers().keySet());
        assertEquals("toy", r.task("toy").name());
        assertEquals(Method.installed().stream().map(Method::name).sorted().toList(), List.copyOf(r.methods().keySet()));
        List<String> plugins = com.google.inject.Guice.createInjector(Plugin.installed()).getInstance(
                com.google.inject.Key.get(new com.google.inject.TypeLiteral<java.util.Set<FuzzTarget>>() { }))
                .stream().map(FuzzTarget::name).toList();
        assertEquals(List.of("pth"), plugins, "cgml-eval's reader, bound by its plugin module");
        assertEquals(java.util.stream.Stream.concat(plugins.stream(), FuzzTarget.installed().stream()
                .map(FuzzTarget::name)).toList(), r.readers().stream().map(FuzzTarget::name).toList(),
                "every file reader: the plugin modules' and then the services', each in ServiceLoader order");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.task("nope"));
        assertTrue(e.getMessage().startsWith("unknown task 'nope'; known tasks: "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> r.method("nope"));
        assertTrue(e.getMessage().startsWith("unknown method 'nope'; known methods: "), e.getMessage());
    }

    @Test
    void aProgramAddsItsOwnTasksAndMethods() {
        Method mine = baselineAs("mine");
        Registry r = Registry.with(List.of(toyAs("my-toy")), List.of(mine));
        assertEquals("toy", r.task("my-toy").name(), "its task, bound by its provider's module");
        assertEquals("the toy task, again", r.providers().get("my-toy").description());
        assertSame(mine, r.method("mine"));
        assertTrue(r.providers().containsKey("toy") && r.methods().containsKey("cgml"), "beside the installed ones");
    }

    @Test
    void aPluginModuleAddsToTheMapBindings() {
        Method mine = baselineAs("from-a-module");
        Registry r = Registry.with(List.of(new AbstractModule() {
            @Override
            protected void configure() {
                Plugin.task(binder(), toyAs("module-toy"));
                Registry.methods(binder()).addBinding(mine.name()).toInstance(mine);
            }
        }));
        assertEquals("toy", r.task("module-toy").name());
        assertSame(mine, r.method("from-a-module"));
    }

    @Test
    void twoPluginsOfOneNameAreRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Registry.with(List.of(toyAs("toy")), List.of()));
        assertTrue(e.getMessage().contains("toy"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> Registry.with(List.of(), List.of(baselineAs("cgml"))));
    }
}
