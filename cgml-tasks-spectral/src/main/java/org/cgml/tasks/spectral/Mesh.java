package org.cgml.tasks.spectral;

import java.util.Arrays;

/**
 * A triangle mesh: vertex coordinates (x, y, z per vertex) and triangles (three vertex indices each). Polygons are
 * triangulated by the readers; the mesh is immutable (its arrays are copied in and out).
 */
public final class Mesh {
    private final String name;
    private final double[] vertices;
    private final int[] triangles;

    /** A mesh called {@code name} (a file or model name used in messages); every index must name a vertex. */
    public Mesh(String name, double[] vertices, int[] triangles) {
        if (vertices.length % 3 != 0 || triangles.length % 3 != 0) {
            throw new IllegalArgumentException(name + ": vertex and triangle arrays must hold triples");
        }
        int n = vertices.length / 3;
        for (int t : triangles) {
            if (t < 0 || t >= n) {
                throw new IllegalArgumentException(name + ": triangle index " + t + " outside 0.." + (n - 1));
            }
        }
        for (double v : vertices) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException(name + ": non-finite vertex coordinate " + v);
            }
        }
        this.name = name;
        this.vertices = vertices.clone();
        this.triangles = triangles.clone();
    }

    /** The file or model name used in messages. */
    public String name() {
        return name;
    }

    /** Number of vertices. */
    public int vertexCount() {
        return vertices.length / 3;
    }

    /** Number of triangles. */
    public int triangleCount() {
        return triangles.length / 3;
    }

    /** Coordinate {@code axis} (0, 1, 2) of vertex {@code v}. */
    public double vertex(int v, int axis) {
        return vertices[3 * v + axis];
    }

    /** Vertex index {@code corner} (0, 1, 2) of triangle {@code t}. */
    public int corner(int t, int corner) {
        return triangles[3 * t + corner];
    }

    /** A copy of the vertex coordinates (x, y, z per vertex). */
    public double[] vertices() {
        return vertices.clone();
    }

    /** A copy of the triangle indices (three per triangle). */
    public int[] triangles() {
        return triangles.clone();
    }

    /** Area of triangle {@code t}. */
    public double area(int t) {
        double[] e1 = edge(t, 1);
        double[] e2 = edge(t, 2);
        double cx = e1[1] * e2[2] - e1[2] * e2[1];
        double cy = e1[2] * e2[0] - e1[0] * e2[2];
        double cz = e1[0] * e2[1] - e1[1] * e2[0];
        return 0.5 * Math.sqrt(cx * cx + cy * cy + cz * cz);
    }

    /** Total surface area. */
    public double area() {
        double a = 0;
        for (int t = 0; t < triangleCount(); t++) {
            a += area(t);
        }
        return a;
    }

    private double[] edge(int t, int c) {
        int a = triangles[3 * t];
        int b = triangles[3 * t + c];
        return new double[] {vertices[3 * b] - vertices[3 * a], vertices[3 * b + 1] - vertices[3 * a + 1],
                vertices[3 * b + 2] - vertices[3 * a + 2]};
    }

    /**
     * This mesh centred on its area-weighted surface centroid and scaled so that the farthest vertex lies on the
     * unit sphere (the unit ball holds the shape). A mesh without area is centred on its vertex mean.
     */
    public Mesh normalised() {
        if (vertexCount() == 0) {
            throw new IllegalArgumentException(name + ": mesh has no vertices");
        }
        double[] c = new double[3];
        double total = 0;
        for (int t = 0; t < triangleCount(); t++) {
            double a = area(t);
            total += a;
            for (int k = 0; k < 3; k++) {
                for (int axis = 0; axis < 3; axis++) {
                    c[axis] += a * vertices[3 * triangles[3 * t + k] + axis] / 3;
                }
            }
        }
        if (total > 0) {
            for (int axis = 0; axis < 3; axis++) {
                c[axis] /= total;
            }
        } else {
            Arrays.fill(c, 0);
            for (int v = 0; v < vertexCount(); v++) {
                for (int axis = 0; axis < 3; axis++) {
                    c[axis] += vertices[3 * v + axis] / vertexCount();
                }
            }
        }
        double r = 0;
        for (int v = 0; v < vertexCount(); v++) {
            double dx = vertices[3 * v] - c[0];
            double dy = vertices[3 * v + 1] - c[1];
            double dz = vertices[3 * v + 2] - c[2];
            r = Math.max(r, Math.sqrt(dx * dx + dy * dy + dz * dz));
        }
        if (r == 0) {
            throw new IllegalArgumentException(name + ": mesh has a single point, it cannot be scaled");
        }
        double[] out = new double[vertices.length];
        for (int v = 0; v < vertexCount(); v++) {
            for (int axis = 0; axis < 3; axis++) {
                out[3 * v + axis] = (vertices[3 * v + axis] - c[axis]) / r;
            }
        }
        return new Mesh(name, out, triangles);
    }

    /** This mesh with every vertex multiplied by the row-major 3x3 matrix {@code m} (a rotation, a scaling). */
    public Mesh transformed(double[] m) {
        if (m.length != 9) {
            throw new IllegalArgumentException("a 3x3 matrix has 9 entries, not " + m.length);
        }
        double[] out = new double[vertices.length];
        for (int v = 0; v < vertexCount(); v++) {
            double x = vertices[3 * v];
            double y = vertices[3 * v + 1];
            double z = vertices[3 * v + 2];
            for (int r = 0; r < 3; r++) {
                out[3 * v + r] = m[3 * r] * x + m[3 * r + 1] * y + m[3 * r + 2] * z;
            }
        }
        return new Mesh(name, out, triangles);
    }

    /** This mesh and {@code other} as one mesh (multi-part models). */
    public Mesh merged(Mesh other) {
        double[] v = Arrays.copyOf(vertices, vertices.length + other.vertices.length);
        System.arraycopy(other.vertices, 0, v, vertices.length, other.vertices.length);
        int[] t = Arrays.copyOf(triangles, triangles.length + other.triangles.length);
        int base = vertexCount();
        for (int i = 0; i < other.triangles.length; i++) {
            t[triangles.length + i] = other.triangles[i] + base;
        }
        return new Mesh(name, v, t);
    }

    @Override
    public String toString() {
        return name + " (" + vertexCount() + " vertices, " + triangleCount() + " triangles)";
    }
}
