package org.cgml.tasks.spectral;

import java.util.stream.IntStream;

/**
 * The radial function of a shape on a spherical-harmonic grid (paper section 5.4): along every grid direction d_jk
 * of {@link SphericalHarmonics} (colatitude theta_j, longitude phi_k), the distance from the origin to the farthest
 * point where the ray t d_jk, t &gt; 0, meets the mesh, or 0 where it meets nothing. The mesh should already be
 * centred and scaled ({@link Mesh#normalised()}); it need not be closed or star-shaped.
 *
 * <p>Rays are cast by the Moller-Trumbore test, but only against triangles that can be hit: every triangle is seen
 * from the origin inside a cone around the normalised sum of its unit vertex directions, of half-angle the largest
 * angle to a vertex direction (a cap holds the triangle's spherical image when that angle is under 90 degrees). Only
 * grid rows whose colatitude lies within the cone, and in each such row only the longitudes within it, are tested.
 * Triangles with a vertex near the origin or with a wide cone are tested against every ray. The result is the
 * elementwise maximum over triangles, so it does not depend on the order or on the threads used.
 */
public final class RadialFunction {
    /** Barycentric slack of the ray-triangle test, so that rays through a shared edge are not lost to round-off. */
    private static final double EDGE_SLACK = 1e-12;
    /** Rays closer than this (cosine to the triangle's plane, relative) to parallel miss the triangle. */
    private static final double PARALLEL = 1e-12;
    /** Angular margin (radians) added to every triangle's cone. */
    private static final double CONE_MARGIN = 1e-7;
    /** A cone at least this wide (radians) is replaced by the whole sphere. */
    private static final double WIDE_CONE = Math.PI / 2 - 1e-3;
    /** A vertex closer than this to the origin gives its triangle the whole sphere. */
    private static final double NEAR_ORIGIN = 1e-4;
    /** Meshes with at least this many triangles are cast in parallel chunks. */
    private static final int PARALLEL_TRIANGLES = 16384;
    private static final int CHUNK = 8192;

    private RadialFunction() {
    }

    /**
     * r_jk = max { t &gt; 0 : t d_jk on a triangle of {@code mesh} } (0 when none) at [j * 2B + k] on the grid of
     * {@code grid} (class comment); ready for {@link SphericalHarmonics#analyse(double[])}.
     */
    public static double[] of(Mesh mesh, SphericalHarmonics grid) {
        return of(mesh, grid, mesh.triangleCount() >= PARALLEL_TRIANGLES);
    }

    /** {@link #of(Mesh, SphericalHarmonics)}, on the calling thread only or in parallel chunks of triangles. */
    static double[] of(Mesh mesh, SphericalHarmonics grid, boolean parallel) {
        Caster caster = new Caster(mesh, grid);
        int triangles = mesh.triangleCount();
        if (!parallel || triangles <= CHUNK) {
            double[] out = new double[caster.rays];
            caster.cast(0, triangles, out);
            return out;
        }
        int chunks = (triangles + CHUNK - 1) / CHUNK;
        return IntStream.range(0, chunks).parallel().mapToObj(c -> {
            double[] part = new double[caster.rays];
            caster.cast(c * CHUNK, Math.min(triangles, (c + 1) * CHUNK), part);
            return part;
        }).reduce(RadialFunction::max).orElseGet(() -> new double[caster.rays]);
    }

    /** The same function by testing every ray against every triangle (O(rays x triangles); for checks only). */
    static double[] bruteForce(Mesh mesh, SphericalHarmonics grid) {
        Caster caster = new Caster(mesh, grid);
        double[] out = new double[caster.rays];
        for (int t = 0; t < mesh.triangleCount(); t++) {
            Triangle triangle = new Triangle(caster, t);
            for (int r = 0; r < caster.rays; r++) {
                triangle.hit(r, out);
            }
        }
        return out;
    }

    private static double[] max(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.max(a[i], b[i]);
        }
        return a;
    }

    /** Grid directions and mesh arrays shared by the threads; the per-triangle state lives in {@link Triangle}. */
    private static final class Caster {
        final int size;
        final int rays;
        final double[] dx;
        final double[] dy;
        final double[] dz;
        final double[] theta;
        final double phiStep;
        final double[] vertices;
        final int[] triangles;

        Caster(Mesh mesh, SphericalHarmonics grid) {
            size = grid.gridSize();
            rays = size * size;
            dx = new double[rays];
            dy = new double[rays];
            dz = new double[rays];
            theta = new double[size];
            for (int j = 0; j < size; j++) {
                theta[j] = grid.theta(j);
                for (int k = 0; k < size; k++) {
                    double[] d = grid.direction(j, k);
                    dx[j * size + k] = d[0];
                    dy[j * size + k] = d[1];
                    dz[j * size + k] = d[2];
                }
            }
            phiStep = 2 * Math.PI / size;
            vertices = mesh.vertices();
            triangles = mesh.triangles();
        }

        /** Casts triangles {@code from} (inclusive) to {@code to} into the running maxima {@code out}. */
        void cast(int from, int to, double[] out) {
            double step = phiStep;
            for (int t = from; t < to; t++) {
                Triangle tri = new Triangle(this, t);
                if (tri.degenerate) {
                    continue;
                }
                if (tri.wholeSphere) {
                    for (int r = 0; r < rays; r++) {
                        tri.hit(r, out);
                    }
                    continue;
                }
                double cone = tri.cone;
                double ct = tri.centreTheta;
                double cp = tri.centrePhi;
                double cosCone = Math.cos(cone);
                double cosCt = Math.cos(ct);
                double sinCt = Math.sin(ct);
                int jlo = Math.max(0, (int) Math.floor((4 * (size / 2) * (ct - cone) / Math.PI - 1) / 2));
                int jhi = Math.min(size - 1, (int) Math.ceil((4 * (size / 2) * (ct + cone) / Math.PI - 1) / 2));
                for (int j = jlo; j <= jhi; j++) {
                    double th = theta[j];
                    if (Math.abs(th - ct) > cone) {
                        continue;
                    }
                    int row = j * size;
                    double denominator = Math.sin(th) * sinCt;
                    double rhs = denominator < 1e-12 ? -2 : (cosCone - Math.cos(th) * cosCt) / denominator;
                    if (rhs <= -1) {
                        for (int k = 0; k < size; k++) {
                            tri.hit(row + k, out);
                        }
                        continue;
                    }
                    if (rhs > 1 + 1e-9) {
                        continue;
                    }
                    double half = Math.acos(Math.min(1, rhs));
                    int klo = (int) Math.floor((cp - half) / step);
                    int khi = (int) Math.ceil((cp + half) / step);
                    if (khi - klo + 1 >= size) {
                        klo = 0;
                        khi = size - 1;
                    }
                    for (int k = klo; k <= khi; k++) {
                        tri.hit(row + Math.floorMod(k, size), out);
                    }
                }
            }
        }
    }

    /** One triangle: its corner, edges, and the cone (centre colatitude and longitude, half-angle) it is seen in. */
    private static final class Triangle {
        final Caster caster;
        final double ax;
        final double ay;
        final double az;
        final double e1x;
        final double e1y;
        final double e1z;
        final double e2x;
        final double e2y;
        final double e2z;
        final double parallel;
        final boolean degenerate;
        boolean wholeSphere;
        double cone;
        double centreTheta;
        double centrePhi;

        Triangle(Caster caster, int t) {
            this.caster = caster;
            double[] v = caster.vertices;
            int a = 3 * caster.triangles[3 * t];
            int b = 3 * caster.triangles[3 * t + 1];
            int c = 3 * caster.triangles[3 * t + 2];
            ax = v[a];
            ay = v[a + 1];
            az = v[a + 2];
            double bx = v[b];
            double by = v[b + 1];
            double bz = v[b + 2];
            double cx = v[c];
            double cy = v[c + 1];
            double cz = v[c + 2];
            e1x = bx - ax;
            e1y = by - ay;
            e1z = bz - az;
            e2x = cx - ax;
            e2y = cy - ay;
            e2z = cz - az;
            double nx = e1y * e2z - e1z * e2y;
            double ny = e1z * e2x - e1x * e2z;
            double nz = e1x * e2y - e1y * e2x;
            double area2 = Math.sqrt(nx * nx + ny * ny + nz * nz);
            parallel = PARALLEL * area2;
            degenerate = !(area2 > 0);
            double ra = Math.sqrt(ax * ax + ay * ay + az * az);
            double rb = Math.sqrt(bx * bx + by * by + bz * bz);
            double rc = Math.sqrt(cx * cx + cy * cy + cz * cz);
            if (Math.min(ra, Math.min(rb, rc)) < NEAR_ORIGIN) {
                wholeSphere = true;
                return;
            }
            double sx = ax / ra + bx / rb + cx / rc;
            double sy = ay / ra + by / rb + cy / rc;
            double sz = az / ra + bz / rb + cz / rc;
            double s = Math.sqrt(sx * sx + sy * sy + sz * sz);
            if (s < 1e-6) {
                wholeSphere = true;
                return;
            }
            sx /= s;
            sy /= s;
            sz /= s;
            double widest = Math.max(angle(sx, sy, sz, ax, ay, az), Math.max(angle(sx, sy, sz, bx, by, bz),
                    angle(sx, sy, sz, cx, cy, cz)));
            cone = widest + CONE_MARGIN;
            if (cone >= WIDE_CONE) {
                wholeSphere = true;
                return;
            }
            centreTheta = Math.atan2(Math.sqrt(sx * sx + sy * sy), sz);
            centrePhi = Math.atan2(sy, sx);
        }

        /** Angle between the unit vector s and the vector w (any length), by atan2 (accurate for small angles). */
        private static double angle(double sx, double sy, double sz, double wx, double wy, double wz) {
            double px = sy * wz - sz * wy;
            double py = sz * wx - sx * wz;
            double pz = sx * wy - sy * wx;
            return Math.atan2(Math.sqrt(px * px + py * py + pz * pz), sx * wx + sy * wy + sz * wz);
        }

        /** Moller-Trumbore for the ray from the origin along grid direction {@code ray}; keeps the largest t. */
        void hit(int ray, double[] out) {
            if (degenerate) {
                return;
            }
            double dx = caster.dx[ray];
            double dy = caster.dy[ray];
            double dz = caster.dz[ray];
            double px = dy * e2z - dz * e2y;
            double py = dz * e2x - dx * e2z;
            double pz = dx * e2y - dy * e2x;
            double det = e1x * px + e1y * py + e1z * pz;
            if (!(Math.abs(det) > parallel)) {
                return;
            }
            double inv = 1 / det;
            double sx = -ax;
            double sy = -ay;
            double sz = -az;
            double u = (sx * px + sy * py + sz * pz) * inv;
            if (u < -EDGE_SLACK || u > 1 + EDGE_SLACK) {
                return;
            }
            double qx = sy * e1z - sz * e1y;
            double qy = sz * e1x - sx * e1z;
            double qz = sx * e1y - sy * e1x;
            double v = (dx * qx + dy * qy + dz * qz) * inv;
            if (v < -EDGE_SLACK || u + v > 1 + EDGE_SLACK) {
                return;
            }
            double t = (e2x * qx + e2y * qy + e2z * qz) * inv;
            if (t > out[ray]) {
                out[ray] = t;
            }
        }
    }
}
