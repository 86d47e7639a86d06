package org.cgml.nn.evaluation;

import org.cgml.nn.LatentUpdate;

/**
 * One figure of a model's evaluation: a held-out view ({@code ""} for the task's one), the sampling steps T and the
 * latent update it was sampled with, and the figure, the model's own or, when {@code reference} is not null, a
 * reference's (the truth's colourfulness, ...) scored beside it.
 */
public record Score(String view, int samplingSteps, LatentUpdate update, String reference, String metric, double value) {

    /**
     * The setting this figure is of in a bench's tables: {@code label}, then {@code ;view=NAME} for a named view,
     * {@code ;T=N} when {@code showSteps} (several T compared), {@code ;rho=no} without momentum.
     */
    public String setting(String label, boolean showSteps) {
        return label + (view.isEmpty() ? "" : ";view=" + view) + (showSteps ? ";T=" + samplingSteps : "")
                + (update == LatentUpdate.PLAIN ? ";rho=no" : "");
    }
}
