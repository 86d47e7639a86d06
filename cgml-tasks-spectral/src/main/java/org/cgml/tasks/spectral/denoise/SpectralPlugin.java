package org.cgml.tasks.spectral.denoise;

import com.google.inject.AbstractModule;
import java.util.List;
import org.cgml.api.Plugin;
import org.cgml.tasks.spectral.Fuzz;

/**
 * {@code spectral-denoise} and the mesh and catalogue readers, added to the map bindings of the engine's registry
 * ({@code provides org.cgml.api.Plugin with SpectralPlugin}).
 */
public final class SpectralPlugin extends AbstractModule implements Plugin {

    @Override
    protected void configure() {
        Plugin.task(binder(), new SpectralDenoise.Provider());
        List.of(new Fuzz.Off(), new Fuzz.Obj(), new Fuzz.Ply(), new Fuzz.Sh3f())
                .forEach(r -> Plugin.readers(binder()).addBinding().toInstance(r));
    }
}
