/** MNIST multimodal completion (paper section 5.1, Fig. 4 and 5). */
package org.cgml.tasks.image.mnist;
