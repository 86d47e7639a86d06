/** Spectral 3D tasks of paper section 5.4 (mesh IO, spherical harmonics, 3D Zernike moments): not yet built. */
package org.cgml.tasks.spectral;
