package org.cgml.nn.toy;

import org.cgml.api.OptionTask;

/** Registers the toy task: {@code provides org.cgml.api.TaskProvider with ToyTaskProvider} in module-info. */
public final class ToyTaskProvider extends OptionTask.Provider {

    public ToyTaskProvider() {
        super(ToyTask.NAME, "x in [-1,1] -> y = s*4(x, x^2, x^3), s = +/-1: two modes (paper Fig. 3)", ToyTask::new);
    }
}
