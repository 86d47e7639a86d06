/**
 * Benchmark metrics of docs/DESIGN.md section 5, usable on their own: PSNR and SSIM (scikit-image exact, also over a masked
 * region), LPIPS, colourfulness, diversity (L1 or LPIPS), FID and KID on pytorch-fid's Inception-v3 features, Chamfer
 * distance and mode coverage, and the linear probe.
 */
package org.cgml.eval;
