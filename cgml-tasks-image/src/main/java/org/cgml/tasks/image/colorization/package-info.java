/** Colorization in CIE LAB with the KL-to-uniform histogram term (paper section 5.2, Table 2). */
package org.cgml.tasks.image.colorization;
