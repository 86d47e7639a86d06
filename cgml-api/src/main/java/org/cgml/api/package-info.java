/**
 * The plugin contracts of cGML-J (paper section 3): what a task gives the engine (data, cost family,
 * output shapes, presentation, latent space, architecture) and how a training run is configured and observed.
 */
package org.cgml.api;
