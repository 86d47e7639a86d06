package org.cgml.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.cgml.api.Task;
import org.cgml.api.TrainingConfig;
import picocli.CommandLine.Option;

/** The options every training bench shares (a picocli mixin): budget, seed, K, task options and training settings. */
final class BenchOptions {
    @Option(names = "--steps", defaultValue = "1500", description = "Training steps per method (default 1500).")
    long steps;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default 1).")
    long seed;

    @Option(names = "--modes", defaultValue = "8", description = "K samples per input (default 8).")
    int modes;

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "A task option, e.g. --set data=DIR (repeatable).")
    Map<String, String> set = new LinkedHashMap<>();

    @Option(names = "--config", paramLabel = "KEY=VALUE",
            description = "A training setting for both methods, e.g. --config learning_rate=1e-3 (repeatable).")
    Map<String, String> config = new LinkedHashMap<>();

    /** Refuses a non-positive budget or K. */
    void check() {
        if (steps < 1 || modes < 1) {
            throw new UserError("--steps and --modes must be positive");
        }
    }

    /** The task's defaults, then the --config values, then this bench's budget, seed and method. */
    TrainingConfig training(Task task, TrainingConfig.Method method) {
        TrainingConfig.Builder b = TrainingConfig.forTask(task);
        config.forEach(b::set);
        return b.setSteps(steps).optSeed(seed).optMethod(method).build();
    }

    /** The method's name in bench tables. */
    static String name(TrainingConfig.Method method) {
        return method == TrainingConfig.Method.L1 ? "l1" : "cgml";
    }
}
