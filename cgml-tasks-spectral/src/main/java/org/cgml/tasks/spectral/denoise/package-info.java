/** The {@code spectral-denoise} task plugin (paper section 5.4, Table 6, Fig. 20); not exported. */
package org.cgml.tasks.spectral.denoise;
