/** Image inpainting on photo crops (paper section 5.3, Table 3). */
package org.cgml.tasks.image.inpainting;
