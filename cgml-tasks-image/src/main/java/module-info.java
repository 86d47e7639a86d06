/**
 * Image tasks on the generic U-Net: MNIST multimodal completion, inpainting, colorization, sketch-to-image and any pix2pix paired folder, and the template task, the one file to
 * copy when adding a task. A task plugin exports nothing, provides one {@link org.cgml.api.Plugin} module adding its
 * tasks and file readers, and touches no other module.
 */
module org.cgml.tasks.image {
    requires org.cgml.api;
    requires org.cgml.eval;

    provides org.cgml.api.Plugin with org.cgml.tasks.image.ImagePlugin;
}
