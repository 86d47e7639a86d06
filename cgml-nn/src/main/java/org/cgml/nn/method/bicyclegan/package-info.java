/**
 * BicycleGAN on cGML's network: a cVAE-GAN (an encoder of y, L1 and KL) and a cLR-GAN (prior codes regressed back by
 * the encoder) sharing G, each with its own PatchGAN.
 */
package org.cgml.nn.method.bicyclegan;
