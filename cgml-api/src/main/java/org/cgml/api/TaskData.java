package org.cgml.api;

/** The train and test splits of a task. */
public record TaskData(Dataset train, Dataset test) {
    public TaskData {
        if (train.size() <= 0 || test.size() <= 0) {
            throw new IllegalArgumentException("a task needs non-empty train and test splits (train "
                    + train.size() + ", test " + test.size() + ")");
        }
    }
}
