/** Conditional IMLE on cGML's network: H and G fitted at the nearest of c prior codes (candidates). */
package org.cgml.nn.method.cimle;
