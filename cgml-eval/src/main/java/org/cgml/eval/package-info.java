/** Evaluation metrics of DESIGN section 5: not yet built. */
package org.cgml.eval;
