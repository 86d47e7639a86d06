package org.cgml.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFilesTest {

    @Test
    void regularFilesWithinTheCapPassAndTheRestAreNamed(@TempDir Path tmp) throws IOException {
        Path file = Files.write(tmp.resolve("a.off"), new byte[100]);
        assertEquals(100, InputFiles.requireRegular(file, 100, "a mesh file"));
        Path link = Files.createSymbolicLink(tmp.resolve("link.off"), file);
        assertEquals(100, InputFiles.requireRegular(link, 1 << 20, "a mesh file"), "links are followed");
        assertEquals(file + ": 100 bytes, more than the 99 bytes read as a mesh file",
                assertThrows(IOException.class, () -> InputFiles.requireRegular(file, 99, "a mesh file")).getMessage());
        Path folder = Files.createDirectory(tmp.resolve("x.off"));
        assertEquals(folder + ": is a folder, not a mesh file",
                assertThrows(IOException.class, () -> InputFiles.requireRegular(folder, 1, "a mesh file")).getMessage());
        Path dangling = Files.createSymbolicLink(tmp.resolve("gone.off"), tmp.resolve("nowhere"));
        assertEquals(dangling + ": a link to a missing file, not a mesh file", assertThrows(IOException.class,
                () -> InputFiles.requireRegular(dangling, 1, "a mesh file")).getMessage());
        assertEquals(tmp.resolve("none") + ": no such file", assertThrows(IOException.class,
                () -> InputFiles.requireRegular(tmp.resolve("none"), 1, "a mesh file")).getMessage());
        assertEquals("2 MiB", InputFiles.bytes(2L << 20));
        assertEquals("3 GiB", InputFiles.bytes(3L << 30));
    }
}
