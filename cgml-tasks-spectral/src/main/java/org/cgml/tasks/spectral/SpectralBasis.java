package org.cgml.tasks.spectral;

/** The two coefficient maps a shape is described by in paper section 5.4 (Table 6). */
public enum SpectralBasis {
    /** Real spherical harmonics of the radial function, arranged degree by order. */
    SPHERICAL_HARMONICS,
    /** 3D Zernike moments of the voxelised shape (Novotni and Klein 2003). */
    ZERNIKE_3D
}
