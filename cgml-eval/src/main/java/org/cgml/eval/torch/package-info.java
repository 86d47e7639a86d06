/**
 * Readers for PyTorch weight files without Python (not exported): a pickle machine for the subset torch.save
 * writes, the zip-based format of PyTorch 1.6+ and the older single-pickle-stream format.
 */
package org.cgml.eval.torch;
