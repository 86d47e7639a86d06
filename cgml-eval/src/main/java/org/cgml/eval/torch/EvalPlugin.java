package org.cgml.eval.torch;

import com.google.inject.AbstractModule;
import org.cgml.api.Plugin;

/**
 * The metrics module's file reader (PyTorch weight files), added to the engine's registry
 * ({@code provides org.cgml.api.Plugin with EvalPlugin}) for {@code cgml bench fuzz}.
 */
public final class EvalPlugin extends AbstractModule implements Plugin {

    @Override
    protected void configure() {
        Plugin.readers(binder()).addBinding().toInstance(new Fuzz());
    }
}
