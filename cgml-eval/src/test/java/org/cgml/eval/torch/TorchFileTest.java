package org.cgml.eval.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Both torch.save formats, files written by Debian's python3-torch 1.13 (scripts/torch-fixtures.py). */
class TorchFileTest {

    private static Path copy(String name, Path dir) throws IOException {
        Path p = dir.resolve(name);
        try (InputStream in = TorchFileTest.class.getResourceAsStream(name)) {
            Files.write(p, in.readAllBytes());
        }
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {"state-zip.pth", "state-legacy.pth"})
    void readsEveryTensorAsPyTorchWroteIt(String file, @TempDir Path dir) throws IOException {
        Map<String, TorchFile.Tensor> tensors = TorchFile.read(copy(file, dir));
        List<String> expected;
        try (InputStream in = TorchFileTest.class.getResourceAsStream("expected.txt")) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        assertEquals(expected.size(), tensors.size());
        for (String line : expected) {
            String[] f = line.split(" ");
            TorchFile.Tensor t = tensors.get(f[0]);
            long[] shape = f[1].equals("scalar") ? new long[0]
                    : Arrays.stream(f[1].split("x")).mapToLong(Long::parseLong).toArray();
            assertArrayEquals(shape, t.shape(), f[0]);
            float[] values = new float[f.length - 2];
            for (int i = 2; i < f.length; i++) {
                values[i - 2] = (float) Double.parseDouble(f[i]);
            }
            assertArrayEquals(values, t.values(), 0f, f[0]);
        }
        assertEquals("HalfStorage", tensors.get("half").dtype());
    }

    @ParameterizedTest
    @ValueSource(strings = {"state-zip.pth", "state-legacy.pth"})
    void truncatedFilesAreReportedByName(String file, @TempDir Path dir) throws IOException {
        Path p = copy(file, dir);
        byte[] all = Files.readAllBytes(p);
        Path cut = dir.resolve("cut-" + file);
        Files.write(cut, Arrays.copyOf(all, all.length * 2 / 3));
        IOException e = assertThrows(IOException.class, () -> TorchFile.read(cut));
        assertTrue(e.getMessage().contains("cut-" + file), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"missing.pth"})
    void missingFilesAreReportedByName(String file, @TempDir Path dir) {
        IOException e = assertThrows(IOException.class, () -> TorchFile.read(dir.resolve(file)));
        assertTrue(e.getMessage().contains(file));
    }

    /** A folder named like a weights file is named as a folder, not "no such file" (it exists). */
    @ParameterizedTest
    @ValueSource(strings = {"weights.pth"})
    void aFolderIsNamedAsAFolder(String file, @TempDir Path dir) throws IOException {
        Path folder = Files.createDirectory(dir.resolve(file));
        IOException e = assertThrows(IOException.class, () -> TorchFile.read(folder));
        assertTrue(e.getMessage().contains(file + ": is a folder, not a PyTorch file"), e.getMessage());
    }
}
