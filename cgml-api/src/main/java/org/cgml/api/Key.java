package org.cgml.api;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * One training setting, declared once: its name in config.json and on the command line ({@code --config name=v}, the
 * flag {@code --name-with-dashes} and {@code --methods METHOD:name=v}), its type and default, the rule its value obeys, a
 * one-line doc, and whether a resumed run may change it (and whether only sampling reads it). The engine's keys are constants of {@link TrainingConfig};
 * a training method declares its own beside its code. A config is read with {@link TrainingConfig#get(Key)}.
 *
 * @param <T> the value's type: {@code String}, {@code Long}, {@code Integer}, {@code Float}, {@code Double},
 *            {@code Boolean} or an enum
 */
public final class Key<T> {

    /**
     * What a setting's value must satisfy.
     *
     * @param holds whether a value obeys the rule
     * @param says  the rule in words, as an error message continues the key's name ("must be positive")
     */
    public record Rule(Predicate<Object> holds, String says) {
        /** Any value of the key's type. */
        public static final Rule ANY = new Rule(v -> true, "");
        /** A finite number above 0. */
        public static final Rule POSITIVE = new Rule(v -> v instanceof Number n && n.doubleValue() > 0
                && Double.isFinite(n.doubleValue()), "must be positive");
        /** A finite number of at least 0. */
        public static final Rule NON_NEGATIVE = new Rule(v -> v instanceof Number n && n.doubleValue() >= 0
                && Double.isFinite(n.doubleValue()), "must be >= 0");
        /** A lower-case name of letters, digits and '-'. */
        public static final Rule NAME = new Rule(v -> v instanceof String t && t.matches("[a-z][a-z0-9-]*"),
                "must be a lower-case name (letters, digits, '-')");

        /** A whole number in [min, max]; {@code why} follows the range in the error message. */
        public static Rule between(long min, long max, String why) {
            return new Rule(v -> v instanceof Number n && n.longValue() >= min && n.longValue() <= max
                    && n.doubleValue() == n.longValue(), "must be in [" + min + ", " + max + "]" + why);
        }
    }

    /**
     * A key with a value of its type: what a recipe is made of, so that a recipe names only declared keys and gives
     * each a value of the right type.
     */
    public record Value<T>(Key<T> key, T value) {
    }

    private final String name;
    private final Class<T> type;
    private final T defaultValue;
    private final Rule rule;
    private final String doc;
    private final boolean resumable;
    private final boolean sampling;
    private final T paperValue;

    private Key(String name, Class<T> type, T defaultValue, Rule rule, String doc, boolean resumable,
                boolean sampling) {
        this(name, type, defaultValue, rule, doc, resumable, sampling, null);
    }

    private Key(String name, Class<T> type, T defaultValue, Rule rule, String doc, boolean resumable, boolean sampling,
                T paperValue) {
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("setting names are lower case words with '_': " + name);
        }
        this.name = name;
        this.type = type;
        this.defaultValue = defaultValue;
        this.rule = rule;
        this.doc = doc;
        this.resumable = resumable || sampling;
        this.sampling = sampling;
        this.paperValue = paperValue;
        if (defaultValue != null) {
            check(defaultValue);
        }
        if (paperValue != null) {
            check(paperValue);
        }
    }

    /**
     * This setting with its value under the paper's recipe ({@code recipe=paper}) where that differs from the engine
     * default, the project's tuned one: declare a key with it, since keys are compared by identity.
     */
    public Key<T> paper(T value) {
        return new Key<>(name, type, defaultValue, rule, doc, resumable, sampling,
                java.util.Objects.requireNonNull(value));
    }

    /** Its value under the paper's recipe: the one {@link #paper} gave, else the default. */
    public T paperValue() {
        return paperValue != null ? paperValue : defaultValue;
    }

    /**
     * A setting a resumed run keeps as recorded.
     *
     * @param name         its name in config.json, lower case with '_' (the flag has '-')
     * @param type         its value's class
     * @param defaultValue the engine default, or null where the setting is required
     * @param rule         what its value must satisfy
     * @param doc          one line saying what it does
     */
    public static <T> Key<T> of(String name, Class<T> type, T defaultValue, Rule rule, String doc) {
        return new Key<>(name, type, defaultValue, rule, doc, false, false);
    }

    /** A setting a resumed run may change (the budget and the machine settings; nothing that shapes the model). */
    public static <T> Key<T> resumable(String name, Class<T> type, T defaultValue, Rule rule, String doc) {
        return new Key<>(name, type, defaultValue, rule, doc, true, false);
    }

    /**
     * A setting only sampling reads (which of the drawn samples are kept, in what order): training never sees it, so a
     * resumed run may change it and a bench scores a trained run under another value without training it again.
     */
    public static <T> Key<T> sampling(String name, Class<T> type, T defaultValue, Rule rule, String doc) {
        return new Key<>(name, type, defaultValue, rule, doc, true, true);
    }

    /** The name used in config files and with {@code --config}. */
    public String name() {
        return name;
    }

    /** The value's class. */
    public Class<T> type() {
        return type;
    }

    /** The default, or null where there is none (the required {@code iterations}). */
    public T defaultValue() {
        return defaultValue;
    }

    /** The command-line flag, e.g. {@code --inner-steps}. */
    public String flag() {
        return "--" + name.replace('_', '-');
    }

    /** One line saying what the setting does. */
    public String doc() {
        return doc;
    }

    /** Whether a resumed run may change it. */
    public boolean resumable() {
        return resumable;
    }

    /** Whether only sampling reads it ({@link #sampling(String, Class, Object, Rule, String)}). */
    public boolean sampling() {
        return sampling;
    }

    /** This key with {@code value}, e.g. an entry of a recipe. */
    public Value<T> is(T value) {
        return new Value<>(this, value);
    }

    /** The default as text, or null where there is none. */
    public String defaultText() {
        return defaultValue == null ? null : text(defaultValue);
    }

    /** A value of this key as config.json and the command line write it (enums in lower case). */
    public String text(Object value) {
        return value instanceof Enum<?> e ? e.name().toLowerCase(Locale.ROOT) : String.valueOf(value);
    }

    /** The values it takes when they are a fixed few (an enum's, in lower case), else none. */
    public List<String> choices() {
        if (type.isEnum()) {
            return Arrays.stream(type.getEnumConstants()).map(this::text).toList();
        }
        return List.of();
    }

    /** The value of {@code text}, of this key's type and obeying its rule, or an error saying what is wrong. */
    public T parse(String text) {
        String t = text.trim();
        Object v = null;
        try {
            if (type == String.class) {
                v = t;
            } else if (type == Long.class) {
                v = Long.parseLong(t);
            } else if (type == Integer.class) {
                v = Integer.parseInt(t);
            } else if (type == Float.class) {
                v = Float.parseFloat(t);
            } else if (type == Double.class) {
                v = Double.parseDouble(t);
            } else if (type == Boolean.class) {
                v = t.equalsIgnoreCase("true") ? Boolean.TRUE : t.equalsIgnoreCase("false") ? Boolean.FALSE : null;
            } else if (type.isEnum()) {
                for (T c : type.getEnumConstants()) {
                    if (((Enum<?>) c).name().equalsIgnoreCase(t)) {
                        v = c;
                    }
                }
            }
        } catch (NumberFormatException ex) {
            // reported below
        }
        if (v == null) {
            String allowed = type.isEnum() ? "; use one of: " + String.join(", ", choices()) : "";
            throw new IllegalArgumentException("bad value '" + text + "' for " + name + allowed);
        }
        return check(v);
    }

    /** {@code value} if it is of this key's type and obeys its rule, else an error saying the rule. */
    public T check(Object value) {
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException(name + " takes a " + type.getSimpleName() + " (got " + value + ")");
        }
        if (!rule.holds().test(value)) {
            throw new IllegalArgumentException(name + " " + rule.says() + " (got " + value + ")");
        }
        return type.cast(value);
    }

    /** The key called {@code name} among {@code keys}, or an error listing their names. */
    public static Key<?> named(String name, Collection<? extends Key<?>> keys) {
        for (Key<?> k : keys) {
            if (k.name.equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown config key '" + name + "'; valid keys: "
                + keys.stream().map(Key::name).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return name;
    }
}
