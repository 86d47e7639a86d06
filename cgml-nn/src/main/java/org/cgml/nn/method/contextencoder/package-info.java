/** The Context Encoder on cGML's network: L2 and a global adversarial loss, no latent code. */
package org.cgml.nn.method.contextencoder;
