package org.cgml.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A task's option values, typed and checked by their {@link TaskOption} declarations: what a task keeps instead of
 * parsing its options itself. {@link #with} gives the values with some changed, so {@link Task#withOptions} is one
 * line.
 */
public final class OptionValues {
    private final String task;
    private final List<TaskOption> declared;
    private final Map<String, Object> values;

    private OptionValues(String task, List<TaskOption> declared, Map<String, Object> values) {
        this.task = task;
        this.declared = declared;
        this.values = values;
    }

    /** The defaults of {@code declared}, the options of task {@code task}. */
    public static OptionValues defaults(String task, List<TaskOption> declared) {
        Map<String, Object> v = new LinkedHashMap<>();
        for (TaskOption o : declared) {
            v.put(o.name(), o.parse(o.defaultValue()));
        }
        return new OptionValues(task, List.copyOf(declared), v);
    }

    /** These values with {@code given} (names without dashes, values as text) parsed and checked on top. */
    public OptionValues with(Map<String, String> given) {
        Map<String, Object> v = new LinkedHashMap<>(values);
        for (Map.Entry<String, String> e : given.entrySet()) {
            TaskOption o = declared.stream().filter(d -> d.name().equals(e.getKey())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("task " + task + " has no option --" + e.getKey()
                            + (declared.isEmpty() ? "" : "; its options: " + declared.stream().map(d -> "--" + d.name())
                                .collect(Collectors.joining(", ")))));
            v.put(o.name(), o.parse(e.getValue()));
        }
        return new OptionValues(task, declared, v);
    }

    /** The name of the task these values are of. */
    public String task() {
        return task;
    }

    /** The options these values are of. */
    public List<TaskOption> declared() {
        return declared;
    }

    /** The typed value of {@code option}. */
    public Object get(TaskOption option) {
        if (!values.containsKey(option.name())) {
            throw new IllegalArgumentException("task " + task + " declares no option --" + option.name());
        }
        return values.get(option.name());
    }

    public String text(TaskOption option) {
        return (String) get(option);
    }

    public double number(TaskOption option) {
        return (Double) get(option);
    }

    public int integer(TaskOption option) {
        return (Integer) get(option);
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
