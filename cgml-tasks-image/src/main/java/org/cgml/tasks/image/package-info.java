/** Image tasks of paper sections 5.1-5.3 (MNIST completion, inpainting, colorization, sketch-to-image): not yet built. */
package org.cgml.tasks.image;
