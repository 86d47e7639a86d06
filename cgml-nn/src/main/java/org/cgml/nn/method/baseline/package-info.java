/** The regression baseline: cGML's network with z fixed, trained on the plain cost; the smallest method, the file to copy when writing one. */
package org.cgml.nn.method.baseline;
