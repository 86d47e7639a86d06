package org.cgml.tasks.image.data;

/**
 * CIE L*a*b* as scikit-image's {@code rgb2lab}/{@code lab2rgb}: sRGB with its exact transfer curve, the published
 * sRGB matrix (so white maps to (100, -0.0025, 0.0047), not exactly (100, 0, 0)), D65 white, 2-degree observer.
 */
public final class Lab {
    private static final double[][] XYZ_FROM_RGB = {
        {0.412453, 0.357580, 0.180423}, {0.212671, 0.715160, 0.072169}, {0.019334, 0.119193, 0.950227}};
    private static final double[][] RGB_FROM_XYZ = invert(XYZ_FROM_RGB);
    private static final double[] WHITE = {0.95047, 1.0, 1.08883};

    private Lab() {
    }

    /** (L, a, b) of an sRGB colour with components in [0, 1]. */
    public static double[] fromRgb(double r, double g, double b) {
        double[] lin = {linear(r), linear(g), linear(b)};
        double[] f = new double[3];
        for (int i = 0; i < 3; i++) {
            double v = 0;
            for (int j = 0; j < 3; j++) {
                v += XYZ_FROM_RGB[i][j] * lin[j];
            }
            v /= WHITE[i];
            f[i] = v > 0.008856 ? Math.cbrt(v) : 7.787 * v + 16.0 / 116;
        }
        return new double[] {116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])};
    }

    /** sRGB in [0, 1] (clipped) of an (L, a, b) colour. */
    public static double[] toRgb(double l, double a, double b) {
        double fy = (l + 16) / 116;
        double[] f = {a / 500 + fy, fy, Math.max(0, fy - b / 200)};
        double[] xyz = new double[3];
        for (int i = 0; i < 3; i++) {
            xyz[i] = (f[i] > 0.2068966 ? f[i] * f[i] * f[i] : (f[i] - 16.0 / 116) / 7.787) * WHITE[i];
        }
        double[] rgb = new double[3];
        for (int i = 0; i < 3; i++) {
            double v = 0;
            for (int j = 0; j < 3; j++) {
                v += RGB_FROM_XYZ[i][j] * xyz[j];
            }
            v = v > 0.0031308 ? 1.055 * Math.pow(v, 1 / 2.4) - 0.055 : 12.92 * v;
            rgb[i] = Math.max(0, Math.min(1, v));
        }
        return rgb;
    }

    private static double linear(double c) {
        return c > 0.04045 ? Math.pow((c + 0.055) / 1.055, 2.4) : c / 12.92;
    }

    private static double[][] invert(double[][] m) {
        double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
                - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
        double[][] inv = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                int i1 = (j + 1) % 3;
                int i2 = (j + 2) % 3;
                int j1 = (i + 1) % 3;
                int j2 = (i + 2) % 3;
                inv[i][j] = (m[i1][j1] * m[i2][j2] - m[i1][j2] * m[i2][j1]) / det;
            }
        }
        return inv;
    }
}
