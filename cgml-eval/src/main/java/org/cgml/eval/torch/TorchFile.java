package org.cgml.eval.torch;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads the tensors of a PyTorch state dict saved with {@code torch.save}: the zip-based format (PyTorch 1.6+,
 * {@code archive/data.pkl} plus one raw little-endian file per storage) and the older format (magic-number,
 * protocol and system-info pickles, the object pickle, the list of storage keys, then each storage as a little-endian
 * int64 element count followed by its bytes). Float, double, half and integer storages are returned as floats.
 */
public final class TorchFile {
    private static final java.math.BigInteger LEGACY_MAGIC = new java.math.BigInteger("1950a86a20f9469cfc6c", 16);

    /** A tensor: its storage type, shape (PyTorch order) and values in row-major order. */
    public record Tensor(String dtype, long[] shape, float[] values) {
        public long size() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    private record StorageRef(String key, String type) {
    }

    private record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {
    }

    /** The most nested dicts a state dict may have, and the most entries in all (a walk over shared dicts ends). */
    static final int MAX_DEPTH = 64;
    static final int MAX_ENTRIES = 1 << 16;
    /** The most bytes of storage one file may hold (VGG-16's 528 MB fits), and the most values one tensor may have. */
    static final long MAX_STORAGE_BYTES = 1L << 30;
    static final long MAX_TENSOR_VALUES = 1L << 28;

    private TorchFile() {
    }

    /** The named tensors of {@code file} (nested dicts are flattened with '.'); an IOException names the file. */
    public static Map<String, Tensor> read(Path file) throws IOException {
        // a folder, FIFO or device is named, not opened; the bound is the storage bound with room for the pickle
        org.cgml.api.InputFiles.requireRegular(file, 2 * MAX_STORAGE_BYTES, "a PyTorch file");
        try {
            byte[] head = new byte[4];
            try (InputStream in = Files.newInputStream(file)) {
                int n = in.readNBytes(head, 0, 4);
                if (n == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
                    return readZip(file);
                }
            }
            return readLegacy(file);
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + ": not a readable PyTorch file (" + e.getMessage() + ")", e);
        } catch (StackOverflowError e) { // a last guard: every structure walked here is bounded
            throw new IOException(file + ": not a readable PyTorch file (nested too deeply)");
        }
    }

    private static Map<String, Tensor> readZip(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry pkl = zip.stream().filter(e -> e.getName().endsWith("/data.pkl") || e.getName().equals("data.pkl"))
                    .findFirst().orElseThrow(() -> new IOException("zip without data.pkl"));
            String prefix = pkl.getName().substring(0, pkl.getName().length() - "data.pkl".length());
            Object root;
            try (InputStream in = new BufferedInputStream(zip.getInputStream(pkl))) {
                root = new Pickle(in, TorchFile::storage, TorchFile::rebuild).load();
            }
            Map<String, byte[]> storages = new HashMap<>();
            Map<String, TensorRef> refs = new LinkedHashMap<>();
            flatten("", root, refs);
            for (TensorRef r : refs.values()) {
                String key = r.storage().key();
                if (!storages.containsKey(key)) {
                    ZipEntry e = zip.getEntry(prefix + "data/" + key);
                    if (e == null) {
                        throw new IOException("storage " + key + " missing from the archive");
                    }
                    try (InputStream in = zip.getInputStream(e)) {
                        storages.put(key, bounded(in, key, storages));
                    }
                }
            }
            return materialise(refs, storages);
        }
    }

    private static Map<String, Tensor> readLegacy(Path file) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            Object magic = new Pickle(raw, p -> p, (c, a) -> null).load();
            if (!LEGACY_MAGIC.equals(magic)) {
                throw new IOException("neither a zip archive nor a legacy torch file (magic " + magic + ")");
            }
            new Pickle(raw, p -> p, (c, a) -> null).load();             // protocol version
            new Pickle(raw, p -> p, (c, a) -> null).load();             // system info
            Object root = new Pickle(raw, TorchFile::storage, TorchFile::rebuild).load();
            Object keys = new Pickle(raw, p -> p, (c, a) -> null).load();
            Map<String, TensorRef> refs = new LinkedHashMap<>();
            flatten("", root, refs);
            Map<String, String> types = new HashMap<>();
            for (TensorRef r : refs.values()) {
                types.put(r.storage().key(), r.storage().type());
            }
            Map<String, byte[]> storages = new HashMap<>();
            DataInputStream in = new DataInputStream(raw);
            for (Object k : (List<?>) keys) {
                String key = (String) k;
                long count = Long.reverseBytes(in.readLong());
                int elem = elementSize(types.getOrDefault(key, "FloatStorage"));
                if (count < 0 || count > MAX_STORAGE_BYTES / elem) {
                    throw new IOException("storage " + key + " has a bad size " + count);
                }
                int bytes = (int) (count * elem);
                byte[] b = in.readNBytes(bytes); // read as it comes: the declared count alone allocates nothing
                if (b.length < bytes) {
                    throw new IOException("storage " + key + " declares " + count + " values; the file ends after "
                            + b.length / elem);
                }
                storages.put(key, b);
            }
            return materialise(refs, storages);
        }
    }

    /** A storage's bytes, at most what the file's storages may still hold in all. */
    private static byte[] bounded(InputStream in, String key, Map<String, byte[]> read) throws IOException {
        long used = read.values().stream().mapToLong(b -> b.length).sum();
        long room = MAX_STORAGE_BYTES - used;
        byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, room + 1));
        if (b.length > room) {
            throw new IOException("storage " + key + " takes the file's storages past " + (MAX_STORAGE_BYTES >> 20)
                    + " MiB");
        }
        return b;
    }

    /** persistent_load: ('storage', type, key, location, numel[, view]) -> a storage reference. */
    private static Object storage(Object pid) {
        if (!(pid instanceof List<?> t) || t.size() < 3 || !"storage".equals(t.get(0))) {
            throw new IllegalArgumentException("unknown persistent id (" + Pickle.kind(pid) + ")");
        }
        String type = t.get(1) instanceof Pickle.Global g ? g.name() : String.valueOf(t.get(1));
        return new StorageRef(String.valueOf(t.get(2)), type);
    }

    /** torch._utils._rebuild_tensor_v2 and _rebuild_parameter; other calls are kept as they are. */
    private static Object rebuild(Object callable, List<Object> args) {
        if (!(callable instanceof Pickle.Global g)) {
            return null;
        }
        switch (g.qualified()) {
            case "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor" -> {
                if (args.size() < 4 || !(args.get(0) instanceof StorageRef ref) || !(args.get(1) instanceof Number off)) {
                    throw new IllegalArgumentException(g.qualified() + " called with other arguments than a storage, "
                            + "an offset, a size and a stride");
                }
                return new TensorRef(ref, off.longValue(), longs(args.get(2)), longs(args.get(3)));
            }
            case "torch._utils._rebuild_parameter" -> {
                return args.get(0);
            }
            default -> {
                return null;
            }
        }
    }

    private static long[] longs(Object tuple) {
        if (!(tuple instanceof List<?> l) || l.size() > 32 || !l.stream().allMatch(v -> v instanceof Number)) {
            throw new IllegalArgumentException("a tensor's size or stride is not a tuple of at most 32 whole numbers");
        }
        long[] out = new long[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) l.get(i)).longValue();
        }
        return out;
    }

    private static void flatten(String prefix, Object value, Map<String, TensorRef> out) {
        flatten(prefix, value, out, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()),
                new int[1], 0);
    }

    /**
     * The tensors under {@code value}, by dotted path; dicts on the path ({@code open}) may not contain themselves,
     * and the walk stops past {@link #MAX_DEPTH} levels or {@link #MAX_ENTRIES} entries in all ({@code seen}).
     */
    private static void flatten(String prefix, Object value, Map<String, TensorRef> out, java.util.Set<Object> open,
                                int[] seen, int depth) {
        if (++seen[0] > MAX_ENTRIES) {
            throw new IllegalArgumentException("more than " + MAX_ENTRIES + " entries (dicts shared many times over?)");
        }
        if (value instanceof TensorRef t) {
            out.put(prefix, t);
        } else if (value instanceof Map<?, ?> m) {
            if (depth > MAX_DEPTH) {
                throw new IllegalArgumentException("dicts nested more than " + MAX_DEPTH + " deep");
            }
            if (!open.add(m)) {
                throw new IllegalArgumentException("a dict contains itself (at '" + prefix + "')");
            }
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String k = String.valueOf(e.getKey());
                flatten(prefix.isEmpty() ? k : prefix + "." + k, e.getValue(), out, open, seen, depth + 1);
            }
            open.remove(m);
        }
    }

    private static int elementSize(String type) {
        return switch (type) {
            case "DoubleStorage", "LongStorage" -> 8;
            case "HalfStorage", "ShortStorage", "BFloat16Storage" -> 2;
            case "ByteStorage", "CharStorage", "BoolStorage" -> 1;
            default -> 4;
        };
    }

    /** IEEE 754 binary16 to float. */
    static float halfToFloat(short h) {
        int bits = h & 0xFFFF;
        int sign = (bits >>> 15) << 31;
        int exp = (bits >>> 10) & 0x1F;
        int mant = bits & 0x3FF;
        if (exp == 0) {
            return (sign == 0 ? 1 : -1) * mant * 0x1p-24f;
        }
        if (exp == 31) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    private static Map<String, Tensor> materialise(Map<String, TensorRef> refs, Map<String, byte[]> storages)
            throws IOException {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, TensorRef> e : refs.entrySet()) {
            TensorRef r = e.getValue();
            String type = r.storage().type();
            int elem = elementSize(type);
            ByteBuffer buf = ByteBuffer.wrap(storages.get(r.storage().key())).order(ByteOrder.LITTLE_ENDIAN);
            if (r.stride().length != r.size().length || r.offset() < 0) {
                throw new IOException("tensor " + e.getKey() + " has " + r.size().length + " sizes, "
                        + r.stride().length + " strides and offset " + r.offset());
            }
            long n = 1;
            long last = r.offset(); // the last element's position: sum of (size - 1) * stride
            for (int k = 0; k < r.size().length; k++) {
                long d = r.size()[k];
                if (d < 0 || r.stride()[k] < 0) {
                    throw new IOException("tensor " + e.getKey() + " has a negative size or stride");
                }
                n = d == 0 ? 0 : n > MAX_TENSOR_VALUES / d ? MAX_TENSOR_VALUES + 1 : n * d;
                last += d == 0 ? 0 : (d - 1) * Math.min(r.stride()[k], MAX_STORAGE_BYTES);
            }
            if (n > MAX_TENSOR_VALUES) {
                throw new IOException("tensor " + e.getKey() + " declares more than " + MAX_TENSOR_VALUES + " values");
            }
            if (n > 0 && (last + 1) * elem > buf.capacity()) { // checked before its values are allocated
                throw new IOException("tensor " + e.getKey() + " reaches past its storage");
            }
            float[] values = new float[(int) n];
            int rank = r.size().length;
            long[] idx = new long[rank];
            for (int i = 0; i < n; i++) {
                long at = r.offset();
                for (int k = 0; k < rank; k++) {
                    at += idx[k] * r.stride()[k];
                }
                if ((at + 1) * elem > buf.capacity()) {
                    throw new IOException("tensor " + e.getKey() + " reaches past its storage");
                }
                int pos = (int) (at * elem);
                values[i] = switch (type) {
                    case "DoubleStorage" -> (float) buf.getDouble(pos);
                    case "LongStorage" -> (float) buf.getLong(pos);
                    case "IntStorage" -> (float) buf.getInt(pos);
                    case "HalfStorage" -> halfToFloat(buf.getShort(pos));
                    case "ShortStorage" -> buf.getShort(pos);
                    case "ByteStorage" -> buf.get(pos) & 0xFF;
                    case "CharStorage", "BoolStorage" -> buf.get(pos);
                    default -> buf.getFloat(pos);
                };
                for (int k = rank - 1; k >= 0; k--) {
                    if (++idx[k] < r.size()[k]) {
                        break;
                    }
                    idx[k] = 0;
                }
            }
            out.put(e.getKey(), new Tensor(type, r.size(), values));
        }
        return out;
    }
}
