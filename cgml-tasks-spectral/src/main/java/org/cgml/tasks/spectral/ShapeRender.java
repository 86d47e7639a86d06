package org.cgml.tasks.spectral;

import java.awt.image.BufferedImage;

/**
 * Point renderings of shapes (paper Fig. 20): the surface r(theta, phi) * direction rebuilt from a spherical-harmonic
 * map, drawn as shaded points seen from a fixed oblique view (nearer points brighter, a z-buffer per pixel).
 */
public final class ShapeRender {
    private ShapeRender() {
    }

    /** Degree of the grid the surface is drawn on (the map's coefficients, zero above its degree): 128 x 128 points. */
    static final int DRAW_DEGREE = 63;

    /**
     * The points r(theta_j, phi_k) * direction(theta_j, phi_k) of a spherical-harmonic map (scaled as stored), on the
     * 128 x 128 grid of degree 63 so that the drawing is dense (the band limit stays the map's).
     */
    public static double[] surface(float[] map, int offset, int degree) {
        double[] c = new SphericalHarmonics(degree).fromMap(map, offset, SpectralShapes.shScale());
        int draw = Math.max(degree, DRAW_DEGREE);
        SphericalHarmonics sh = new SphericalHarmonics(draw);
        double[] r = sh.synthesise(java.util.Arrays.copyOf(c, SphericalHarmonics.count(draw)));
        int g = sh.gridSize();
        double[] points = new double[3 * r.length];
        for (int j = 0; j < g; j++) {
            double t = sh.theta(j);
            for (int k = 0; k < g; k++) {
                double p = sh.phi(k);
                int i = j * g + k;
                double rr = Math.max(0, r[i]);
                points[3 * i] = rr * Math.sin(t) * Math.cos(p);
                points[3 * i + 1] = rr * Math.sin(t) * Math.sin(p);
                points[3 * i + 2] = rr * Math.cos(t);
            }
        }
        return points;
    }

    /** {@code points} (x, y, z each, in the unit ball) drawn into a {@code size} x {@code size} image. */
    public static BufferedImage render(double[] points, int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        double[] depth = new double[size * size];
        java.util.Arrays.fill(depth, Double.NEGATIVE_INFINITY);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                img.setRGB(x, y, 0xffffff);
            }
        }
        // view: rotate 35 degrees about z, then tilt 25 degrees about x (z up on screen)
        double a = Math.toRadians(35);
        double b = Math.toRadians(25);
        int dot = Math.max(1, size / 96);
        for (int i = 0; i < points.length / 3; i++) {
            double x = points[3 * i];
            double y = points[3 * i + 1];
            double z = points[3 * i + 2];
            double x1 = Math.cos(a) * x - Math.sin(a) * y;
            double y1 = Math.sin(a) * x + Math.cos(a) * y;
            double y2 = Math.cos(b) * y1 - Math.sin(b) * z;
            double z2 = Math.sin(b) * y1 + Math.cos(b) * z;
            int px = (int) Math.round((x1 * 0.45 + 0.5) * (size - 1));
            int py = (int) Math.round((0.5 - z2 * 0.45) * (size - 1));
            double d = -y2;
            double near = Math.max(0, Math.min(1, (d + 1) / 2));
            int rgb = (int) Math.round(20 + 60 * near) << 16 | (int) Math.round(40 + 120 * near) << 8
                    | (int) Math.round(90 + 165 * near);
            for (int dy = -dot + 1; dy < dot; dy++) {
                for (int dx = -dot + 1; dx < dot; dx++) {
                    int qx = px + dx;
                    int qy = py + dy;
                    if (qx >= 0 && qy >= 0 && qx < size && qy < size && d > depth[qy * size + qx]) {
                        depth[qy * size + qx] = d;
                        img.setRGB(qx, qy, rgb);
                    }
                }
            }
        }
        return img;
    }
}
