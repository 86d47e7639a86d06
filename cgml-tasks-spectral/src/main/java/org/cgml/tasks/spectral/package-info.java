/**
 * Shapes and their spectra (paper section 5.4): meshes and their readers, synthetic shapes, surface sampling,
 * real spherical harmonics of the radial function and 3D Zernike moments, arranged as 2D coefficient maps.
 */
package org.cgml.tasks.spectral;
