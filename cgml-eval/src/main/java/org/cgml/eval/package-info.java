/** Evaluation metrics of DESIGN section 5; PSNR so far (SSIM, LPIPS, diversity, Chamfer and probes to come). */
package org.cgml.eval;
