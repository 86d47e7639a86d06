/**
 * An example plugin: {@link org.cgml.example.MultipleChoice} (a method on the method SPI),
 * {@link org.cgml.example.Levels} (a task with its own figures) and {@link org.cgml.example.ExamplePlugin} (the Guice
 * module adding both to the registry's map bindings). Copy the module to start one of your own.
 */
package org.cgml.example;
