package org.cgml.tasks.spectral;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.math3.geometry.euclidean.threed.Rotation;

/**
 * Synthetic shapes made in code (Tribuo-style generators in main code, so that every module and test can use them
 * without data files): spheres, ellipsoids, boxes, tori and cylinders as closed triangle meshes, random rotations,
 * and a seeded labelled family set.
 */
public final class Shapes {
    /** The shape families of {@link #family}, in label order. */
    public static final List<String> FAMILIES = List.of("ellipsoid", "box", "torus", "cylinder");

    private Shapes() {
    }

    /** A unit sphere: an icosahedron subdivided {@code level} times with vertices pushed onto the sphere. */
    public static Mesh sphere(int level) {
        double p = (1 + Math.sqrt(5)) / 2;
        List<double[]> v = new ArrayList<>(List.of(
                new double[] {-1, p, 0}, new double[] {1, p, 0}, new double[] {-1, -p, 0}, new double[] {1, -p, 0},
                new double[] {0, -1, p}, new double[] {0, 1, p}, new double[] {0, -1, -p}, new double[] {0, 1, -p},
                new double[] {p, 0, -1}, new double[] {p, 0, 1}, new double[] {-p, 0, -1}, new double[] {-p, 0, 1}));
        v.replaceAll(Shapes::unit);
        int[] faces = {0, 11, 5, 0, 5, 1, 0, 1, 7, 0, 7, 10, 0, 10, 11, 1, 5, 9, 5, 11, 4, 11, 10, 2, 10, 7, 6, 7, 1, 8,
                3, 9, 4, 3, 4, 2, 3, 2, 6, 3, 6, 8, 3, 8, 9, 4, 9, 5, 2, 4, 11, 6, 2, 10, 8, 6, 7, 9, 8, 1};
        for (int s = 0; s < level; s++) {
            Map<Long, Integer> mid = new HashMap<>();
            int[] next = new int[faces.length * 4];
            int k = 0;
            for (int f = 0; f < faces.length; f += 3) {
                int a = faces[f];
                int b = faces[f + 1];
                int c = faces[f + 2];
                int ab = midpoint(v, mid, a, b);
                int bc = midpoint(v, mid, b, c);
                int ca = midpoint(v, mid, c, a);
                int[] t = {a, ab, ca, b, bc, ab, c, ca, bc, ab, bc, ca};
                System.arraycopy(t, 0, next, k, 12);
                k += 12;
            }
            faces = next;
        }
        return new Mesh("sphere", flatten(v), faces);
    }

    private static int midpoint(List<double[]> v, Map<Long, Integer> mid, int a, int b) {
        long key = ((long) Math.min(a, b) << 32) | Math.max(a, b);
        return mid.computeIfAbsent(key, x -> {
            double[] p = v.get(a);
            double[] q = v.get(b);
            v.add(unit(new double[] {p[0] + q[0], p[1] + q[1], p[2] + q[2]}));
            return v.size() - 1;
        });
    }

    private static double[] unit(double[] p) {
        double n = Math.sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]);
        return new double[] {p[0] / n, p[1] / n, p[2] / n};
    }

    private static double[] flatten(List<double[]> v) {
        double[] out = new double[3 * v.size()];
        for (int i = 0; i < v.size(); i++) {
            System.arraycopy(v.get(i), 0, out, 3 * i, 3);
        }
        return out;
    }

    /** An axis-aligned ellipsoid with semi-axes a, b, c (a scaled level-3 sphere). */
    public static Mesh ellipsoid(double a, double b, double c) {
        return rename(sphere(3).transformed(new double[] {a, 0, 0, 0, b, 0, 0, 0, c}), "ellipsoid");
    }

    /** An axis-aligned box with half-sides a, b, c, each face split into {@code n x n} squares (two triangles each). */
    public static Mesh box(double a, double b, double c, int n) {
        List<double[]> v = new ArrayList<>();
        List<Integer> t = new ArrayList<>();
        double[] half = {a, b, c};
        for (int axis = 0; axis < 3; axis++) {
            for (int sign = -1; sign <= 1; sign += 2) {
                int u = (axis + 1) % 3;
                int w = (axis + 2) % 3;
                int base = v.size();
                for (int i = 0; i <= n; i++) {
                    for (int j = 0; j <= n; j++) {
                        double[] p = new double[3];
                        p[axis] = sign * half[axis];
                        p[u] = half[u] * (2.0 * i / n - 1);
                        p[w] = half[w] * (2.0 * j / n - 1);
                        v.add(p);
                    }
                }
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        int p00 = base + i * (n + 1) + j;
                        int p10 = p00 + n + 1;
                        quad(t, p00, p10, p10 + 1, p00 + 1, sign > 0);
                    }
                }
            }
        }
        return new Mesh("box", flatten(v), t.stream().mapToInt(Integer::intValue).toArray());
    }

    /** A torus around the z axis: ring radius {@code ring}, tube radius {@code tube}, {@code n} segments each way. */
    public static Mesh torus(double ring, double tube, int n) {
        List<double[]> v = new ArrayList<>();
        List<Integer> t = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double u = 2 * Math.PI * i / n;
            for (int j = 0; j < n; j++) {
                double w = 2 * Math.PI * j / n;
                double r = ring + tube * Math.cos(w);
                v.add(new double[] {r * Math.cos(u), r * Math.sin(u), tube * Math.sin(w)});
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int a = i * n + j;
                int b = ((i + 1) % n) * n + j;
                int c = ((i + 1) % n) * n + (j + 1) % n;
                int d = i * n + (j + 1) % n;
                quad(t, a, b, c, d, true);
            }
        }
        return new Mesh("torus", flatten(v), t.stream().mapToInt(Integer::intValue).toArray());
    }

    /** A closed cylinder along z: radius {@code r}, half-height {@code h}, {@code n} segments around. */
    public static Mesh cylinder(double r, double h, int n) {
        List<double[]> v = new ArrayList<>();
        List<Integer> t = new ArrayList<>();
        v.add(new double[] {0, 0, -h});
        v.add(new double[] {0, 0, h});
        for (int i = 0; i < n; i++) {
            double u = 2 * Math.PI * i / n;
            v.add(new double[] {r * Math.cos(u), r * Math.sin(u), -h});
            v.add(new double[] {r * Math.cos(u), r * Math.sin(u), h});
        }
        for (int i = 0; i < n; i++) {
            int lo = 2 + 2 * i;
            int hi = lo + 1;
            int lo2 = 2 + 2 * ((i + 1) % n);
            int hi2 = lo2 + 1;
            quad(t, lo, lo2, hi2, hi, true);
            t.addAll(List.of(0, lo2, lo, 1, hi, hi2));
        }
        return new Mesh("cylinder", flatten(v), t.stream().mapToInt(Integer::intValue).toArray());
    }

    private static void quad(List<Integer> t, int a, int b, int c, int d, boolean ccw) {
        if (ccw) {
            t.addAll(List.of(a, b, c, a, c, d));
        } else {
            t.addAll(List.of(a, c, b, a, d, c));
        }
    }

    /** A uniformly random rotation (row-major 3x3) from a random unit quaternion. */
    public static double[] randomRotation(SplittableRandom random) {
        double[] q = new double[4];
        double n;
        do {
            n = 0;
            for (int i = 0; i < 4; i++) {
                q[i] = gaussian(random);
                n += q[i] * q[i];
            }
        } while (n < 1e-12);
        double[][] m = new Rotation(q[0], q[1], q[2], q[3], true).getMatrix();
        return new double[] {m[0][0], m[0][1], m[0][2], m[1][0], m[1][1], m[1][2], m[2][0], m[2][1], m[2][2]};
    }

    private static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /**
     * Shape {@code index} of a seeded labelled set: family {@code index % 4} of {@link #FAMILIES} with random
     * proportions and a random rotation, normalised into the unit ball. The same seed and index give the same mesh.
     */
    public static Mesh family(long seed, int index) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
        int f = index % FAMILIES.size();
        Mesh m = switch (f) {
            case 0 -> ellipsoid(1, 0.4 + 0.5 * r.nextDouble(), 0.2 + 0.4 * r.nextDouble());
            case 1 -> box(1, 0.3 + 0.6 * r.nextDouble(), 0.2 + 0.6 * r.nextDouble(), 4);
            case 2 -> torus(1, 0.2 + 0.4 * r.nextDouble(), 24);
            default -> cylinder(0.3 + 0.5 * r.nextDouble(), 1, 24);
        };
        return rename(m.transformed(randomRotation(r)).normalised(), FAMILIES.get(f) + "-" + index);
    }

    private static Mesh rename(Mesh m, String name) {
        return new Mesh(name, m.vertices(), m.triangles());
    }
}
