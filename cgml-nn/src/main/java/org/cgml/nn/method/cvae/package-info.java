/** A conditional VAE on cGML's network: an encoder of (x, y), reparameterised codes, KL to N(0, I). */
package org.cgml.nn.method.cvae;
