package org.cgml.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.cgml.api.TaskData;
import org.cgml.api.TrainingConfig;
import org.cgml.api.TrainingListener;
import org.cgml.nn.Method;
import org.cgml.nn.Trainer;
import org.cgml.nn.evaluation.Convergence;
import org.cgml.nn.run.Run;
import org.cgml.nn.run.TensorBoard;
import org.cgml.nn.run.TensorBoardFolder;
import org.cgml.nn.toy.ToyTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run cut past its checkpoint and resumed keeps, in TensorBoard, every training step and every held-out probe
 * once: the streams live in their own folders (train/, heldout/), read under TensorBoard's loading rules
 * ({@link TensorBoardFolder}, both of TensorBoard's accumulators).
 */
class TensorBoardFoldersTest {

    @Test
    void aResumedRunKeepsEveryPointOfBothStreams(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run");
        Run run = Run.create(dir);
        ToyTask task = new ToyTask();
        TrainingConfig config = TrainingConfig.forTask(task).set(TrainingConfig.ITERATIONS, 30L)
                .set(TrainingConfig.INNER_STEPS, 2).set(TrainingConfig.CHECKPOINT_EVERY, 10)
                .set(TrainingConfig.SAMPLING_STEPS, 2).build();
        run.writeConfig(task, config, Method.named(config.get(TrainingConfig.METHOD), Method.installed()), Map.of(),
                "test");
        TaskData data = task.data(config.get(TrainingConfig.SEED));
        try (Trainer t = new Trainer(task, data, config)) {
            // held out every 5 steps; stopped after step 25, whose checkpoint is then lost, as a crash after step 25
            // loses it: the probe of step 25 lies beyond the checkpoint of step 20
            run.train(t, false, List.of(Convergence.of(dir, t, data, 2, 2, 5), new TrainingListener() {
                @Override
                public void onIteration(IterationInfo s) {
                    if (s.iteration() == 25) {
                        t.requestStop();
                    }
                }
            }));
        }
        Path checkpoints = run.checkpoints().directory();
        org.cgml.nn.Folders.deleteTree(checkpoints.resolve("iteration-000000025"));
        Files.writeString(checkpoints.resolve("latest"), "iteration-000000020\n");
        try (Trainer t = new Trainer(task, data, config)) {
            Run.open(dir).train(t, true, List.of(Convergence.of(dir, t, data, 2, 2, 5)));
        }
        Path train = dir.resolve(TensorBoard.TRAIN);
        Path heldout = dir.resolve(TensorBoard.HELDOUT);
        assertEquals(2, TensorBoardFolder.files(train).size());
        assertEquals(2, TensorBoardFolder.files(heldout).size());
        Path resumedHeldout = TensorBoardFolder.files(heldout).get(1);
        List<String> curve = Files.readAllLines(dir.resolve(Convergence.FILE));
        String[] header = curve.get(0).split(",");
        assertEquals(8, curve.size(), "header and probes at 0, 5, ..., 30: " + curve);
        for (TensorBoardFolder.Loader loader : TensorBoardFolder.Loader.values()) {
            Map<String, List<TensorBoardFolder.Point>> t = TensorBoardFolder.points(train, loader);
            assertEquals(LongStream.rangeClosed(1, 30).boxed().toList(),
                    t.get("train/cost").stream().map(TensorBoardFolder.Point::step).toList(), loader + " train/cost");
            Map<String, List<TensorBoardFolder.Point>> h = TensorBoardFolder.points(heldout, loader);
            assertTrue(h.keySet().stream().noneMatch(k -> k.startsWith("train/")), h.keySet().toString());
            for (int c = 2; c < header.length; c++) {
                List<TensorBoardFolder.Point> points = h.get("heldout/" + header[c]);
                assertEquals(List.of(0L, 5L, 10L, 15L, 20L, 25L, 30L),
                        points.stream().map(TensorBoardFolder.Point::step).toList(),
                        loader + " heldout/" + header[c] + ": every probe once, in order");
                for (TensorBoardFolder.Point p : points) {
                    double csv = Double.parseDouble(curve.get((int) p.step() / 5 + 1).split(",")[c]);
                    assertEquals((float) csv, p.value().getSimpleValue(), loader + " step " + p.step());
                    assertEquals(p.step() > 20, p.file().equals(resumedHeldout),
                            loader + " probe " + p.step() + " comes from " + p.file().getFileName());
                }
            }
        }
    }
}
