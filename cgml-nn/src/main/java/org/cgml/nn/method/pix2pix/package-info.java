/** pix2pix on cGML's network: a conditional PatchGAN beside the task's distance. */
package org.cgml.nn.method.pix2pix;
