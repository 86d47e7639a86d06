package org.cgml.tasks.image;

import com.google.inject.AbstractModule;
import java.util.List;
import org.cgml.api.Plugin;
import org.cgml.tasks.image.colorization.Colorization;
import org.cgml.tasks.image.data.Fuzz;
import org.cgml.tasks.image.inpainting.Inpainting;
import org.cgml.tasks.image.mnist.MnistMultimodal;
import org.cgml.tasks.image.paired.Paired;
import org.cgml.tasks.image.sketch.SketchToImage;
import org.cgml.tasks.image.template.TemplateTask;

/**
 * The image tasks and the readers of their files, added to the map bindings of the engine's registry
 * ({@code provides org.cgml.api.Plugin with ImagePlugin}): a task added to this module gets one line here.
 */
public final class ImagePlugin extends AbstractModule implements Plugin {

    @Override
    protected void configure() {
        List.of(new TemplateTask.Provider(), new MnistMultimodal.Provider(), new Inpainting.Provider(),
                new Colorization.Provider(), new Paired.Provider(), new SketchToImage.Provider())
                .forEach(p -> Plugin.task(binder(), p));
        List.of(new Fuzz.IdxFiles(), new Fuzz.PhotoFolder(), new Fuzz.PairFolder())
                .forEach(r -> Plugin.readers(binder()).addBinding().toInstance(r));
    }
}
