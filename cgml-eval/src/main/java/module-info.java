/**
 * Benchmark metrics (PSNR, SSIM, colourfulness, diversity, Chamfer, linear probes), usable without the trainer:
 * point it at images or arrays. LPIPS is still to come.
 */
module org.cgml.eval {
    requires org.cgml.api;
    requires commons.math3;
    requires java.desktop;
    requires tensorflow;

    exports org.cgml.eval;
}
