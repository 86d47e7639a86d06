/**
 * The method SPI on the graph core: {@link org.cgml.nn.method.GraphMethodModel}, the base of a method's model (H and G
 * fitted at chosen codes, save and restore, sampler, export), {@link org.cgml.nn.method.GraphSampler}, and the GAN
 * pieces the adversarial peers share ({@link org.cgml.nn.method.Adversary},
 * {@link org.cgml.nn.method.AdversarialModel}, {@link org.cgml.nn.method.AdversarialMethod}). Each method has a
 * package of its own ({@code org.cgml.nn.method.cgml}, {@code .baseline}, {@code .cimle}, {@code .pix2pix},
 * {@code .dsgan}, {@code .contextencoder}, {@code .cvae}); {@code baseline.Baseline}, the smallest, is the file to
 * copy when adding one (README, "Adding a method").
 */
package org.cgml.nn.method;
