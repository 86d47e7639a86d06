package org.cgml.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The image model's inner step scale: 1 at 16 x 16, (16 x 16 / pixels)^(1/2) elsewhere, whatever the channels. */
class UNetTaskTest {

    private static UNetTask image(int size, int channels) {
        return new UNetTask("image", List.of()) {
            @Override
            protected Task with(OptionValues options) {
                return this;
            }

            @Override
            public TaskData data(long seed) {
                throw new UnsupportedOperationException();
            }

            @Override
            public int[] inputShape() {
                return new int[] {size, size, 1};
            }

            @Override
            public int[] outputShape() {
                return new int[] {size, size, channels};
            }

            @Override
            public Presentation presentation() {
                return Presentation.indexed(inputSize(), outputSize());
            }
        };
    }

    @Test
    void theStepScaleFollowsThePixelCountNotTheChannels() {
        assertEquals(1.0, image(16, 3).stepScale(), 1e-12);
        assertEquals(1.0, image(16, 1).stepScale(), 1e-12);
        assertEquals(0.5, image(32, 3).stepScale(), 1e-12);
        assertEquals(0.5, image(32, 2).stepScale(), 1e-12);
        assertEquals(0.25, image(64, 3).stepScale(), 1e-12);
        assertEquals(2.0, image(8, 3).stepScale(), 1e-12);
    }

    @Test
    void imageTasksTrainEveryMethodAtTheAnnealedRateAsTaskDefaults() {
        TrainingConfig c = TrainingConfig.forTask(image(32, 3)).build();
        assertEquals(1e-3f, c.get(TrainingConfig.LEARNING_RATE));
        assertEquals(TrainingConfig.Schedule.COSINE, c.get(TrainingConfig.SCHEDULE));
        assertEquals(TrainingConfig.Origin.TASK, c.origin(TrainingConfig.LEARNING_RATE));
        TrainingConfig mine = TrainingConfig.forTask(image(32, 3)).set(TrainingConfig.LEARNING_RATE, 1e-4f)
                .set(TrainingConfig.SCHEDULE, TrainingConfig.Schedule.CONSTANT).build();
        assertEquals(1e-4f, mine.get(TrainingConfig.LEARNING_RATE), "the user's rate stays");
        assertEquals(TrainingConfig.Schedule.CONSTANT, mine.get(TrainingConfig.SCHEDULE));
    }

    @Test
    void tasksAndThePaperRecipeScaleAsDocumented() {
        assertEquals(true, TrainingConfig.builder().set(TrainingConfig.ITERATIONS, 1L).build()
                .get(TrainingConfig.BETA_SCALED));
        assertEquals(false, TrainingConfig.builder().set(TrainingConfig.ITERATIONS, 1L)
                .set(TrainingConfig.RECIPE, TrainingConfig.Recipe.PAPER).build().get(TrainingConfig.BETA_SCALED));
    }
}
