package org.cgml.tasks.image.data;

import java.util.SplittableRandom;

/**
 * Hole masks for inpainting (paper section 5.3, Table 3), S x S booleans, true inside the hole: random-sized
 * squares for training; squares of a given share of the area at random positions, the centre square, and irregular
 * brush strokes for evaluation.
 */
public final class Masks {
    private Masks() {
    }

    /** A square of side {@code side} at (x, y). */
    public static boolean[] square(int s, int side, int x, int y) {
        boolean[] m = new boolean[s * s];
        for (int r = y; r < Math.min(s, y + side); r++) {
            for (int c = x; c < Math.min(s, x + side); c++) {
                m[r * s + c] = true;
            }
        }
        return m;
    }

    /** A square with side in [minSide, maxSide] at a random position (training holes). */
    public static boolean[] randomSquare(int s, int minSide, int maxSide, SplittableRandom rng) {
        int side = minSide + rng.nextInt(maxSide - minSide + 1);
        return square(s, side, rng.nextInt(s - side + 1), rng.nextInt(s - side + 1));
    }

    /** A square covering {@code share} of the area (10 %, 15 %, 25 %...) at a random position. */
    public static boolean[] areaSquare(int s, double share, SplittableRandom rng) {
        int side = (int) Math.round(s * Math.sqrt(share));
        return square(s, side, rng.nextInt(s - side + 1), rng.nextInt(s - side + 1));
    }

    /** The centre square covering a quarter of the area. */
    public static boolean[] centre(int s) {
        return square(s, s / 2, s / 4, s / 4);
    }

    /** Irregular brush strokes (random walks with a round brush) covering about 15-30 % of the area. */
    public static boolean[] strokes(int s, SplittableRandom rng) {
        boolean[] m = new boolean[s * s];
        int covered = 0;
        double target = s * s * (0.15 + 0.15 * rng.nextDouble());
        while (covered < target) {
            double x = rng.nextDouble() * s;
            double y = rng.nextDouble() * s;
            double angle = rng.nextDouble() * 2 * Math.PI;
            double radius = Math.max(1, s / 32.0 + rng.nextDouble() * s / 16.0);
            int steps = 4 + rng.nextInt(8);
            for (int k = 0; k < steps && covered < target; k++) {
                angle += (rng.nextDouble() - 0.5) * 1.5;
                x = Math.max(0, Math.min(s - 1, x + Math.cos(angle) * radius));
                y = Math.max(0, Math.min(s - 1, y + Math.sin(angle) * radius));
                for (int r = (int) (y - radius); r <= y + radius; r++) {
                    for (int c = (int) (x - radius); c <= x + radius; c++) {
                        if (r >= 0 && r < s && c >= 0 && c < s && (r - y) * (r - y) + (c - x) * (c - x) <= radius * radius
                                && !m[r * s + c]) {
                            m[r * s + c] = true;
                            covered++;
                        }
                    }
                }
            }
        }
        return m;
    }

    /** Share of true pixels. */
    public static double area(boolean[] m) {
        int n = 0;
        for (boolean b : m) {
            if (b) {
                n++;
            }
        }
        return (double) n / m.length;
    }
}
