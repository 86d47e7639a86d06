/**
 * Evaluation as a library call: {@link org.cgml.nn.evaluation.Evaluator#evaluate} scores a trained model on a task's
 * held-out views with the task's figures, the standard figures, the oracle and timing, as typed
 * {@link org.cgml.nn.evaluation.Score}s; {@link org.cgml.nn.evaluation.TrainedRun} reopens a run folder (task, config,
 * sampling model); {@link org.cgml.nn.evaluation.HeldOut} draws held-out examples; the held-out
 * {@link org.cgml.nn.evaluation.Convergence} listener, sample {@link org.cgml.nn.evaluation.Grid}s,
 * {@link org.cgml.nn.evaluation.Npy} files and {@link org.cgml.nn.evaluation.SeedSummary seed summaries}.
 */
package org.cgml.nn.evaluation;
