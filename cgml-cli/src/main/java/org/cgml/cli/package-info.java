/**
 * The {@code cgml} command line (picocli): {@code tasks}, {@code train}, {@code sample} and {@code bench}, with run
 * folders (resolved config, seed, metrics, checkpoints, loss curve) and one clear message, exit code 2, on bad input.
 */
package org.cgml.cli;
