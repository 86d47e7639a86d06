package org.cgml.cli;

import static org.cgml.cli.CliTest.assertUserError;
import static org.cgml.cli.CliTest.cgml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An output path that is not a regular file is never replaced: a device is written in place, a named pipe or a
 * folder is refused (at once, without blocking), and no name is derived from it (no {@code /dev/null.png}).
 */
class OutputPathsTest {
    @TempDir
    static Path shared;
    private static Path run;

    @BeforeAll
    static void train() {
        run = shared.resolve("run");
        CliTest.Outcome t = cgml("train", "--task", "toy", "--out", run.toString(), "--iterations", "3",
                "--inner-steps", "2");
        assertEquals(0, t.code(), t.err());
    }

    /** Runs a system command (mknod, mkfifo); false when it cannot (not root, no such tool). */
    private static boolean system(String... command) {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean isCharacterDevice(Path p) throws Exception {
        return ((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000) == 0020000;
    }

    private static CliTest.Outcome sampleCsv(Path csv) {
        return cgml("sample", "--run", run.toString(), "--modes", "2", "--count", "3", "--sampling-steps", "2",
                "--csv", csv.toString());
    }

    @Test
    void aLinkToDevNullIsWrittenThroughAndKeptAndNoPictureIsNamedAfterIt(@TempDir Path tmp) throws Exception {
        Path link = Files.createSymbolicLink(tmp.resolve("s.csv"), Path.of("/dev/null"));
        CliTest.Outcome o = sampleCsv(link);
        assertEquals(0, o.code(), o.err());
        assertTrue(Files.isSymbolicLink(link), "the link is not replaced by a file");
        assertTrue(isCharacterDevice(Path.of("/dev/null")));
        try (var s = Files.list(tmp)) {
            assertEquals(1, s.count(), "no s.png and no temporary file beside it");
        }
    }

    @Test
    void aDeviceIsWrittenInPlaceNotReplaced(@TempDir Path tmp) throws Exception {
        Path dev = tmp.resolve("null");
        Assumptions.assumeTrue(system("mknod", dev.toString(), "c", "1", "3"), "mknod (root) to make a device node");
        CliTest.Outcome o = sampleCsv(dev);
        assertEquals(0, o.code(), o.err());
        assertTrue(isCharacterDevice(dev), "still the device, not a regular file");
        assertFalse(Files.exists(tmp.resolve("null.png")), "no name derived from a device");
        try (var s = Files.list(tmp)) {
            assertEquals(1, s.count(), "nothing written beside it");
        }
        CliTest.Outcome png = cgml("sample", "--run", run.toString(), "--modes", "2", "--count", "3",
                "--sampling-steps", "2", "--png", dev.toString());
        assertEquals(0, png.code(), png.err());
        assertTrue(isCharacterDevice(dev), "ImageIO.write(File) deletes the file first: never used on a user's path");
    }

    @Test
    void aNamedPipeIsRefusedAtOnceAndKept(@TempDir Path tmp) throws Exception {
        Path fifo = tmp.resolve("s.csv");
        Assumptions.assumeTrue(system("mkfifo", fifo.toString()), "mkfifo");
        CliTest.Outcome o = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> sampleCsv(fifo));
        assertUserError(o, "not a regular file");
        assertFalse(Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS), "the pipe is not replaced by a file");
        assertTrue(Files.exists(fifo, LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(tmp.resolve("s.png")));
        Path ref = Files.createDirectories(tmp.resolve("ref"));
        CliTest.Outcome eval = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> cgml("eval", "--ref",
                ref.toString(), "--pred", ref.toString(), "--out", fifo.toString()));
        assertUserError(eval, "not a regular file");
        assertFalse(Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aFolderIsRefusedAndARegularFileIsReplacedWhole(@TempDir Path tmp) throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("s.csv"));
        assertUserError(sampleCsv(folder), "is a folder");
        Path csv = Files.writeString(tmp.resolve("t.csv"), "old");
        assertEquals(0, sampleCsv(csv).code());
        assertEquals("x,y0,y1,y2", Files.readAllLines(csv).get(0));
        assertTrue(Files.exists(tmp.resolve("t.png")), "the plot beside a regular file");
    }
}
