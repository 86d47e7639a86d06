/**
 * Spectral 3D tasks of paper section 5.4: mesh readers, surface sampling, spherical-harmonic and 3D-Zernike
 * coefficient maps (exported, usable without the trainer) and the {@code spectral-denoise} task plugin (not
 * exported; added by its {@link org.cgml.api.Plugin} module with the readers).
 */
module org.cgml.tasks.spectral {
    requires org.cgml.api;
    requires org.cgml.eval;
    requires commons.math3;
    requires java.desktop;

    exports org.cgml.tasks.spectral;

    provides org.cgml.api.Plugin with org.cgml.tasks.spectral.denoise.SpectralPlugin;
}
