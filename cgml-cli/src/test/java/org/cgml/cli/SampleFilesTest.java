package org.cgml.cli;

import static org.cgml.cli.CliTest.cgml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cgml.nn.evaluation.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cgml sample --out DIR}: one file per sample, truth and input, named alike, and an index. */
class SampleFilesTest {
    @Test
    void npyHoldsTheShapeAndTheFloatsAsNumpyReadsThem() {
        byte[] npy = Npy.float32(new float[] {9f, 1.5f, -2f, 0.25f, 3f, 4f, 5f}, 1, new int[] {2, 3});
        assertEquals((byte) 0x93, npy[0]);
        assertEquals("NUMPY", new String(npy, 1, 5, StandardCharsets.US_ASCII));
        int headerLength = ByteBuffer.wrap(npy, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();
        assertEquals(0, (10 + headerLength) % 64, "data aligned to 64 bytes");
        String header = new String(npy, 10, headerLength, StandardCharsets.US_ASCII);
        assertTrue(header.contains("'descr': '<f4'") && header.contains("'shape': (2, 3)") && header.endsWith("\n"), header);
        ByteBuffer data = ByteBuffer.wrap(npy, 10 + headerLength, 24).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : new float[] {1.5f, -2f, 0.25f, 3f, 4f, 5f}) {
            assertEquals(v, data.getFloat());
        }
        String one = new String(Npy.float32(new float[] {1f}, 0, new int[] {1}), 10, 60, StandardCharsets.US_ASCII);
        assertTrue(one.contains("'shape': (1,)"), "a one-element shape is a tuple: " + one);
    }

    @Test
    void sampleFilesAreIndexedAndNamedForEval(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        assertEquals(0, cgml("train", "--task", "toy", "--out", run.toString(), "--iterations", "10", "--inner-steps", "2")
                .code());
        Path out = tmp.resolve("samples");
        CliTest.Outcome s = cgml("sample", "--run", run.toString(), "--modes", "3", "--count", "5", "--out", out.toString());
        assertEquals(0, s.code(), s.err());
        List<String> index = Files.readAllLines(out.resolve("index.csv"));
        assertEquals("input,mode,file,truth", index.get(0));
        assertEquals(1 + 5 * 3, index.size());
        assertEquals("4,3,mode-3/00004.npy,truth/00004.npy", index.get(index.size() - 1));
        for (String row : index.subList(1, index.size())) {
            String[] f = row.split(",");
            assertTrue(Files.size(out.resolve(f[2])) == Files.size(out.resolve(f[3])), row);
        }
        assertTrue(Files.exists(out.resolve("input/00000.npy")));
        assertTrue(s.out().contains("cgml eval --ref"), s.out());
    }
}
