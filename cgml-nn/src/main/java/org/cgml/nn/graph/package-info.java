/**
 * The graph core every method builds on (exported): {@link org.cgml.nn.graph.ModelGraph} (placeholders x, y, z and the
 * noise seed, H and G, the cost E, H and G's fit, session, save and restore, parameter counts, the lean SavedModel
 * export) with a method's pieces built on its {@link org.cgml.nn.graph.ModelGraph.Parts}; weights with optional
 * spectral normalisation, dense and convolutional layers, the MLP and generic U-Net networks of docs/DESIGN.md
 * section 2, and a scheduled Adam. It uses no other package of the engine.
 */
package org.cgml.nn.graph;
