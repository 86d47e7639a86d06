package org.cgml.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code cgml bench}: side-by-side benchmarks that print machine-readable tables. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks: cGML beside the L1 baseline, printed as CSV tables.",
        subcommands = {BenchToy.class, BenchSpeed.class, BenchEval.class, BenchImage.MnistBench.class,
            BenchImage.InpaintingBench.class, BenchImage.ColorizationBench.class, BenchImage.SketchBench.class, BenchSpectral.class})
final class BenchCommand implements Runnable {
    @CommandLine.ParentCommand
    Main main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(main.out);
    }
}
