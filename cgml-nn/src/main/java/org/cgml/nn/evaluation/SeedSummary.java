package org.cgml.nn.evaluation;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One figure over seeds: its mean, min and max and the value of each seed.
 *
 * @param values the figure of each seed, by seed
 */
public record SeedSummary(double mean, double min, double max, SortedMap<Long, Double> values) {

    /** The summary of {@code bySeed} (at least one seed). */
    public static SeedSummary of(Map<Long, Double> bySeed) {
        SortedMap<Long, Double> sorted = Collections.unmodifiableSortedMap(new TreeMap<>(bySeed));
        double[] v = sorted.values().stream().mapToDouble(Double::doubleValue).toArray();
        if (v.length == 0) {
            throw new IllegalArgumentException("a summary over seeds needs at least one seed");
        }
        return new SeedSummary(Arrays.stream(v).sum() / v.length, Arrays.stream(v).min().orElseThrow(),
                Arrays.stream(v).max().orElseThrow(), sorted);
    }

    /** How many seeds. */
    public int n() {
        return values.size();
    }
}
