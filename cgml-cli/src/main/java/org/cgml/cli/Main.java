package org.cgml.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import org.cgml.api.TaskProvider;
import org.cgml.nn.Method;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code cgml}: conditional generation via learning the latent space. */
@Command(name = "cgml", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Conditional generative modeling via learning the latent space (cGML, ICLR 2021).",
        subcommands = {TasksCommand.class, TasksCommand.Methods.class, TrainCommand.class, SampleCommand.class,
            EvalCommand.class, BenchCommand.class, CompletionCommand.class})
public final class Main implements Runnable {
    /** {@code cgml --version}: the versions and commit a run's provenance records. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            org.cgml.nn.run.Provenance p = org.cgml.nn.run.Provenance.now("cgml --version", 0);
            return new String[] {"cgml " + p.cgml() + " (git " + p.gitCommit()
                    + (Boolean.TRUE.equals(p.gitDirty()) ? ", modified" : "") + ")",
                "TensorFlow " + p.tensorflow() + ", Java " + p.java() + ", " + p.os() + ", " + p.cpu()};
        }
    }

    static final int USER_ERROR = 2;
    /** Exit code of a failure of the machine (a full disk), not of the input. */
    static final int MACHINE_ERROR = 3;

    private org.cgml.nn.plugin.Registry registry;
    private List<TaskProvider> extraTasks = List.of();
    private List<Method> extraMethods = List.of();
    PrintStream out = System.out;
    PrintStream err = System.err;

    /**
     * Whether progress may be redrawn in place on {@link #err}: it is the process's standard error and that is a
     * terminal (on Linux, /proc/self/fd/N names a tty, N = 2 or its duplicate of {@link NativeStderr}; elsewhere, as
     * the JVM's console says). A redirected stderr
     * gets whole lines, no carriage returns.
     */
    boolean errIsTerminal() {
        if (err != System.err) {
            return false;
        }
        try {
            String target = java.nio.file.Files.readSymbolicLink(
                    java.nio.file.Path.of("/proc/self/fd/" + NativeStderr.fd())).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }

    /** One line on stderr for something recovered from (the run goes on). */
    void warn(String message) {
        err.println("cgml: warning: " + message);
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Read by {@link #main} before parsing ({@link NativeStderr}); declared here so that every command accepts it. */
    @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Show TensorFlow's own log lines on stderr (hidden by default).")
    boolean verbose;

    /** The plugins' tasks, methods and file readers (and the extra ones given), loaded on first use. */
    synchronized org.cgml.nn.plugin.Registry registry() {
        if (registry == null) {
            registry = org.cgml.nn.plugin.Registry.with(extraTasks, extraMethods);
        }
        return registry;
    }

    @Override
    public void run() {
        spec.commandLine().usage(out);
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        PrintStream err = java.util.Arrays.asList(args).contains("--verbose") ? System.err : NativeStderr.quiet();
        System.exit(run(args, System.out, err));
    }

    /**
     * Runs the command line in this process with the given streams; returns the exit code (2 for bad input). Public
     * for the tests of a plugin module, which have this module on their class path.
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, List.of(), List.of());
    }

    /**
     * Runs the command line with the given streams and, beside the plugins found through ServiceLoader, the tasks
     * and methods given here; returns the exit code.
     */
    static int run(String[] args, PrintStream out, PrintStream err, List<TaskProvider> tasks, List<Method> methods) {
        Main main = new Main();
        main.extraTasks = tasks;
        main.extraMethods = methods;
        main.out = out;
        main.err = err;
        CommandLine cl = new CommandLine(main);
        cl.setOverwrittenOptionsAllowed(true); // a later --iterations N wins (scripts pass defaults first)
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setParameterExceptionHandler((ex, a) -> {
            // an unknown option is the first thing to say: picocli checks the required options first, so that
            // 'train --bogus' would otherwise be told only of the --out it lacks
            List<String> unknown = ex.getCommandLine().getUnmatchedArguments();
            err.println("cgml: " + (ex instanceof CommandLine.UnmatchedArgumentException || unknown.isEmpty()
                    ? ex.getMessage() : new CommandLine.UnmatchedArgumentException(ex.getCommandLine(),
                            new java.util.ArrayList<>(unknown)).getMessage()));
            String name = ex.getCommandLine().getCommandSpec().qualifiedName();
            err.println("see '" + name + " --help'");
            return USER_ERROR;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            Throwable cause = ex;
            while ((cause instanceof java.io.UncheckedIOException || cause.getClass() == RuntimeException.class)
                    && cause.getCause() != null && !(cause instanceof UserError)) {
                cause = cause.getCause();
            }
            Throwable oom = causes(ex).filter(t -> t instanceof OutOfMemoryError
                    || String.valueOf(t.getMessage()).contains("OOM when allocating")).findFirst().orElse(null);
            if (oom != null) {
                return outOfMemory(err, oom);
            }
            String next;
            try {
                next = main.afterMachineFailure.get();
            } catch (RuntimeException unreadable) {
                next = "run the same command again";
            }
            String machine = machineFailure(ex, next);
            if (machine != null) {
                err.println("cgml: the machine failed, not the input: " + machine);
                return MACHINE_ERROR;
            }
            if (cause instanceof UserError || cause instanceof IllegalArgumentException
                    || cause instanceof java.io.IOException) {
                err.println("cgml: " + cause.getMessage());
                return USER_ERROR;
            }
            err.println("cgml: internal error: " + cause);
            if (System.getenv("CGML_DEBUG") != null) {
                cause.printStackTrace(err);
            } else {
                err.println("(set CGML_DEBUG=1 to see the stack trace; --verbose shows TensorFlow's own log)");
            }
            return 1;
        });
        TrainCommand.installSettings(cl.getSubcommands().get("train").getCommandSpec(),
                org.cgml.nn.Method.settings(main.registry().methods().values()));
        installTaskOptions(cl, args, main);
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) { // picocli hands on Errors; this one is the settings', said in one line
            return outOfMemory(err, e);
        }
    }

    /** {@code ex} and its causes, outermost first. */
    private static java.util.stream.Stream<Throwable> causes(Throwable ex) {
        return java.util.stream.Stream.iterate(ex, t -> t != null, t -> t.getCause() == t ? null : t.getCause());
    }

    /** One line for running out of memory (the JVM's heap or TensorFlow's), with what to change; the user's error. */
    private static int outOfMemory(PrintStream err, Throwable t) {
        err.println("cgml: out of memory (" + String.valueOf(t.getMessage()).lines().findFirst().orElse("")
                + "); lower --batch-size or the image size, or give the JVM more with CGML_JAVA_OPTS=-Xmx...");
        return USER_ERROR;
    }

    /**
     * What the machine ran out of, if {@code ex} or a cause of it is a failure of the machine rather than of the input
     * (a full disk, a disk quota; TensorFlow reports these as "resource exhausted"), and then {@code next}, else
     * null.
     */
    static String machineFailure(Throwable ex, String next) {
        for (Throwable t : causes(ex).toList()) {
            String m = String.valueOf(t.getMessage());
            if (m.contains("No space left on device") || m.contains("ENOSPC")) {
                return "the disk is full (no space left on device) while: " + m.lines().findFirst().orElse("")
                        + "; free some space, then " + next;
            }
            if (m.contains("Disk quota exceeded") || m.contains("EDQUOT")) {
                return "the disk quota is exceeded while: " + m.lines().findFirst().orElse("") + "; make room, then "
                        + next;
            }
        }
        return null;
    }

    /**
     * What to do after a failure of the machine, as the command knows it when it fails (a train run with a
     * checkpoint continues with --resume); by default, the same command again.
     */
    java.util.function.Supplier<String> afterMachineFailure = () -> "run the same command again";

    /**
     * For {@code cgml train --task T ...} and {@code cgml bench --task T ...}, adds T's own options
     * ({@link org.cgml.api.TaskOption}) to the command, so that they parse and show in {@code --help}; nothing
     * task-specific is written into the CLI.
     */
    static void installTaskOptions(CommandLine cl, String[] args, Main main) {
        if (args.length == 0 || !(args[0].equals("train") || args[0].equals("bench"))) {
            return;
        }
        String name = null;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--task") && i + 1 < args.length) {
                name = args[i + 1];
            } else if (args[i].startsWith("--task=")) {
                name = args[i].substring("--task=".length());
            }
        }
        if (name == null || !main.registry().providers().containsKey(name)) {
            return;                                 // the command itself reports the unknown task
        }
        CommandLine.Model.CommandSpec command = cl.getSubcommands().get(args[0]).getCommandSpec();
        for (org.cgml.api.TaskOption o : main.registry().task(name).options()) {
            if (command.findOption("--" + o.name()) != null) {
                throw new IllegalStateException("task " + name + " declares --" + o.name() + ", a " + args[0]
                        + " option already");
            }
            command.addOption(CommandLine.Model.OptionSpec.builder("--" + o.name()).paramLabel("VALUE").type(String.class)
                    .description(o.description() + " (task " + name + "; default " + o.defaultValue() + ")").build());
        }
    }
}
