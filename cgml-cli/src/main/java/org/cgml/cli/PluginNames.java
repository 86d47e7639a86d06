package org.cgml.cli;

import org.cgml.nn.plugin.Registry;

/** The names the plugins bring, as completion candidates of the command line's options. */
final class PluginNames {
    private PluginNames() {
    }

    /** The installed tasks' names, as completion candidates of {@code --task}. */
    static final class Tasks implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Registry.installed().providers().keySet().iterator();
        }
    }

    /** The installed methods' names, as completion candidates of {@code --methods}. */
    static final class Methods implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            // ServiceLoader's order first (the built-in methods as their module lists them), then any plugin module's
            java.util.Set<String> names = new java.util.LinkedHashSet<>();
            org.cgml.nn.Method.installed().forEach(m -> names.add(m.name()));
            names.addAll(Registry.installed().methods().keySet());
            return names.iterator();
        }
    }
}
