package org.cgml.eval;

/**
 * Colourfulness of Hasler and Suesstrunk (2003): with rg = R - G and yb = (R + G)/2 - B over all pixels,
 * M = sqrt(var(rg) + var(yb)) + 0.3 sqrt(mean(rg)^2 + mean(yb)^2), in the image's units (0..255 in the paper).
 */
public final class Colourfulness {
    private Colourfulness() {
    }

    public static double of(Raster rgb) {
        if (rgb.channels() != 3) {
            throw new IllegalArgumentException("colourfulness needs an RGB image (got " + rgb.channels() + " channels)");
        }
        int n = rgb.height() * rgb.width();
        double[] p = rgb.pixels();
        double sRg = 0;
        double sYb = 0;
        double qRg = 0;
        double qYb = 0;
        for (int i = 0; i < n; i++) {
            double r = p[3 * i];
            double g = p[3 * i + 1];
            double b = p[3 * i + 2];
            double rg = r - g;
            double yb = 0.5 * (r + g) - b;
            sRg += rg;
            sYb += yb;
            qRg += rg * rg;
            qYb += yb * yb;
        }
        double mRg = sRg / n;
        double mYb = sYb / n;
        double varRg = Math.max(0, qRg / n - mRg * mRg);
        double varYb = Math.max(0, qYb / n - mYb * mYb);
        return Math.sqrt(varRg + varYb) + 0.3 * Math.sqrt(mRg * mRg + mYb * mYb);
    }
}
