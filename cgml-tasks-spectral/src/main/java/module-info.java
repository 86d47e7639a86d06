/** Spectral 3D tasks (spherical-harmonic and 3D-Zernike maps, spectral denoising): to come. */
module org.cgml.tasks.spectral {
    requires org.cgml.api;
    requires org.cgml.nn;
    requires commons.math3;

    exports org.cgml.tasks.spectral;
}
