package org.cgml.nn.evaluation;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * NumPy's .npy format: writes one little-endian float32 array (version 1.0), as {@code numpy.load} reads it; reads
 * float32 and float64 arrays of either byte order in C order (versions 1.0 to 3.0), as {@code numpy.save} writes them.
 */
public final class Npy {
    /** The most bytes of array data one file may hold here (256 MiB). */
    public static final long MAX_BYTES = 256L << 20;

    private Npy() {
    }

    /** An array read from a .npy file: its shape and its values, in C order. */
    public record Array(int[] shape, double[] values) {
        /** The shape as numpy prints it, e.g. (2, 3). */
        public String shapeText() {
            return "(" + String.join(", ", java.util.Arrays.stream(shape).mapToObj(Integer::toString).toList())
                    + (shape.length == 1 ? "," : "") + ")";
        }
    }

    /** The array in {@code file}; an {@link java.io.IOException} naming the file and what is wrong with it. */
    public static Array read(java.nio.file.Path file) throws java.io.IOException {
        long size = org.cgml.api.InputFiles.requireRegular(file, MAX_BYTES + (1 << 16), "a .npy array");
        byte[] all = java.nio.file.Files.readAllBytes(file);
        if (all.length != size) {
            throw new java.io.IOException(file + ": changed while read");
        }
        if (all.length < 10 || (all[0] & 0xff) != 0x93 || !new String(all, 1, 5, StandardCharsets.US_ASCII)
                .equals("NUMPY")) {
            throw new java.io.IOException(file + ": not a .npy file (no \\x93NUMPY magic)");
        }
        int major = all[6];
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength;
        int start;
        if (major == 1) {
            headerLength = b.getShort(8) & 0xffff;
            start = 10;
        } else if (major == 2 || major == 3) {
            headerLength = b.getInt(8) & 0xffffffffL;
            start = 12;
        } else {
            throw new java.io.IOException(file + ": .npy version " + major + " is not read here (1 to 3 are)");
        }
        if (start + headerLength > all.length) {
            throw new java.io.IOException(file + ": truncated inside its header");
        }
        String header = new String(all, start, (int) headerLength, major == 3 ? StandardCharsets.UTF_8
                : StandardCharsets.ISO_8859_1);
        java.util.regex.Matcher descr = java.util.regex.Pattern.compile("'descr':\\s*'([^']*)'").matcher(header);
        java.util.regex.Matcher fortran = java.util.regex.Pattern.compile("'fortran_order':\\s*(True|False)")
                .matcher(header);
        java.util.regex.Matcher shape = java.util.regex.Pattern.compile("'shape':\\s*\\(([0-9,\\s]*)\\)")
                .matcher(header);
        if (!descr.find() || !fortran.find() || !shape.find()) {
            throw new java.io.IOException(file + ": unreadable .npy header " + header.strip());
        }
        String type = descr.group(1);
        if (!type.matches("[<>=]f[48]")) {
            throw new java.io.IOException(file + ": holds dtype '" + type + "'; only float32 and float64 arrays are read");
        }
        if (fortran.group(1).equals("True")) {
            throw new java.io.IOException(file + ": is in Fortran order; save it in C order (numpy's default)");
        }
        String[] parts = shape.group(1).trim().isEmpty() ? new String[0] : shape.group(1).trim().split("\\s*,\\s*");
        int[] dims = new int[parts.length];
        long count = 1;
        int width = type.charAt(2) - '0';
        for (int i = 0; i < parts.length; i++) {
            try {
                dims[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new java.io.IOException(file + ": bad shape (" + shape.group(1) + ")");
            }
            count *= dims[i];
            if (count * width > MAX_BYTES) {
                throw new java.io.IOException(file + ": shape (" + shape.group(1) + ") is more than the "
                        + (MAX_BYTES >> 20) + " MiB of data read here");
            }
        }
        long data = all.length - start - headerLength;
        if (data != count * width) {
            throw new java.io.IOException(file + ": " + (data < count * width ? "truncated: " : "too long: ") + data
                    + " bytes of data, its header (shape (" + shape.group(1) + "), " + type + ") says " + count * width);
        }
        b.order(type.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        double[] values = new double[(int) count];
        int at = (int) (start + headerLength);
        for (int i = 0; i < values.length; i++) {
            values[i] = width == 4 ? b.getFloat(at + 4 * i) : b.getDouble(at + 8 * i);
        }
        return new Array(dims, values);
    }

    /** The .npy bytes of {@code shape}'s product of floats from {@code values} at {@code offset}. */
    public static byte[] float32(float[] values, int offset, int[] shape) {
        int count = 1;
        java.util.List<String> dims = new java.util.ArrayList<>();
        for (int d : shape) {
            count *= d;
            dims.add(Integer.toString(d));
        }
        String tuple = shape.length == 1 ? dims.get(0) + "," : String.join(", ", dims); // numpy's own spelling
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + tuple + "), }";
        int unpadded = 10 + dict.length() + 1; // magic 6, version 2, header length 2, the dict, '\n'
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + 4 * count).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        b.putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < count; i++) {
            b.putFloat(values[offset + i]);
        }
        return b.array();
    }
}
