package org.cgml.eval;

import java.util.Arrays;

/** Order statistics the benches report (medians, not means, on noisy or heavy-tailed figures). */
public final class Stats {
    private Stats() {
    }

    /** The median of {@code v} (the mean of the two middle values for an even count); NaN when empty. */
    public static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length == 0 ? Double.NaN : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
