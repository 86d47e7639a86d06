/**
 * The plugins the engine works with, through one Guice injector: each plugin jar's {@link org.cgml.api.Plugin}
 * module, and every {@link org.cgml.api.TaskProvider}, {@link org.cgml.nn.Method} and {@link org.cgml.api.FuzzTarget}
 * service found, add their tasks, methods and file readers to map bindings that {@link org.cgml.nn.plugin.Registry}
 * reads.
 */
package org.cgml.nn.plugin;
