/** Readers and image helpers of the image tasks (not exported): IDX files, grey and colour rasters in [-1, 1]. */
package org.cgml.tasks.image.data;
