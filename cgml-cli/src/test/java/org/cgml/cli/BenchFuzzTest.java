package org.cgml.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.cgml.api.FuzzTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A short fuzz pass over every installed reader: no stack traces, no hangs; the mutations are seeded. */
class BenchFuzzTest {
    @Test
    void everyReaderRefusesMutatedInputsCleanly(@TempDir Path tmp) {
        CliTest.Outcome o = CliTest.cgml("bench", "fuzz", "--count", "60", "--out", tmp.toString());
        assertEquals(0, o.code(), o.err());
        List<String> rows = o.out().lines().toList();
        assertEquals(BenchFuzz.HEADER, rows.get(0));
        List<String> names = org.cgml.nn.plugin.Registry.installed().readers().stream().map(FuzzTarget::name).toList();
        assertTrue(names.containsAll(List.of("idx", "png-folder", "pix2pix-pairs", "pth", "off", "obj", "ply", "sh3f",
                "config.json", "checkpoint-state")), names.toString());
        assertEquals(names.size() + 1, rows.size(), o.out());
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            assertEquals("60", f[1], row);
            assertEquals(60, Integer.parseInt(f[2]) + Integer.parseInt(f[3]), "read or refused: " + row);
            assertEquals("0", f[4], "no stack traces: " + row);
            assertEquals("0", f[5], "no hangs: " + row);
        }
    }

    @Test
    void everyReadersSeedsAreValidFiles(@TempDir Path tmp) throws Exception {
        for (FuzzTarget t : org.cgml.nn.plugin.Registry.installed().readers()) {
            Path dir = java.nio.file.Files.createDirectories(tmp.resolve(t.name()));
            List<Path> seeds = t.seeds(dir);
            assertTrue(!seeds.isEmpty(), t.name());
            for (Path seed : seeds) {
                t.read(seed); // throws if the seed itself is refused
            }
        }
    }

    @Test
    void mutationsAreSeededAndChangeTheInput() {
        byte[] valid = "OFF\n8 12 0\n0 0 0\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] a = BenchFuzz.mutate(valid, new SplittableRandom(5));
        byte[] b = BenchFuzz.mutate(valid, new SplittableRandom(5));
        assertEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(b));
        int changed = 0;
        for (int s = 0; s < 50; s++) {
            changed += java.util.Arrays.equals(valid, BenchFuzz.mutate(valid, new SplittableRandom(s))) ? 0 : 1;
        }
        assertNotEquals(0, changed);
        assertTrue(changed >= 45, "almost every mutation changes the input: " + changed);
    }
}
