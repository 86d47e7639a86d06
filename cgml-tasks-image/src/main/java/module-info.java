/**
 * Image tasks on the generic U-Net: MNIST multimodal completion, inpainting, colorization, sketch-to-image and any pix2pix paired folder, and the template task, the one file to
 * copy when adding a task. A task plugin exports nothing, provides {@link org.cgml.api.TaskProvider} and touches no
 * other module.
 */
module org.cgml.tasks.image {
    requires org.cgml.api;
    requires org.cgml.eval;

    provides org.cgml.api.TaskProvider with org.cgml.tasks.image.template.TemplateTask.Provider,
            org.cgml.tasks.image.mnist.MnistMultimodal.Provider, org.cgml.tasks.image.inpainting.Inpainting.Provider,
            org.cgml.tasks.image.colorization.Colorization.Provider, org.cgml.tasks.image.paired.Paired.Provider,
            org.cgml.tasks.image.sketch.SketchToImage.Provider;
    provides org.cgml.api.FuzzTarget with org.cgml.tasks.image.data.Fuzz.IdxFiles,
            org.cgml.tasks.image.data.Fuzz.PhotoFolder, org.cgml.tasks.image.data.Fuzz.PairFolder;
}
