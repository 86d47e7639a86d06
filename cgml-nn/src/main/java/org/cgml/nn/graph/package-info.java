/**
 * Graph building blocks (not exported): weights with optional spectral normalisation, dense and
 * convolutional layers, the MLP and generic U-Net networks of docs/DESIGN.md section 2, the latent-dynamics
 * network Z, a scheduled Adam, and the whole training/sampling graph of one model.
 */
package org.cgml.nn.graph;
