package org.cgml.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;

/**
 * The one check every data reader makes before it opens a file: after following links, the path must be a regular
 * file of at most a stated size. A FIFO would block the reader on open, a link to /dev/zero would feed it forever, and
 * a folder named like a data file would fail with the system's bare "Is a directory"; each is refused by name here.
 */
public final class InputFiles {
    private InputFiles() {
    }

    /**
     * The size of {@code file} if it is (after following links) a regular file of at most {@code maxBytes}; else an
     * {@link IOException} whose message names the file and says what it is instead. {@code what} names what the
     * file was to be read as, e.g. "a mesh file".
     */
    public static long requireRegular(Path file, long maxBytes, String what) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, Files.isSymbolicLink(file)
                    ? "a link to a missing file, not " + what : "no such file");
        }
        if (a.isDirectory()) {
            throw new IOException(file + ": is a folder, not " + what);
        }
        if (!a.isRegularFile()) {
            throw new IOException(file + ": is not a regular file (a FIFO, device or socket" + (Files.isSymbolicLink(file)
                    ? ", through a link" : "") + "); only regular files are read as " + what);
        }
        if (a.size() > maxBytes) {
            throw new IOException(String.format(Locale.ROOT, "%s: %d bytes, more than the %s read as %s", file,
                    a.size(), bytes(maxBytes), what));
        }
        return a.size();
    }

    /** {@code n} bytes as MiB or GiB where it is a whole number of them, for messages. */
    static String bytes(long n) {
        if (n % (1L << 30) == 0) {
            return (n >> 30) + " GiB";
        }
        return n % (1L << 20) == 0 ? (n >> 20) + " MiB" : n + " bytes";
    }
}
