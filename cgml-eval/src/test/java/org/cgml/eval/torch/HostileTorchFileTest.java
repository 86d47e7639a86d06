package org.cgml.eval.torch;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Small hostile legacy .pth files, generated here: each is refused with one IOException naming the file, within
 * seconds and without a picture-sized allocation (no hang, no StackOverflowError, no OutOfMemoryError).
 */
class HostileTorchFileTest {

    /** Pickle bytes, written opcode by opcode. */
    private static final class P {
        final ByteArrayOutputStream b = new ByteArrayOutputStream();

        P op(int... bytes) {
            for (int x : bytes) {
                b.write(x);
            }
            return this;
        }

        P str(String s) {
            byte[] u = s.getBytes(StandardCharsets.UTF_8);
            op('X');
            intLe(u.length);
            b.writeBytes(u);
            return this;
        }

        P intLe(int v) {
            b.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
            return this;
        }

        P longLe(long v) {
            b.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
            return this;
        }

        P global(String module, String name) {
            op('c');
            b.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        P stop() {
            return op('.');
        }
    }

    /** The legacy header (magic, protocol version, system info), then {@code root}, the storage keys and their data. */
    private static byte[] legacy(P root, String[] keys, byte[] storages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] magic = new java.math.BigInteger("1950a86a20f9469cfc6c", 16).toByteArray();
        P m = new P().op(0x80, 2, 0x8a, magic.length);
        for (int i = magic.length - 1; i >= 0; i--) {
            m.op(magic[i] & 0xFF);
        }
        out.writeBytes(m.stop().b.toByteArray());
        out.writeBytes(new P().op('M', 0xe9, 0x03).stop().b.toByteArray());
        out.writeBytes(new P().op('}').stop().b.toByteArray());
        out.writeBytes(root.stop().b.toByteArray());
        P k = new P().op(']');
        for (String key : keys) {
            k.str(key).op('a');
        }
        out.writeBytes(k.stop().b.toByteArray());
        out.writeBytes(storages);
        return out.toByteArray();
    }

    /** {'w': a float tensor of {@code size} over storage "0"}. */
    private static P tensor(int[] size) {
        P p = new P().op('}').str("w").global("torch._utils", "_rebuild_tensor_v2").op('(');
        p.op('(').str("storage").global("torch", "FloatStorage").str("0").str("cpu").op('K', 1, 't', 'Q');
        p.op('K', 0).op('(');
        for (int s : size) {
            p.op('J').intLe(s);
        }
        p.op('t', '(');
        for (int i = 0; i < size.length; i++) {
            p.op('K', 1);
        }
        return p.op('t', 't', 'R', 's');
    }

    private static byte[] hostile(String kind) {
        return switch (kind) {
            case "self-referencing" -> legacy(new P().op('}', 'q', 0).str("a").op('h', 0, 's'), new String[0], new byte[0]);
            case "shared-exponentially" -> {
                P p = new P().op('}', 'q', 0);
                for (int i = 1; i < 60; i++) {
                    p.op('}', '(').str("a").op('h', i - 1).str("b").op('h', i - 1).op('u', 'q', i);
                }
                yield legacy(p, new String[0], new byte[0]);
            }
            case "deeply-nested" -> {
                P p = new P();
                for (int i = 0; i < 20000; i++) {
                    p.op('}').str("a");
                }
                p.op('}');
                for (int i = 0; i < 20000; i++) {
                    p.op('s');
                }
                yield legacy(p, new String[0], new byte[0]);
            }
            case "list-as-key" -> legacy(new P().op('}', ']', 'q', 0, 'h', 0, 'a').str("v").op('s'), new String[0],
                    new byte[0]);
            case "huge-bytes" -> legacy(new P().op('B').intLe(0x7ffffff0).op(1, 2, 3), new String[0], new byte[0]);
            case "huge-tensor" -> legacy(tensor(new int[] {100000, 100000}), new String[] {"0"},
                    ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putLong(1).putFloat(1f).array());
            case "huge-storage" -> legacy(tensor(new int[] {1}), new String[] {"0"},
                    ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 27).array());
            default -> throw new IllegalArgumentException(kind);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"self-referencing", "shared-exponentially", "deeply-nested", "list-as-key", "huge-bytes",
        "huge-tensor", "huge-storage"})
    void aHostileFileIsOneMessageNamingIt(String kind, @TempDir Path dir) throws Exception {
        Path file = dir.resolve(kind + ".pth");
        Files.write(file, hostile(kind));
        assertTrue(Files.size(file) < 400_000, kind + " is small: " + Files.size(file));
        Runtime rt = Runtime.getRuntime();
        long before = rt.totalMemory() - rt.freeMemory();
        IOException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(IOException.class, () -> TorchFile.read(file)));
        long grown = rt.totalMemory() - rt.freeMemory() - before;
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().length() < 400, "one short message: " + e.getMessage());
        assertTrue(grown < 96L << 20, kind + ": no allocation sized from a declaration: " + (grown >> 20) + " MiB");
    }
}
