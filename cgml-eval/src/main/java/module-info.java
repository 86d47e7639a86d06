/** Benchmark metrics (PSNR, SSIM, LPIPS, diversity, Chamfer, linear probes), usable without the trainer: to come. */
module org.cgml.eval {
    requires org.cgml.api;
    requires commons.math3;

    exports org.cgml.eval;
}
