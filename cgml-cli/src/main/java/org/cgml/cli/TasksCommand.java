package org.cgml.cli;

import org.cgml.api.TaskProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code cgml tasks}: every task plugin found. */
@Command(name = "tasks", mixinStandardHelpOptions = true, description = "List every task found (ServiceLoader).")
final class TasksCommand implements Runnable {
    @ParentCommand
    Main main;

    @Override
    public void run() {
        for (TaskProvider p : main.registry().providers().values()) {
            main.out.printf("%-20s %s%n", p.name(), p.description());
        }
    }

    /** {@code cgml methods}: every training method found. */
    @Command(name = "methods", mixinStandardHelpOptions = true,
            description = "List every training method found (ServiceLoader).")
    static final class Methods implements Runnable {
        @ParentCommand
        Main main;

        @Override
        public void run() {
            for (org.cgml.nn.Method m : main.registry().methods().values()) {
                main.out.printf("%-20s %s%n", m.name(), m.description());
            }
        }
    }
}
