/** Conditional IMLE on cGML's network: H and G fitted at the nearest of m prior codes. */
package org.cgml.nn.method.cimle;
