/**
 * Benchmark metrics (PSNR, SSIM, LPIPS, colourfulness, diversity, FID, KID, Chamfer, linear probes), usable without the trainer:
 * point it at images or arrays; and curves with their spread over seeds drawn as charts.
 */
module org.cgml.eval {
    requires org.cgml.api;
    requires commons.math3;
    requires java.desktop;
    requires org.jfree.jfreechart;
    // an ImageIO plugin (an automatic module whose META-INF/services registers its reader ahead of the JDK's):
    // required so that the module path resolves it wherever cgml-eval reads pictures
    requires com.twelvemonkeys.imageio.jpeg;
    requires org.jfree.svg;
    requires tensorflow;

    exports org.cgml.eval;

    provides org.cgml.api.Plugin with org.cgml.eval.torch.EvalPlugin;
}
