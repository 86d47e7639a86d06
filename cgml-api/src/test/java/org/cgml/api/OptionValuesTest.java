package org.cgml.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Task options are typed and checked where they are declared; a task keeps values, never parses. */
class OptionValuesTest {
    static final TaskOption P = TaskOption.number("p", "a probability", "0.2", 0, 1);
    static final TaskOption K = TaskOption.integer("bins", "bins", "20", 2, 100);
    static final TaskOption V = TaskOption.choice("variant", "mode", "box", "box", "digit");
    static final TaskOption D = new TaskOption("data", "folder", "data/x");

    @Test
    void defaultsThenGivenValuesTypedAndChecked() {
        OptionValues o = OptionValues.defaults("t", List.of(P, K, V, D));
        assertEquals(0.2, o.number(P));
        assertEquals(20, o.integer(K));
        OptionValues changed = o.with(Map.of("p", "0.3", "variant", "digit", "data", " /tmp/d "));
        assertEquals(0.3, changed.number(P));
        assertEquals("digit", changed.text(V));
        assertEquals("/tmp/d", changed.text(D));
        assertEquals(20, changed.integer(K), "untouched values keep theirs");
        assertEquals(0.2, o.number(P), "values are immutable");
        assertEquals(0.3, changed.with(Map.of("bins", "4")).number(P), "an earlier change survives a later one");
    }

    @Test
    void badValuesAndUnknownNamesSayWhat() {
        OptionValues o = OptionValues.defaults("t", List.of(P, K, V));
        assertMessage(() -> o.with(Map.of("p", "1.5")), "--p must be a number in [0, 1]");
        assertMessage(() -> o.with(Map.of("p", "often")), "--p must be a number");
        assertMessage(() -> o.with(Map.of("bins", "2.5")), "--bins must be a whole number in [2, 100]");
        assertMessage(() -> o.with(Map.of("variant", "circle")), "--variant must be one of box, digit");
        assertMessage(() -> o.with(Map.of("colour", "red")), "task t has no option --colour; its options: --p, --bins");
    }

    private static void assertMessage(Runnable r, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
