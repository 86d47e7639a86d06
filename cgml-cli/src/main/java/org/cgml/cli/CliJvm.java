package org.cgml.cli;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The command line that starts this CLI in a new JVM (a SLURM task's, a test's child process). */
final class CliJvm {
    private CliJvm() {
    }

    /**
     * This CLI as a new JVM runs it: this JVM's java, its -D and -X options and the system properties the launcher
     * sets, its module path (and class path), and the CLI's main module.
     */
    static List<String> command() {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        Set<String> options = new LinkedHashSet<>();
        for (String property : List.of("java.awt.headless", "org.bytedeco.javacpp.cachedir", "jna.tmpdir",
                "cgml.built.commit", "cgml.built.dirty")) {
            String value = System.getProperty(property);
            if (value != null) {
                options.add("-D" + property + "=" + value);
            }
        }
        for (String a : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            boolean property = a.startsWith("-D") && !a.startsWith("-Djdk.module.") && !a.startsWith("-Djava.class.path");
            if ((property && options.stream().noneMatch(o -> o.startsWith(a.substring(0, a.indexOf('=') + 1))))
                    || (a.startsWith("-X") && !a.startsWith("-Xrun") && !a.startsWith("-Xdebug"))) {
                options.add(a);
            }
        }
        command.addAll(options);
        List<String> path = new ArrayList<>();
        for (String property : List.of("jdk.module.path", "java.class.path")) {
            for (String entry : System.getProperty(property, "").split(File.pathSeparator)) {
                if (!entry.isBlank() && !path.contains(entry)) {
                    path.add(Path.of(entry).toAbsolutePath().toString());
                }
            }
        }
        command.addAll(List.of("--module-path", String.join(File.pathSeparator, path), "--add-modules",
                "ALL-MODULE-PATH", "-m", "org.cgml.cli/org.cgml.cli.Main"));
        return command;
    }

}
