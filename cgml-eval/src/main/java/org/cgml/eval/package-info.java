/**
 * Benchmark metrics of docs/DESIGN.md section 5, usable on their own: PSNR and SSIM (scikit-image exact, also over a masked
 * region), colourfulness, diversity (L1), Chamfer distance and mode coverage, and the linear probe. LPIPS is still
 * to come.
 */
package org.cgml.eval;
