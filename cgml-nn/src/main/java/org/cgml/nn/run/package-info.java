/**
 * Run folders as engine objects (create, open, resume, train into, read back): the resolved config with
 * provenance in {@code config.json}, metrics as CSV and a loss plot, checkpoints, the SavedModel; plus the training
 * listeners a run uses (metrics, progress); {@link org.cgml.nn.run.Csv}, the one way cGML writes and reads its CSV
 * files (quoted fields, numbers that read back exactly).
 */
package org.cgml.nn.run;
