package org.cgml.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.cgml.nn.run.Run;

/**
 * {@code cgml bench --executor slurm}: the bench's plan as one SLURM job array whose task i trains and scores cell i in
 * its own JVM into its own run folder ({@code cgml bench ... --cell i}), and a merge job after it
 * ({@code --dependency=afterany}) that writes the tables from the finished runs ({@code --merge}). The scripts stay in
 * the bench folder's {@code slurm/} ({@code cells.sh}, {@code merge.sh}, and {@code submit.sh}, which is what was run
 * to submit them), so a user can read and resubmit them. SLURM is the scheduler: nothing here queues or retries.
 */
final class SlurmBench {
    /** Folder of the scripts and SLURM's output in a bench folder. */
    static final String FOLDER = "slurm";
    /** Seconds before the time limit at which SLURM sends the batch script TERM (its --signal=B:TERM@N). */
    static final int WARNING_SECONDS = 120;

    private SlurmBench() {
    }

    /**
     * Writes the scripts for {@code plan} (the bench in {@code out}, run with {@code benchArgs}) and submits them with
     * {@code sbatch}, passing {@code slurmArgs} to each job; prints the job ids.
     */
    static void submit(Main main, String task, Path out, int cells, List<String> benchArgs, List<String> slurmArgs)
            throws IOException {
        checkNamable(out);
        Path dir = out.resolve(FOLDER);
        String cwd = Path.of("").toAbsolutePath().toString();
        Files.createDirectories(dir);
        Files.createDirectories(out.resolve(Bench.LOGS));
        List<String> cgml = new ArrayList<>(snapshot(CliJvm.command(), dir.resolve(LIB)));
        cgml.addAll(benchArgs);
        write(dir.resolve(JARS), fingerprints(cgml));
        write(dir.resolve("cells.sh"), cellsScript(task, out, cwd, cgml));
        write(dir.resolve("merge.sh"), mergeScript(task, out, cwd, cgml));
        String submit = "#!/usr/bin/env bash\n"
                + "# What cgml bench --executor slurm ran to submit the bench in " + out + "; run it again to resubmit "
                + "(finished runs are reused).\n"
                + "# Prints the job array's id and the merge job's.\n"
                + "set -euo pipefail\n"
                + "cd " + quote(dir.toString()) + "\n"
                + "array=$(sbatch --parsable --array=0-" + (cells - 1) + words(slurmArgs) + " cells.sh)\n"
                + "array=${array%%;*}\n"
                + "merge=$(sbatch --parsable --dependency=afterany:\"$array\"" + words(slurmArgs) + " merge.sh)\n"
                + "echo \"${array} ${merge%%;*}\"\n";
        write(dir.resolve("submit.sh"), submit);
        Process p;
        try {
            p = new ProcessBuilder("bash", dir.resolve("submit.sh").toString()).redirectErrorStream(false).start();
        } catch (IOException e) {
            throw new UserError("cannot run bash to submit " + dir.resolve("submit.sh") + ": " + e.getMessage());
        }
        String stdout;
        String stderr;
        try {
            var errText = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            stdout = read(p.getInputStream()).strip();
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new UserError("sbatch did not answer within 2 minutes (" + dir.resolve("submit.sh") + ")");
            }
            stderr = errText.join().strip();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted while submitting " + dir.resolve("submit.sh"));
        }
        if (p.exitValue() != 0 || !stdout.matches("\\d+ \\d+")) {
            throw new UserError("submitting the bench to SLURM failed" + (stderr.isEmpty() ? "" : ": " + stderr)
                    + (stderr.contains("sbatch: command not found") || stderr.contains("sbatch: not found")
                            ? " (no SLURM client here: submit " + dir.resolve("submit.sh") + " where SLURM is)" : "")
                    + "; the scripts are in " + dir);
        }
        String[] ids = stdout.split(" ");
        write(dir.resolve("jobs.txt"), "array " + ids[0] + "\nmerge " + ids[1] + "\n");
        main.err.println("bench " + task + ": " + cells + " cells submitted to SLURM as job array " + ids[0]
                + " (tasks 0-" + (cells - 1) + "), the tables by job " + ids[1] + " after it; scripts and SLURM's output "
                + "in " + dir + ", each cell's log in " + out.resolve(Bench.LOGS));
        main.err.println("bench " + task + ": 'cgml bench status --out " + out + "' shows each cell; the same bench "
                + "command without --executor slurm finishes what is left here");
        main.out.println(ids[0] + " " + ids[1]);
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static void write(Path file, String text) throws IOException {
        Run.writeAtomically(file, text);
        file.toFile().setExecutable(true);
    }

    /** The ids of a submitted bench's jobs from {@code slurm/jobs.txt} ("array" and "merge"); none when not submitted. */
    static Map<String, String> jobs(Path out) {
        Map<String, String> ids = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(out.resolve(FOLDER).resolve("jobs.txt"), StandardCharsets.UTF_8)) {
                String[] f = line.strip().split(" ");
                if (f.length == 2 && (f[0].equals("array") || f[0].equals("merge")) && f[1].matches("\\d{1,18}")) {
                    ids.put(f[0], f[1]);
                }
            }
        } catch (IOException | RuntimeException notSubmitted) {
            return Map.of();
        }
        return ids;
    }

    /** What {@code squeue} prints with these arguments, or none when it does not answer (no SLURM here, no such job). */
    private static Optional<String> squeue(String... args) {
        List<String> command = new ArrayList<>(List.of("squeue"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String text = read(p.getInputStream());
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return Optional.of(text);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * What SLURM says of a bench's array tasks (asked of {@code squeue} with the array's id from slurm/jobs.txt): each
     * task it still holds, queued or started ({@link #slurmState}); none when the bench was not submitted to
     * SLURM or squeue does not answer.
     */
    static Map<Integer, CellState.State> tasks(Path out) {
        Map<Integer, CellState.State> tasks = new TreeMap<>();
        String array = jobs(out).get("array");
        if (array != null) {
            squeue("-h", "-r", "-j", array, "-o", "%K %T").ifPresent(text -> text.lines().forEach(line -> {
                String[] f = line.strip().split("\\s+");
                if (f.length == 2 && f[0].matches("\\d{1,9}")) {
                    tasks.put(Integer.valueOf(f[0]), slurmState(f[1]));
                }
            }));
        }
        return tasks;
    }

    /** A task SLURM has started (its JVM may not hold the run's lock yet) is running; any other it holds is queued. */
    static CellState.State slurmState(String squeueState) {
        switch (squeueState) {
            case "RUNNING":
            case "COMPLETING":
            case "CONFIGURING":
                return CellState.State.RUNNING;
            default:
                return CellState.State.QUEUED;
        }
    }

    /**
     * Refuses to submit a bench again while SLURM still holds a job of its last submission (queued or running): the
     * second array's tasks would only find their run folders taken, and the merge jobs would race.
     */
    static void checkNotHeld(Path out) {
        Map<String, String> ids = jobs(out);
        if (ids.isEmpty()) {
            return;
        }
        String held = squeue("-h", "-j", String.join(",", ids.values()), "-o", "%i %T").orElse("").strip();
        if (!held.isEmpty()) {
            throw new UserError("this bench was submitted before and SLURM still holds its jobs ("
                    + held.lines().map(String::strip).collect(Collectors.joining(", ")) + "): wait for them ('cgml bench "
                    + "status --out " + out + "') or cancel them ('scancel " + String.join(" ", ids.values())
                    + "') before submitting it again");
        }
    }

    /**
     * Refuses, before anything is written, a bench folder or working directory the job scripts cannot name: one whose
     * name holds a line break (any other character is quoted).
     */
    static void checkNamable(Path out) {
        for (String path : List.of(out.toString(), Path.of("").toAbsolutePath().toString())) {
            if (path.indexOf('\n') >= 0 || path.indexOf('\r') >= 0) {
                throw new UserError("a SLURM job's script cannot name the folder " + path.replaceAll("[\r\n]", "?")
                        + ": its name holds a line break; choose another");
            }
        }
    }

    /** The array's script: one cell per task, TERM (SLURM's warning) forwarded, the task requeued after the checkpoint. */
    static String cellsScript(String task, Path out, String cwd, List<String> cgml) {
        Path log = out.resolve(Bench.LOGS);
        return "#!/usr/bin/env bash\n"
                + "# Cell $SLURM_ARRAY_TASK_ID of the bench in " + out + " (its plan: bench.json), written by cgml bench "
                + "--executor slurm.\n"
                + "# Each task trains and scores its cell in its own JVM into its own run folder. On SLURM's warning "
                + "signal (--signal)\n"
                + "# or 'scancel --batch --signal=TERM' the run checkpoints, the task requeues itself and exits "
                + "non-zero; the requeued\n"
                + "# task continues the run from its checkpoint. Resubmit with submit.sh beside this file.\n"
                + "# SLURM's output goes to cell-<task>.out in the folder sbatch runs in (submit.sh runs it in this one).\n"
                + "#SBATCH --job-name=cgml-" + task + "\n"
                + "#SBATCH --output=cell-%a.out\n"
                + "#SBATCH --open-mode=append\n"
                + "#SBATCH --requeue\n"
                + "#SBATCH --signal=B:TERM@" + WARNING_SECONDS + "\n"
                + "set -u\n"
                + "export TF_ENABLE_ONEDNN_OPTS=\"${TF_ENABLE_ONEDNN_OPTS:-1}\"\n"
                + "export TF_CPP_MIN_LOG_LEVEL=\"${TF_CPP_MIN_LOG_LEVEL:-3}\"\n"
                + "cell=\"${SLURM_ARRAY_TASK_ID:?run this as a task of a SLURM job array}\"\n"
                + "log=" + quote(log.toString()) + "/cell-\"$cell\".log\n"
                + "mkdir -p " + quote(log.toString()) + "\n"
                + enter(cwd, "\"$log\"")
                + sameJars(out, "\"$log\"")
                + "cgml=(" + cgml.stream().map(SlurmBench::quote).collect(Collectors.joining(" ")) + ")\n"
                + "echo \"cgml bench: cell $cell as SLURM job ${SLURM_ARRAY_JOB_ID:-?}_${cell} (${SLURM_JOB_ID:-?}) on "
                + "$(hostname), start ${SLURM_RESTART_COUNT:-0}, $(date -u +%FT%TZ)\" >&2\n"
                + "\"${cgml[@]}\" --cell \"$cell\" &\n"
                + "child=$!\n"
                + "stopped() {\n"
                + "  kill -TERM \"$child\" 2>/dev/null\n"
                + "  wait \"$child\"\n"
                + "  local code=$?\n"
                + "  echo \"cgml bench: cell $cell stopped by a signal (cgml exited with $code after its checkpoint); "
                + "requeueing SLURM job $SLURM_JOB_ID\" >&2\n"
                + "  scontrol requeue \"$SLURM_JOB_ID\"\n"
                + "  exit 143\n"
                + "}\n"
                + "trap stopped TERM\n"
                + "wait \"$child\"\n"
                + "code=$?\n"
                + "if [ \"$code\" -ne 0 ] && ! tail -n 1 \"$log\" 2>/dev/null | grep -q '^" + Bench.FAILED + "'; then\n"
                + "  echo \"" + Bench.FAILED + "cgml exited with code $code (SLURM's output of the task: "
                + inDoubleQuotes(out.resolve(FOLDER).toString()) + "/cell-$cell.out)\" >>\"$log\"\n"
                + "fi\n"
                + "exit \"$code\"\n";
    }

    /** The merge job's script: the tables from the finished runs. */
    static String mergeScript(String task, Path out, String cwd, List<String> cgml) {
        return "#!/usr/bin/env bash\n"
                + "# The tables of the bench in " + out + " from its finished runs (cells not finished are listed as left "
                + "out), written by\n"
                + "# cgml bench --executor slurm to run after the job array (--dependency=afterany).\n"
                + "#SBATCH --job-name=cgml-" + task + "-merge\n"
                + "#SBATCH --output=merge.out\n"
                + "#SBATCH --open-mode=append\n"
                + "set -u\n"
                + "export TF_ENABLE_ONEDNN_OPTS=\"${TF_ENABLE_ONEDNN_OPTS:-1}\"\n"
                + "export TF_CPP_MIN_LOG_LEVEL=\"${TF_CPP_MIN_LOG_LEVEL:-3}\"\n"
                + enter(cwd, "/dev/stderr")
                + sameJars(out, "/dev/stderr")
                + "exec " + cgml.stream().map(SlurmBench::quote).collect(Collectors.joining(" ")) + " --merge\n";
    }

    /**
     * A job's line that enters the folder the bench was submitted from (relative paths among its arguments are read
     * there), or stops the job with a {@code failed:} line into {@code log}.
     */
    static String enter(String cwd, String log) {
        return "cd " + quote(cwd) + " 2>/dev/null || { echo \"" + Bench.FAILED + "cannot enter "
                + inDoubleQuotes(cwd) + ", the folder the bench was submitted from\" >>" + log + "; exit 1; }\n";
    }

    /** The folder in {@link #FOLDER} that holds the copy of the build the jobs run. */
    static final String LIB = "lib";
    /** The file in {@link #LIB} that lists what cgml copied there, so that a later submission replaces only that. */
    static final String COPIED = ".copied-by-cgml";

    /**
     * {@code command} with its module path copied into {@code lib} (a jar as itself, a folder of jars as a folder of
     * the same jars, an exploded module as a copy of it; names kept, since an automatic module's name comes from its
     * jar's), so that the jobs run the build they were submitted with even when the checkout is built again while they
     * wait. A copy an earlier submission left there is replaced (only the files it lists as its own); a folder holding
     * anything else is refused, nothing changed.
     */
    static List<String> snapshot(List<String> command, Path lib) throws IOException {
        int at = command.indexOf("--module-path");
        if (at < 0) {
            return command;
        }
        List<String> copied = new ArrayList<>();
        if (Files.exists(lib, LinkOption.NOFOLLOW_LINKS)) {
            removeCopy(lib);
        }
        Files.createDirectories(lib);
        List<String> entries = new ArrayList<>();
        String[] path = command.get(at + 1).split(java.io.File.pathSeparator);
        try {
            for (int i = 0; i < path.length; i++) {
                Path from = Path.of(path[i]).toAbsolutePath();
                Path to = lib.resolve(Integer.toString(i));
                if (Files.isRegularFile(from)) {
                    Files.createDirectories(to);
                    to = to.resolve(from.getFileName().toString());
                    copy(from, to, lib, copied);
                } else if (Files.isRegularFile(from.resolve("module-info.class"))) {
                    to = to.resolve(from.getFileName().toString());
                    try (var files = Files.walk(from)) {
                        for (Path f : files.sorted().toList()) {
                            Path target = to.resolve(from.relativize(f).toString());
                            if (Files.isDirectory(f)) {
                                Files.createDirectories(target);
                            } else if (Files.isRegularFile(f)) {
                                copy(f, target, lib, copied);
                            }
                        }
                    }
                } else if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                    try (var files = Files.list(from)) {
                        for (Path jar : files.filter(f -> f.toString().endsWith(".jar") && Files.isRegularFile(f))
                                .sorted().toList()) {
                            copy(jar, to.resolve(jar.getFileName().toString()), lib, copied);
                        }
                    }
                } else {
                    continue; // an entry that does not exist: the JVM skips it too
                }
                entries.add(to.toString());
            }
        } finally { // also after a failed copy (a full disk): the next submission then replaces what was copied
            Run.writeAtomically(lib.resolve(COPIED), String.join("\n", copied) + "\n");
        }
        List<String> result = new ArrayList<>(command);
        result.set(at + 1, String.join(java.io.File.pathSeparator, entries));
        return result;
    }

    /** Copies one file of the build into the copy, listing it (relative to {@code lib}) as the copy's own. */
    private static void copy(Path from, Path to, Path lib, List<String> copied) throws IOException {
        Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
        copied.add(lib.relativize(to).toString());
    }

    /** Removes the copy an earlier submission made in {@code lib}, or refuses when lib holds anything else. */
    private static void removeCopy(Path lib) throws IOException {
        Path list = lib.resolve(COPIED);
        Set<Path> ours = new HashSet<>();
        if (Files.isRegularFile(list, LinkOption.NOFOLLOW_LINKS)) {
            for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
                Path p = lib.resolve(line).normalize();
                if (!line.isBlank() && p.startsWith(lib) && !p.equals(lib)) {
                    ours.add(p);
                }
            }
        }
        List<Path> foreign = new ArrayList<>();
        try (var files = Files.walk(lib)) {
            files.filter(f -> !Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS) && !f.equals(list)
                    && !ours.contains(f)).forEach(foreign::add);
        }
        if (!Files.isDirectory(lib, LinkOption.NOFOLLOW_LINKS)) {
            throw new UserError(lib + " is not a folder cgml made; nothing was changed: move it away to submit this "
                    + "bench again");
        }
        if (!foreign.isEmpty()) {
            throw new UserError(lib + " holds files cgml did not copy there (" + foreign.stream().limit(3)
                    .map(Path::toString).collect(Collectors.joining(", ")) + (foreign.size() > 3 ? ", ..." : "")
                    + "); nothing was changed: move them away to submit this bench again");
        }
        TreeSet<Path> folders = new TreeSet<>(Comparator.reverseOrder());
        for (Path p : ours) {
            Files.deleteIfExists(p);
            for (Path d = p.getParent(); d != null && d.startsWith(lib) && !d.equals(lib); d = d.getParent()) {
                folders.add(d); // the folders the copy made, deepest first
            }
        }
        Files.deleteIfExists(list);
        for (Path d : folders) {
            try (var in = Files.list(d)) {
                if (in.findAny().isEmpty()) {
                    Files.delete(d);
                }
            } catch (java.nio.file.NoSuchFileException gone) {
                // removed with its parent's listing already
            }
        }
    }

    /** The file in {@link #FOLDER} that holds the SHA-256 of every jar the jobs run, written at submission. */
    static final String JARS = "jars.sha256";

    /**
     * The SHA-256 of every jar on the command's module path (a folder's jars, a jar itself; a class folder, as in the
     * tests, has none), in {@code sha256sum}'s format.
     */
    static String fingerprints(List<String> command) throws IOException {
        int at = command.indexOf("--module-path");
        StringBuilder out = new StringBuilder();
        if (at < 0) {
            return "";
        }
        List<Path> jars = new ArrayList<>();
        for (String entry : command.get(at + 1).split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            if (Files.isRegularFile(p) && entry.endsWith(".jar")) {
                jars.add(p);
            } else if (Files.isDirectory(p)) {
                try (var files = Files.list(p)) {
                    files.filter(f -> f.toString().endsWith(".jar") && Files.isRegularFile(f)).sorted().forEach(jars::add);
                }
            }
        }
        for (Path jar : jars) {
            java.security.MessageDigest sha;
            try {
                sha = java.security.MessageDigest.getInstance("SHA-256");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            try (var in = new java.security.DigestInputStream(Files.newInputStream(jar), sha)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            out.append(java.util.HexFormat.of().formatHex(sha.digest())).append("  ").append(jar.toAbsolutePath())
                    .append('\n');
        }
        return out.toString();
    }

    /**
     * Lines of a job's script that stop it, with a {@code failed:} line into {@code log}, when a jar it would run is
     * not the one it was submitted with (its copy in {@link #LIB} altered since).
     */
    static String sameJars(Path out, String log) {
        String sums = quote(out.resolve(FOLDER).resolve(JARS).toString());
        return "if [ -s " + sums + " ] && command -v sha256sum >/dev/null && ! sha256sum --quiet --status -c " + sums
                + "; then\n"
                + "  mkdir -p " + quote(out.resolve(Bench.LOGS).toString()) + "\n"
                + "  echo \"" + Bench.FAILED + "the jars this bench's jobs run changed since it was submitted ("
                + inDoubleQuotes(out.resolve(FOLDER).resolve(JARS).toString()) + " does not match them): resubmit it\" >>"
                + log + "\n"
                + "  exit 1\n"
                + "fi\n";
    }

    /** A word for bash, in single quotes where it needs them (and where it holds a comma, for shellcheck's sake). */
    static String quote(String word) {
        return word.matches("[A-Za-z0-9_./:=@%+-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    /** Text as it reads inside bash's double quotes: \\, ", $ and ` escaped. */
    static String inDoubleQuotes(String text) {
        return text.replaceAll("([\\\\\"$`])", "\\\\$1");
    }

    /** Words as " w1 w2 ...", each quoted for bash. */
    private static String words(List<String> ws) {
        return ws.stream().map(w -> " " + quote(w)).collect(Collectors.joining());
    }

    /**
     * {@code --slurm-args} split into words as a shell would for plain options: at spaces, with '...' and "..." quoting
     * (no variables, no escapes but \" inside double quotes).
     */
    static List<String> splitWords(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quote != 0) {
                if (ch == quote) {
                    quote = 0;
                } else if (quote == '"' && ch == '\\' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    w.append('"');
                    i++;
                } else {
                    w.append(ch);
                }
            } else if (ch == '\'' || ch == '"') {
                quote = ch;
                inWord = true;
            } else if (Character.isWhitespace(ch)) {
                if (inWord) {
                    out.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
            } else {
                w.append(ch);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new UserError("--slurm-args has an unclosed " + quote + ": " + text);
        }
        if (inWord) {
            out.add(w.toString());
        }
        return out;
    }
}
