package org.cgml.api;

/**
 * A setting a task declares for its users (the paper's p, lambda, mask sizes, a data folder...): the CLI shows it
 * in {@code cgml train --task T --help} as {@code --name}, passes it to {@link Task#withOptions}, and records the
 * resolved value in the run.
 *
 * @param name         option name without dashes, lower case with '-' (e.g. {@code p}, {@code variant}, {@code data})
 * @param description  one line for the help text
 * @param defaultValue the value used when the user gives none, as text
 */
public record TaskOption(String name, String description, String defaultValue) {
    public TaskOption {
        if (!name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("task option names are lower case words with '-': " + name);
        }
    }
}
