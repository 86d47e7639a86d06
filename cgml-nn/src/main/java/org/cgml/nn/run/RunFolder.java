package org.cgml.nn.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The safety of a run folder: the marker that proves cgml made it, the checks before a run is created in it (no
 * checkpoint, no foreign file, writable), the clearing of a run that never reached a checkpoint, and the write lock.
 */
final class RunFolder {
    private RunFolder() {
    }

    private static final String MARKER_LINE = "cGML-J run folder: written by cgml; its files are cleared when the run is "
            + "trained anew before its first checkpoint";

    /** Whether {@code dir} carries the marker of a folder cgml made. */
    static boolean marked(Path dir) {
        Path m = dir.resolve(Run.MARKER);
        if (!Files.isRegularFile(m, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (java.io.BufferedReader r = Files.newBufferedReader(m, StandardCharsets.UTF_8)) {
            return MARKER_LINE.equals(r.readLine());
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The checks of {@link Run#create} that change nothing: a folder that holds a checkpoint, is being written, is a
     * file, holds files cgml did not write, or cannot be written is refused with one message naming the folder and
     * what to do.
     */
    static void checkCanCreate(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--out " + dir + " is a file, not a folder");
        }
        if (Files.isDirectory(dir)) {
            if (new Run(dir).checkpoints().latest().isPresent()) {
                throw new IllegalArgumentException("run folder " + dir + " already holds a run"
                        + (Run.exists(dir) ? "; continue it with --resume or choose another --out"
                                : " (checkpoints, but no " + Run.CONFIG + "); choose another --out"));
            }
            boolean empty;
            try (Stream<Path> s = Files.list(dir)) {
                empty = s.findAny().isEmpty();
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + dir + ": " + org.cgml.api.OutputFiles.reason(e));
            }
            if (!empty) {
                if (!marked(dir)) {
                    throw new IllegalArgumentException(Run.exists(dir)
                            ? "--out " + dir + " holds a " + Run.CONFIG + " but no " + Run.MARKER + ", so it is not a run folder "
                                + "this cgml made; nothing was changed: choose another --out (or, if it is an old run "
                                + "you no longer need, remove it yourself)"
                            : "--out " + dir + " is not empty and is not a cGML run folder; nothing was changed: choose "
                                + "a new or empty folder");
                }
                new Run(dir).checkNotBeingWritten();
                List<String> foreign = new ArrayList<>();
                ours(dir, foreign);
                if (!foreign.isEmpty()) {
                    throw new IllegalArgumentException("--out " + dir + " holds a run that never reached a checkpoint "
                            + "and files cgml did not write (" + String.join(", ", foreign.subList(0,
                            Math.min(5, foreign.size()))) + (foreign.size() > 5 ? ", ..." : "") + "); nothing was "
                            + "changed: move them out of it, or choose another --out");
                }
            }
        }
        probeWritable(dir);
    }

    /**
     * Refuses, with the operating system's reason, a folder that cannot be made or written: creates it (and its
     * missing parents) and a file in it, then removes again what it created.
     */
    private static void probeWritable(Path dir) {
        Path first = null; // the outermost folder created here
        for (Path p = dir.toAbsolutePath(); p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
            first = p;
        }
        try {
            Files.createDirectories(dir);
            Files.delete(Files.createTempFile(dir, ".probe", ""));
        } catch (IOException e) {
            String where = e instanceof FileSystemException f && f.getFile() != null
                    && !Path.of(f.getFile()).toAbsolutePath().equals(dir.toAbsolutePath()) ? " (at " + f.getFile() + ")" : "";
            throw new IllegalArgumentException("cannot write to " + dir + ": " + org.cgml.api.OutputFiles.reason(e) + where);
        } finally {
            if (first != null) {
                for (Path p = dir.toAbsolutePath(); p != null && p.startsWith(first); p = p.getParent()) {
                    try {
                        Files.deleteIfExists(p); // empty folders made by the probe
                    } catch (IOException e) {
                        break;
                    }
                }
            }
        }
    }

    /** Names (relative to a run folder) of the files cgml writes at its top level, or while writing them. */
    private static final java.util.regex.Pattern TOP = java.util.regex.Pattern.compile(
            "(config\\.json|metrics\\.csv|loss\\.(png|svg)|convergence\\.(csv|png|svg)|\\.lock|\\.cgml-run)"
            + "|\\.(config\\.json|metrics\\.csv|loss\\.(png|svg)|convergence\\.(csv|png|svg))\\.tmp"
            + "|\\.probe[0-9]*|" + java.util.regex.Pattern.quote(TensorBoard.PREFIX) + "[^/]+"
            // per-stream event folders, as Keras writes them
            + "|(train|heldout)/" + java.util.regex.Pattern.quote(TensorBoard.PREFIX) + "[^/]+"
            // checkpoints: the pointers, the iteration-N (earlier step-N) folders, and those being written or set aside
            + "|checkpoints/(latest|checkpoint|\\.latest\\.tmp|\\.checkpoint\\.tmp)"
            + "|checkpoints/(\\.(writing|replaced)-[^/]+/)?((iteration|step)-[0-9]{9}/)?(model[^/]*(/[^/]+)*|state\\.properties)"
            // TensorFlow's SavedModel
            + "|saved_model/(saved_model\\.pb|\\.saved_model\\.pb\\.tmp|fingerprint\\.pb|variables/[^/]+(/[^/]+)*"
            + "|assets/[^/]+)");
    private static final java.util.regex.Pattern TOP_FOLDERS = java.util.regex.Pattern.compile(
            "train|heldout|checkpoints|saved_model|checkpoints/\\.(writing|replaced)-[^/]+(/(iteration|step)-[0-9]{9})?"
            + "|checkpoints/(iteration|step)-[0-9]{9}|checkpoints/(\\.(writing|replaced)-[^/]+/)?((iteration|step)-[0-9]{9}/)?model[^/]*(/[^/]+)*"
            + "|saved_model/(variables|assets)(/[^/]+)*");

    /**
     * Every file and folder under the marked run folder {@code dir} that cgml writes (known by name and place),
     * deepest first; what it does not know goes into {@code foreign} by its path in the folder. Links are never
     * followed and never ours.
     */
    private static List<Path> ours(Path folder, List<String> foreign) {
        List<Path> ours = new ArrayList<>();
        try {
            Path dir = folder.toRealPath(); // --out may be a link to the folder; nothing under it is followed
            Files.walkFileTree(dir, new java.nio.file.SimpleFileVisitor<>() {
                private String rel(Path p) {
                    return dir.relativize(p).toString().replace(java.io.File.separatorChar, '/');
                }

                @Override
                public java.nio.file.FileVisitResult preVisitDirectory(Path d,
                        java.nio.file.attribute.BasicFileAttributes a) {
                    if (d.equals(dir)) {
                        return java.nio.file.FileVisitResult.CONTINUE;
                    }
                    if (TOP_FOLDERS.matcher(rel(d)).matches()) {
                        ours.add(d);
                        return java.nio.file.FileVisitResult.CONTINUE;
                    }
                    foreign.add(rel(d) + "/"); // not looked into
                    return java.nio.file.FileVisitResult.SKIP_SUBTREE;
                }

                @Override
                public java.nio.file.FileVisitResult visitFile(Path f, java.nio.file.attribute.BasicFileAttributes a) {
                    if (a.isRegularFile() && TOP.matcher(rel(f)).matches()) {
                        ours.add(f);
                    } else {
                        foreign.add(rel(f));
                    }
                    return java.nio.file.FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + folder + ": " + org.cgml.api.OutputFiles.reason(e));
        }
        ours.sort(Comparator.reverseOrder());
        return ours;
    }

    /**
     * Makes {@code dir} a new run folder: absent, empty, or made by cgml for a run that never reached its first
     * checkpoint (whose files are then deleted: only those, and only when nothing else is in the folder), and
     * writable. A new folder gets {@link Run#MARKER} first.
     */
    static void create(Path dir) {
        checkCanCreate(dir);
        if (marked(dir)) {
            // a run that never reached a checkpoint (a crash, a divergence, a full disk) holds nothing to keep
            try (Run.WriteLock lock = lock(dir)) {
                List<String> foreign = new ArrayList<>();
                List<Path> ours = ours(dir, foreign);
                if (!foreign.isEmpty()) {
                    throw new IllegalArgumentException("--out " + dir + " changed while it was checked: it holds " + foreign
                            + "; nothing was changed");
                }
                for (Path p : ours) {
                    String name = dir.toRealPath().relativize(p).toString();
                    if (!name.equals(Run.MARKER) && !name.equals(Run.LOCK)) {
                        Files.delete(p);
                    }
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot clear " + dir + ": " + org.cgml.api.OutputFiles.reason(e)
                        + " (" + e.getMessage() + ")");
            }
            return;
        }
        Path marker = dir.resolve(Run.MARKER);
        try {
            Files.createDirectories(dir);
            // written in place, never beside and renamed: the folder holds nothing but the marker or nothing at all
            Files.writeString(marker, MARKER_LINE + "\nid=" + java.util.UUID.randomUUID() + "\ncreated="
                    + java.time.Instant.now() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            try {
                if (Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS) && !marked(dir)) {
                    Files.delete(marker); // ours, cut short (a full disk): the folder is empty again
                }
            } catch (IOException ignored) {
                // the message below says what failed
            }
            throw new UncheckedIOException("cannot write " + marker + ": " + e.getMessage(), e);
        }
    }

    /** This process as the holder of a lock: its pid, host and SLURM job (where it is a SLURM task), and since when. */
    private static String whoAmI() {
        StringBuilder who = new StringBuilder("pid ").append(ProcessHandle.current().pid());
        try {
            who.append(" on ").append(java.net.InetAddress.getLocalHost().getHostName());
        } catch (IOException unknownHost) {
            // the pid alone
        }
        String job = System.getenv("SLURM_JOB_ID");
        if (job != null) {
            String array = System.getenv("SLURM_ARRAY_JOB_ID");
            String task = System.getenv("SLURM_ARRAY_TASK_ID");
            who.append(", SLURM job ").append(array != null && task != null ? array + "_" + task + " (" + job + ")" : job);
        }
        return who.append(", since ").append(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                .append('\n').toString();
    }

    /** " (pid ... on ..., since ...)" from a held lock file, or nothing when it names no holder. */
    private static String holder(Path file) {
        try {
            String text = Files.readString(file, java.nio.charset.StandardCharsets.UTF_8).strip();
            return text.startsWith("pid ") && text.length() < 300 && !text.contains("\n") ? " (" + text + ")" : "";
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    /**
     * Takes the run folder's write lock (an OS file lock on {@code .lock}, released when closed or when the process
     * dies, even by kill -9); a second writer, in this process or another, is refused with one message.
     */
    static Run.WriteLock lock(Path dir) {
        return lock(dir, false);
    }

    /**
     * As {@link #lock(Path)}; when {@code announce}, the lock file then names this process (pid, host, SLURM job,
     * since when) for the message a second writer gets. Only a process that goes on to write the run announces itself:
     * a check that takes and releases the lock leaves the file as it was.
     */
    static Run.WriteLock lock(Path dir, boolean announce) {
        Path file = dir.resolve(Run.LOCK);
        try {
            java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file,
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            java.nio.channels.FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new IllegalArgumentException("run folder " + dir + " is being written by another cgml process"
                        + holder(file) + " (it holds " + file + "); this one leaves it alone: wait for that one to end, "
                        + "or choose another --out");
            }
            java.nio.channels.FileLock held = lock;
            if (announce) { // who holds it, for the message of a second writer
                channel.truncate(0);
                channel.write(java.nio.ByteBuffer.wrap(whoAmI().getBytes(java.nio.charset.StandardCharsets.UTF_8)), 0);
                channel.force(false);
            }
            return () -> {
                try {
                    held.release();
                    channel.close();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot release " + file, e);
                }
            };
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot lock " + file + ": " + e.getMessage());
        }
    }

}
