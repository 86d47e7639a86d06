/**
 * Spectral 3D tasks of paper section 5.4: mesh readers, surface sampling, spherical-harmonic and 3D-Zernike
 * coefficient maps (exported, usable without the trainer) and the {@code spectral-denoise} task plugin (not
 * exported; found through {@link org.cgml.api.TaskProvider}).
 */
module org.cgml.tasks.spectral {
    requires org.cgml.api;
    requires org.cgml.eval;
    requires commons.math3;
    requires java.desktop;

    exports org.cgml.tasks.spectral;

    provides org.cgml.api.TaskProvider with org.cgml.tasks.spectral.denoise.SpectralDenoise.Provider;
    provides org.cgml.api.FuzzTarget with org.cgml.tasks.spectral.Fuzz.Off, org.cgml.tasks.spectral.Fuzz.Obj,
            org.cgml.tasks.spectral.Fuzz.Ply, org.cgml.tasks.spectral.Fuzz.Sh3f;
}
