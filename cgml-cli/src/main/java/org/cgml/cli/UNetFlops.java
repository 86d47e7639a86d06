package org.cgml.cli;

/** FLOP counts of the generic U-Net (docs/DESIGN.md section 2) per image, for the speed benchmark's predictions. */
final class UNetFlops {
    private UNetFlops() {
    }

    /**
     * {H forward, G forward, predicted naive/lean inner-step ratio, predicted cGML/L1 iteration ratio, predicted
     * naive/cGML whole-iteration ratio} per image.
     * Forward + backward is counted as 3 forwards; a backward to the input only as 1 more forward.
     */
    static double[] perImage(int s, int c, int inC, int outC, int latent, int zWidth, int l) {
        int levels = Integer.numberOfTrailingZeros(s / 4);
        int[] ch = new int[levels];
        for (int i = 0; i < levels; i++) {
            ch[i] = Math.min(c << i, 8 * c);
        }
        double h = 0;
        int cin = inC;
        for (int i = 0; i < levels; i++) {
            double res = s >> (i + 1);
            h += 2 * res * res * ch[i] * 16.0 * cin;
            cin = ch[i];
        }
        double g = 0;
        int current = ch[levels - 1] + latent;
        for (int j = levels - 1; j >= 0; j--) {
            int out = j == 0 ? c : ch[j - 1];
            double res = s >> j;
            g += 2 * res * res * out * 4.0 * current;
            current = out + (j == 0 ? inC : ch[j - 1]);
        }
        g += 2.0 * s * s * current * outC * 9;
        double features = 16.0 * ch[levels - 1];
        double z = 2 * ((features + latent) * zWidth + (double) zWidth * zWidth + zWidth * (latent + 1.0));
        double l1 = 3 * (h + g);
        double lean = 2 * g;
        double naive = 3 * (h + g);
        // encoder once, l lean steps, Z fit on l records (fwd+bwd, plus the perturbed forward+backward of the
        // penalty), H/G update (fwd+bwd) plus the penalty's perturbed decoder (fwd+bwd)
        double cgml = h + l * lean + l * (3 * z + 3 * z) + l1 + 3 * g;
        double naiveIteration = cgml + l * (naive - lean);
        return new double[] {h, g, naive / lean, cgml / l1, naiveIteration / cgml};
    }
}
