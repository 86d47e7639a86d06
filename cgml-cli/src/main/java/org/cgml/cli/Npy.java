package org.cgml.cli;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** NumPy's .npy format (version 1.0) for one little-endian float32 array, as {@code numpy.load} reads it. */
final class Npy {
    private Npy() {
    }

    /** The .npy bytes of {@code shape}'s product of floats from {@code values} at {@code offset}. */
    static byte[] float32(float[] values, int offset, int[] shape) {
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
