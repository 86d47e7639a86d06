/** Image tasks on the generic U-Net (MNIST multimodal completion, inpainting, colorization, sketch-to-image): to come. */
module org.cgml.tasks.image {
    requires org.cgml.api;
    requires org.cgml.nn;

    exports org.cgml.tasks.image;
}
