package org.cgml.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.name.Names;
import java.util.List;
import org.cgml.api.Task;
import org.cgml.api.TaskProvider;
import org.junit.jupiter.api.Test;

class ServiceLoaderTest {
    @Test
    void findsTheToyTaskAndItsGuiceBinding() {
        List<TaskProvider> found = TaskProvider.installed();
        TaskProvider toy = found.stream().filter(p -> p.name().equals("toy")).findFirst().orElseThrow();
        assertTrue(toy.description().contains("x^2"));
        Task task = Guice.createInjector(toy.module()).getInstance(Key.get(Task.class, Names.named("toy")));
        assertEquals("toy", task.name());
        assertEquals(2, task.latent().dimension());
    }
}
