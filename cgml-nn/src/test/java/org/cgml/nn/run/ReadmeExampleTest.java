package org.cgml.nn.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.LatentUpdate;
import org.cgml.nn.Method;
import org.cgml.nn.MethodModel;
import org.cgml.nn.Trainer;
import org.cgml.nn.toy.ToyTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "train and sample from Java" example, as written there (a shorter run). */
class ReadmeExampleTest {
    @Test
    void theReadmeExampleTrainsAndSamples(@TempDir Path tmp) throws Exception {
        long iterations = 20; // the README says 2000
        Path dir = tmp.resolve("toy");
        // --- README example starts
        ToyTask task = new ToyTask();
        TrainingConfig config = TrainingConfig.forTask(task).set(TrainingConfig.ITERATIONS, iterations)
                .set(TrainingConfig.SEED, 1L).build();                        // settings are typed keys
        Method method = Method.named(config.get(TrainingConfig.METHOD), Method.installed());   // "cgml"
        Run run = Run.create(dir);
        run.writeConfig(task, config, method, Map.of(), "my experiment");
        try (Trainer trainer = new Trainer(method, task, task.data(config.get(TrainingConfig.SEED)), config)) {
            run.train(trainer, false, List.of());                             // metrics, checkpoints, SavedModel
        }
        try (MethodModel model = run.samplingModel(method, task, config)) {
            float[] x = {-0.5f, 0.25f};                                       // two inputs
            float[] y = model.sampler().sample(x, 2, 8, 20, LatentUpdate.MOMENTUM, 7); // 8 modes each, T = 20
            // y holds 2 x 8 outputs of 3 values, input-major
            // --- README example ends
            assertEquals(2 * 8 * 3, y.length);
        }
    }
}
