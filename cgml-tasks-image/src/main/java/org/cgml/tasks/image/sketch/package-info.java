/** Sketch (edge map) to image on Fashion-MNIST shoes and bags or photo crops (paper section 5.3.1, Fig. 12/13). */
package org.cgml.tasks.image.sketch;
