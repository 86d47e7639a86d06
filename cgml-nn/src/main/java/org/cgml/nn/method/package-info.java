/**
 * The training methods of the engine, each one {@link org.cgml.nn.Method} plugin: {@link org.cgml.nn.method.Cgml}
 * (paper Algorithm 1 with the Eq.-4 sampler) and {@link org.cgml.nn.method.Baseline} (the same network with z fixed,
 * trained on the plain cost). {@code Baseline}, the smallest, is the file to copy when adding one (docs/methods.md).
 */
package org.cgml.nn.method;
