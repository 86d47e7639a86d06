package org.cgml.cli;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.Arrays;

/**
 * Keeps TensorFlow's native log lines off the user's stderr. TensorFlow writes them from C++ straight to file
 * descriptor 2 (absl's "WARNING: All log messages before absl::InitializeLog() ...", "I0000 ... MLIR ...", Grappler's
 * errors), whatever {@code TF_CPP_MIN_LOG_LEVEL} says, so no setting of the process can hide them. {@link #quiet}
 * moves descriptor 2 to /dev/null at the level of the operating system and gives Java a {@link PrintStream} on a
 * duplicate of the original descriptor: everything the CLI prints, Java's exceptions included, still reaches the
 * original stderr (same open file, same offset, so {@code 2>&1} interleaves as before); only what native code writes
 * to descriptor 2 is dropped. {@code cgml --verbose} skips it and shows TensorFlow's lines.
 */
final class NativeStderr {
    /** The C library's calls used here (Linux numbering). */
    public interface LibC extends Library {
        int dup2(int from, int to);

        int open(String path, int flags);

        int close(int fd);

        int fcntl(int fd, int cmd, int arg);

        long write(int fd, byte[] buffer, long count);
    }

    private static final int O_WRONLY = 1;
    private static final int O_CLOEXEC = 0x80000;
    private static final int F_DUPFD_CLOEXEC = 1030;
    private static final int EINTR = 4;

    private static volatile int fd = 2;

    private NativeStderr() {
    }

    /**
     * Sends descriptor 2 to /dev/null and returns a stream on the original stderr, also installed as
     * {@link System#err}; returns {@code System.err} unchanged where this cannot be done (not Linux, no native access),
     * where TensorFlow's lines then stay visible.
     */
    static PrintStream quiet() {
        if (!Platform.isLinux()) {
            return System.err;
        }
        LibC c;
        try {
            c = Native.load("c", LibC.class);
        } catch (LinkageError | RuntimeException e) {
            return System.err;
        }
        System.err.flush();
        int saved = c.fcntl(2, F_DUPFD_CLOEXEC, 3);
        if (saved < 0) {
            return System.err;
        }
        int nul = c.open("/dev/null", O_WRONLY | O_CLOEXEC);
        if (nul < 0 || c.dup2(nul, 2) < 0) {
            if (nul >= 0) {
                c.close(nul);
            }
            c.close(saved);
            return System.err;
        }
        c.close(nul);
        PrintStream err = new PrintStream(new FdStream(c, saved), true, Charset.defaultCharset());
        System.setErr(err);
        fd = saved;
        return err;
    }

    /** The descriptor of the user's stderr: 2, or its duplicate after {@link #quiet}. */
    static int fd() {
        return fd;
    }

    /** Writes to a file descriptor with write(2), retrying short writes and interrupted calls. */
    private static final class FdStream extends OutputStream {
        private final LibC c;
        private final int fd;

        FdStream(LibC c, int fd) {
            this.c = c;
            this.fd = fd;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            byte[] rest = off == 0 && len == b.length ? b : Arrays.copyOfRange(b, off, off + len);
            while (rest.length > 0) {
                long n = c.write(fd, rest, rest.length);
                if (n < 0) {
                    int errno = Native.getLastError();
                    if (errno == EINTR) {
                        continue;
                    }
                    throw new IOException("cannot write to stderr (errno " + errno + ")");
                }
                rest = Arrays.copyOfRange(rest, (int) n, rest.length);
            }
        }
    }
}
