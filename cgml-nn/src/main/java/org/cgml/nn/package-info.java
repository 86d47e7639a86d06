/**
 * The cGML engine: {@link org.cgml.nn.Trainer} runs Algorithm 1 (or the L1 baseline), {@link org.cgml.nn.Sampler}
 * draws K modes per input with Eq. 4, {@link org.cgml.nn.Checkpoints} saves and resumes runs exactly.
 */
package org.cgml.nn;
