package org.cgml.tasks.spectral;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Area-weighted uniform sampling of a mesh surface into a point cloud (a triangle is picked with probability
 * proportional to its area, then a uniform point inside it). */
public final class SurfaceSampler {
    private SurfaceSampler() {
    }

    /** {@code n} points (x, y, z each) on the surface of {@code mesh}; the same seed gives the same points. */
    public static double[] sample(Mesh mesh, int n, long seed) {
        if (n < 0) {
            throw new IllegalArgumentException("point count must be >= 0, not " + n);
        }
        int t = mesh.triangleCount();
        double[] cumulative = new double[t];
        double total = 0;
        for (int i = 0; i < t; i++) {
            total += mesh.area(i);
            cumulative[i] = total;
        }
        if (!(total > 0)) {
            throw new IllegalArgumentException(mesh.name() + ": mesh has no surface area to sample");
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] out = new double[3 * n];
        for (int p = 0; p < n; p++) {
            int tri = Arrays.binarySearch(cumulative, random.nextDouble() * total);
            tri = tri >= 0 ? tri : Math.min(-tri - 1, t - 1);
            while (mesh.area(tri) == 0 && tri + 1 < t) {
                tri++;
            }
            double r1 = Math.sqrt(random.nextDouble());
            double r2 = random.nextDouble();
            double wa = 1 - r1;
            double wb = r1 * (1 - r2);
            double wc = r1 * r2;
            for (int axis = 0; axis < 3; axis++) {
                out[3 * p + axis] = wa * mesh.vertex(mesh.corner(tri, 0), axis)
                        + wb * mesh.vertex(mesh.corner(tri, 1), axis) + wc * mesh.vertex(mesh.corner(tri, 2), axis);
            }
        }
        return out;
    }
}
