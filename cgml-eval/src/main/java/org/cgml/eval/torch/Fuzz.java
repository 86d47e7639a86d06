package org.cgml.eval.torch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cgml.api.FuzzTarget;

/** The PyTorch weight-file reader offered to {@code cgml bench fuzz}: a legacy .pth with a nested state dict. */
public final class Fuzz implements FuzzTarget {
    @Override
    public String name() {
        return "pth";
    }

    @Override
    public List<Path> seeds(Path dir) throws IOException {
        Path zipped = Files.createDirectories(dir.resolve("zip")).resolve("weights.pth");
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zipped))) {
            entry(out, "weights/data.pkl", root());
            entry(out, "weights/data/0", floats(6));
            entry(out, "weights/data/1", floats(2));
            entry(out, "weights/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        }
        return List.of(Files.write(dir.resolve("weights.pth"), legacy()), zipped);
    }

    private static void entry(java.util.zip.ZipOutputStream out, String name, byte[] data) throws IOException {
        out.putNextEntry(new java.util.zip.ZipEntry(name));
        out.write(data);
        out.closeEntry();
    }

    /** {@code n} little-endian floats, as a storage holds them. */
    private static byte[] floats(int n) {
        ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            b.putFloat(0.25f * i - 0.5f);
        }
        return b.array();
    }

    @Override
    public void read(Path file) throws IOException {
        TorchFile.read(file);
    }

    /**
     * A legacy torch.save file (magic, protocol 1001, system info, the pickled state dict, its storage keys, then each
     * storage as a little-endian count and its floats): {"features": {"0.weight": [2, 3], "0.bias": [2]}}.
     */
    static byte[] legacy() {
        ByteArrayOutputStream out = header();
        out.writeBytes(root());
        ByteArrayOutputStream keys = new ByteArrayOutputStream();
        keys.write(']');
        keys.write('(');
        string(keys, "0");
        string(keys, "1");
        keys.write('e');
        keys.write('.');
        out.writeBytes(keys.toByteArray());
        for (int n : new int[] {6, 2}) {
            out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(n).array());
            out.writeBytes(floats(n));
        }
        return out.toByteArray();
    }

    /** The legacy file's first three pickles: magic, protocol version, system info. */
    private static ByteArrayOutputStream header() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] magic = new java.math.BigInteger("1950a86a20f9469cfc6c", 16).toByteArray();
        out.write(0x80);
        out.write(2);
        out.write(0x8a);
        out.write(magic.length);
        for (int i = magic.length - 1; i >= 0; i--) {
            out.write(magic[i]);
        }
        out.write('.');
        out.writeBytes(new byte[] {'M', (byte) 0xe9, 0x03, '.'});
        out.writeBytes(new byte[] {'}', '.'});
        return out;
    }

    /** The state dict as a pickle, its storages as persistent ids: what a zip .pth holds as data.pkl. */
    private static byte[] root() {
        // root: {"features": OrderedDict-free nested dict of two tensors}, memoised as pickle does
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(0x80);
        p.write(2);
        p.write('}');
        put(p, 0);
        string(p, "features");
        p.write('}');
        put(p, 1);
        p.write('(');
        string(p, "0.weight");
        tensor(p, "0", new int[] {2, 3}, new int[] {3, 1});
        string(p, "0.bias");
        tensor(p, "1", new int[] {2}, new int[] {1});
        p.write('u');
        p.write('s');
        p.write('.');
        return p.toByteArray();
    }

    private static void put(ByteArrayOutputStream p, int memo) {
        p.write('q');
        p.write(memo);
    }

    private static void string(ByteArrayOutputStream p, String s) {
        byte[] u = s.getBytes(StandardCharsets.UTF_8);
        p.write('X');
        p.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(u.length).array());
        p.writeBytes(u);
    }

    private static void global(ByteArrayOutputStream p, String module, String name) {
        p.write('c');
        p.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    private static void ints(ByteArrayOutputStream p, int[] values) {
        p.write('(');
        for (int v : values) {
            p.write('K');
            p.write(v);
        }
        p.write('t');
    }

    /** torch._utils._rebuild_tensor_v2((persistent storage key), 0, size, stride). */
    private static void tensor(ByteArrayOutputStream p, String key, int[] size, int[] stride) {
        global(p, "torch._utils", "_rebuild_tensor_v2");
        p.write('(');
        p.write('(');
        string(p, "storage");
        global(p, "torch", "FloatStorage");
        string(p, key);
        string(p, "cpu");
        p.write('K');
        p.write(size.length == 2 ? 6 : 2);
        p.write('t');
        p.write('Q');
        p.write('K');
        p.write(0);
        ints(p, size);
        ints(p, stride);
        p.write('t');
        p.write('R');
    }
}
