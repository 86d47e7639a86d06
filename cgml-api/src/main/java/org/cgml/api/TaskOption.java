package org.cgml.api;

import java.util.List;
import java.util.Locale;

/**
 * A setting a task declares for its users (the paper's p, lambda, mask sizes, a data folder...), declared once with
 * its type and check: the CLI shows it in {@code cgml train --task T --help} as {@code --name}, {@link OptionValues}
 * parses and checks it, and the run records the resolved value.
 *
 * @param name         option name without dashes, lower case with '-' (e.g. {@code p}, {@code variant}, {@code data})
 * @param description  one line for the help text
 * @param defaultValue the value used when the user gives none, as text
 * @param parser       turns a value's text into its typed value, or throws {@link IllegalArgumentException} naming
 *                     {@code --name} and what it must be
 */
public record TaskOption(String name, String description, String defaultValue, Parser parser) {
    public TaskOption {
        if (!name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("task option names are lower case words with '-': " + name);
        }
    }

    /** Text to a typed value. */
    @FunctionalInterface
    public interface Parser {
        Object parse(String text);
    }

    /** Any text (trimmed), e.g. a folder. */
    public TaskOption(String name, String description, String defaultValue) {
        this(name, description, defaultValue, String::trim);
    }

    /** A number in [min, max] (a {@code Double}). */
    public static TaskOption number(String name, String description, String defaultValue, double min, double max) {
        return new TaskOption(name, description, defaultValue, text -> {
            double v;
            try {
                v = Double.parseDouble(text.trim());
            } catch (NumberFormatException e) {
                v = Double.NaN;
            }
            if (!(v >= min && v <= max)) {
                throw new IllegalArgumentException("--" + name + " must be a number in [" + format(min) + ", "
                        + format(max) + "] (got " + text + ")");
            }
            return v;
        });
    }

    /** A whole number in [min, max] (an {@code Integer}). */
    public static TaskOption integer(String name, String description, String defaultValue, int min, int max) {
        return new TaskOption(name, description, defaultValue, text -> {
            long v;
            try {
                v = Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                v = Long.MIN_VALUE;
            }
            if (v < min || v > max) {
                throw new IllegalArgumentException("--" + name + " must be a whole number in [" + min + ", " + max
                        + "] (got " + text + ")");
            }
            return (int) v;
        });
    }

    /** One of the given words (a {@code String}). */
    public static TaskOption choice(String name, String description, String defaultValue, String... choices) {
        List<String> allowed = List.of(choices);
        return new TaskOption(name, description, defaultValue, text -> {
            String v = text.trim();
            if (!allowed.contains(v)) {
                throw new IllegalArgumentException("--" + name + " must be one of " + String.join(", ", allowed)
                        + " (got " + text + ")");
            }
            return v;
        });
    }

    /** The typed value of {@code text}. */
    public Object parse(String text) {
        return parser.parse(text);
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%g", v);
    }
}
