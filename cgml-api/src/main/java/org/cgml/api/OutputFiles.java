package org.cgml.api;

import java.awt.image.RenderedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The one way cgml writes an output file, beside {@link InputFiles}, the one way it opens an input: a file is written
 * as a whole (to a temporary sibling, renamed over it), and what is not a regular file is never replaced (a device
 * such as {@code /dev/null} is written in place, a link written through, a named pipe, socket or folder refused).
 */
public final class OutputFiles {
    private OutputFiles() {
    }

    /** What writes a file's bytes. */
    @FunctionalInterface
    public interface Body {
        /** Writes the whole content to {@code out} (not closed by the body). */
        void writeTo(OutputStream out) throws IOException;
    }

    /** The kind of an existing path, as its file mode says (links followed). */
    private enum Kind { ABSENT, REGULAR, FOLDER, DEVICE, PIPE }

    private static Kind kind(Path p) {
        if (!Files.exists(p)) {
            return Files.isSymbolicLink(p) ? Kind.PIPE /* a dangling link: nothing to write through */ : Kind.ABSENT;
        }
        if (Files.isRegularFile(p)) {
            return Kind.REGULAR;
        }
        if (Files.isDirectory(p)) {
            return Kind.FOLDER;
        }
        try {
            int type = (Integer) Files.getAttribute(p, "unix:mode") & 0170000;
            return type == 0020000 || type == 0060000 ? Kind.DEVICE : Kind.PIPE; // character or block device
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return Kind.PIPE; // not known to be a device: refused rather than risk blocking
        }
    }

    /**
     * Refuses, with an {@link IOException} naming it, a path {@link #write} would refuse: an existing folder, named
     * pipe, socket or dangling link. Writes nothing.
     */
    public static void check(Path file) throws IOException {
        checkWritable(file);
    }

    private static Kind checkWritable(Path file) throws IOException {
        Kind k = kind(file);
        switch (k) {
            case FOLDER -> throw new IOException(file + " is a folder, not a file");
            case PIPE -> throw new IOException(file + " is not a regular file (a named pipe, socket or dangling link);"
                    + " give the path of a file");
            default -> {
                return k;
            }
        }
    }

    /** Whether {@code p} is a device (such as {@code /dev/null}), which {@link #write} writes in place. */
    public static boolean isDevice(Path p) {
        return kind(p) == Kind.DEVICE;
    }

    /**
     * Whether names may be derived from {@code p} (such as {@code X.png} beside {@code X.csv}): it is a regular file
     * or does not exist yet.
     */
    public static boolean regularOrAbsent(Path p) {
        Kind k = kind(p);
        return k == Kind.REGULAR || k == Kind.ABSENT;
    }

    /**
     * Writes {@code file} as a whole: a regular or new file is written to a temporary sibling
     * ({@code .NAME.tmp}, removed again when the write fails) and renamed over it, so that readers never see half a
     * file; a symbolic link is written through (its target replaced, the link kept); a device ({@code /dev/null}) is
     * written in place; a folder, named pipe or socket is refused with an {@link IOException} naming it.
     */
    public static void write(Path file, Body body) throws IOException {
        Path target = file;
        if (Files.isSymbolicLink(file) && Files.exists(file)) {
            target = file.toRealPath();
        }
        if (checkWritable(file) == Kind.DEVICE) {
            try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.WRITE)) {
                body.writeTo(out);
            }
            return;
        }
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        if (Files.exists(tmp, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(tmp, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("cannot write " + file + ": " + tmp + " is in the way (not a regular file)");
        }
        boolean done = false;
        try {
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS))) {
                body.writeTo(out);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp); // ours, half written (a full disk): nothing stays behind
            }
        }
    }

    /** {@link #write} of UTF-8 text. */
    public static void writeString(Path file, CharSequence text) throws IOException {
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        write(file, out -> out.write(bytes));
    }

    /**
     * {@link #write} of a picture in {@code format} ("png"). Never use {@code ImageIO.write(image, format, File)} on
     * a path the user gave: it deletes the file first, devices included.
     */
    public static void writeImage(Path file, RenderedImage image, String format) throws IOException {
        write(file, out -> {
            if (!javax.imageio.ImageIO.write(image, format, out)) {
                throw new IOException("no " + format + " writer for " + file);
            }
        });
    }

    /** The operating system's reason for {@code e}, in words ("permission denied", "no such file or directory"). */
    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a file of that name exists";
        }
        if (e instanceof NotDirectoryException) {
            return "not a folder";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "folder not empty";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
