package org.cgml.nn.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Where a run came from, recorded in its config.json: versions, the git commit of the code and whether the checkout
 * had uncommitted changes, the command, the CPU model, the threads TensorFlow used, and the precision computed in
 * ({@code fp32} or {@code bf16}) with the reason (the CPU's bfloat16 flags, the {@code precision} setting).
 */
public record Provenance(String created, String cgml, String tensorflow, String java, String os, String cpu,
                         int cpus, int threads, String gitCommit, Boolean gitDirty, String command, String precision,
                         String precisionReason) {

    /** The system property the launcher sets to the commit its jars were built from ({@code unknown}: not its build). */
    public static final String BUILT_COMMIT = "cgml.built.commit";
    /** The system property the launcher sets to whether the checkout had uncommitted changes at that build. */
    public static final String BUILT_DIRTY = "cgml.built.dirty";

    /** The provenance of a run started now with {@code command} on {@code threads} TensorFlow threads. */
    public static Provenance now(String command, int threads) {
        return now(command, threads, null);
    }

    /** As {@link #now(String, int)}, computing in {@code precision} (null: none said). */
    public static Provenance now(String command, int threads, org.cgml.nn.graph.PrecisionChoice precision) {
        // the commit the launcher built the jars from (a checkout may have moved on since); else the checkout's own
        String commit = System.getProperty(BUILT_COMMIT);
        String status = commit == null || commit.equals("unknown") ? null
                : "true".equals(System.getProperty(BUILT_DIRTY)) ? "dirty" : "";
        Path checkout = commit == null ? checkout() : null;
        if (checkout != null) {
            commit = git(checkout, "rev-parse", "HEAD");
            status = git(checkout, "status", "--porcelain", "--untracked-files=no");
        }
        return new Provenance(Instant.now().toString(), version(), org.tensorflow.TensorFlow.version(),
                System.getProperty("java.version"), System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                cpuModel(), Runtime.getRuntime().availableProcessors(), threads, commit == null ? "unknown" : commit,
                status == null ? null : !status.isBlank(), command, precision == null ? null : precision.name(),
                precision == null ? null : precision.reason());
    }

    /** The CPU model as the kernel names it (Linux), else the architecture. */
    public static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch");
    }

    static String version() {
        var d = Provenance.class.getModule().getDescriptor();
        String v = d == null ? null : d.rawVersion().orElse(null);
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }

    /** The git checkout the running code was built from (the folder above its jar or classes holding .git). */
    private static Path checkout() {
        try {
            Path p = Path.of(Provenance.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path q = p.toAbsolutePath(); q != null; q = q.getParent()) {
                if (Files.exists(q.resolve(".git"))) {
                    return q;
                }
            }
        } catch (Exception e) {
            // no code source: unknown
        }
        return null;
    }

    private static String git(Path dir, String... args) {
        String[] cmd = new String[args.length + 3];
        cmd[0] = "git";
        cmd[1] = "-C";
        cmd[2] = dir.toString();
        System.arraycopy(args, 0, cmd, 3, args.length);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return null;
            }
            return new String(out, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
