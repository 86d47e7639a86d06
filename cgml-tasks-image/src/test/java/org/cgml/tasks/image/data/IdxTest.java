package org.cgml.tasks.image.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxTest {
    private static final byte[] DATA = {0, 1, 2, (byte) 200, 4, 5, 6, 7, 8, 9, 10, (byte) 255};

    @ParameterizedTest
    @ValueSource(strings = {"a-idx3-ubyte", "a-idx3-ubyte.gz"})
    void roundTripsPlainAndGzip(String name, @TempDir Path dir) throws IOException {
        Path f = dir.resolve(name);
        Idx.write(f, new int[] {3, 2, 2}, DATA);
        Idx.Bytes b = Idx.read(f);
        assertArrayEquals(new int[] {3, 2, 2}, b.dims());
        assertEquals(4, b.itemSize());
        assertEquals(200, b.at(0, 3));
        assertEquals(255, b.at(2, 3));
    }

    @ParameterizedTest
    @ValueSource(strings = {"t-idx3-ubyte", "t-idx3-ubyte.gz"})
    void truncatedFilesNameTheFileAndTheByte(String name, @TempDir Path dir) throws IOException {
        Path full = dir.resolve("full-" + name);
        Idx.write(full, new int[] {3, 2, 2}, DATA);
        Path cut = dir.resolve(name);
        if (name.endsWith(".gz")) {
            Idx.write(dir.resolve("short-" + name), new int[] {3, 2, 2}, Arrays.copyOf(DATA, 5));
            Files.move(dir.resolve("short-" + name), cut);
        } else {
            byte[] all = Files.readAllBytes(full);
            Files.write(cut, Arrays.copyOf(all, all.length - 7));
        }
        IOException e = assertThrows(IOException.class, () -> Idx.read(cut));
        assertTrue(e.getMessage().contains(cut.toString()) && e.getMessage().contains("truncated at byte 21"),
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"header", "magic", "extra", "gzip"})
    void corruptFilesAreRejectedByName(String kind, @TempDir Path dir) throws IOException {
        Path f = dir.resolve(kind + "-idx");
        switch (kind) {
            case "header" -> Files.write(f, new byte[] {0, 0, 8});
            case "magic" -> Files.write(f, new byte[] {1, 2, 3, 4, 0, 0, 0, 1, 9});
            case "extra" -> {
                Idx.write(f, new int[] {3, 2, 2}, DATA);
                Files.write(f, new byte[] {42}, java.nio.file.StandardOpenOption.APPEND);
            }
            default -> {
                Idx.write(dir.resolve("x.gz"), new int[] {3, 2, 2}, DATA);
                byte[] z = Files.readAllBytes(dir.resolve("x.gz"));
                z[z.length / 2] ^= 0x5A;
                Files.write(f, z);
            }
        }
        IOException e = assertThrows(IOException.class, () -> Idx.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    }

    /** A 19-byte header declaring 3 x 35000 x 20000 values: refused before 2 GB is allocated, plain or compressed. */
    @ParameterizedTest
    @ValueSource(strings = {"huge-idx", "huge-idx.gz", "big-idx", "overflow-idx"})
    void aHeaderDeclaringMoreThanTheFileHoldsAllocatesNothing(String name, @TempDir Path dir) throws IOException {
        Path f = dir.resolve(name);
        int[] dims = name.startsWith("big") ? new int[] {80000, 28, 28}
                : name.startsWith("overflow") ? new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE - 1, 3} // found by fuzzing
                : new int[] {3, 35000, 20000};
        java.io.ByteArrayOutputStream header = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream d = new java.io.DataOutputStream(header)) {
            d.write(new byte[] {0, 0, 8, 3});
            for (int v : dims) {
                d.writeInt(v);
            }
            d.write(new byte[3]);
        }
        if (name.endsWith(".gz")) {
            try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(f))) {
                out.write(header.toByteArray());
            }
        } else {
            Files.write(f, header.toByteArray());
        }
        Runtime rt = Runtime.getRuntime();
        long before = rt.totalMemory() - rt.freeMemory();
        IOException e = assertThrows(IOException.class, () -> Idx.read(f));
        long grown = rt.totalMemory() - rt.freeMemory() - before;
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("declares") || e.getMessage().contains("truncated"), e.getMessage());
        assertTrue(grown < 48L << 20, "nothing sized from the header alone: " + (grown >> 20) + " MiB");
    }
}
