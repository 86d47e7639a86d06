/**
 * The built-in toy task of paper Fig. 3 (x in [-1, 1] -> y = s 4 (x, x^2, x^3), s = +/-1), the embedded
 * default of the CLI and a minimal example of a task plugin.
 */
package org.cgml.nn.toy;
