package org.cgml.tasks.image.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * IDX files (LeCun's MNIST format), plain or gzip-compressed: two zero bytes, the type (0x08, unsigned bytes),
 * the number of dimensions, each dimension as a big-endian int32, then the values. Errors name the file and the
 * byte where reading failed.
 */
public final class Idx {
    private Idx() {
    }

    /** An array of unsigned bytes with its dimensions. */
    public record Bytes(int[] dims, byte[] data) {
        /** Number of items (the first dimension). */
        public int count() {
            return dims[0];
        }

        /** Values per item (the product of the other dimensions). */
        public int itemSize() {
            int s = 1;
            for (int i = 1; i < dims.length; i++) {
                s *= dims[i];
            }
            return s;
        }

        /** Value {@code j} of item {@code i}, 0..255. */
        public int at(int i, int j) {
            return data[i * itemSize() + j] & 0xFF;
        }

        /**
         * Image item {@code i} (rows x cols) scaled by S/32 (nearest) and centred in S x S, values in [-1, 1],
         * background -1: MNIST's 28 x 28 digits sit in 32 x 32 with a 2-pixel border.
         */
        public void centred(int i, int size, float[] out, int off) {
            int rows = dims[1];
            int cols = dims[2];
            int h = Math.max(1, Math.round(rows * size / 32f));
            int w = Math.max(1, Math.round(cols * size / 32f));
            int top = (size - h) / 2;
            int left = (size - w) / 2;
            for (int k = 0; k < size * size; k++) {
                out[off + k] = -1f;
            }
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int sy = Math.min(rows - 1, y * rows / h);
                    int sx = Math.min(cols - 1, x * cols / w);
                    out[off + (top + y) * size + left + x] = at(i, sy * cols + sx) / 127.5f - 1f;
                }
            }
        }
    }

    /** The most values an IDX file may declare (64 Mi; MNIST's largest file holds 47 Mi), so that a corrupt or hostile
     * file stays well inside a 1 GiB heap. */
    public static final long MAX_VALUES = 64L << 20;

    /** Writes an unsigned-byte IDX file, gzip-compressed when the name ends in .gz (for tests and conversions). */
    public static void write(Path file, int[] dims, byte[] data) throws IOException {
        try (java.io.OutputStream raw = Files.newOutputStream(file);
             java.io.OutputStream z = file.toString().endsWith(".gz") ? new java.util.zip.GZIPOutputStream(raw) : raw;
             java.io.DataOutputStream out = new java.io.DataOutputStream(z)) {
            out.write(new byte[] {0, 0, 8, (byte) dims.length});
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(data);
        }
    }

    /**
     * Reads an IDX file; an IOException names the file and where it failed. Only a regular file (links followed) is
     * opened: a folder, FIFO or device is refused by name.
     */
    public static Bytes read(Path file) throws IOException {
        // the header and MAX_VALUES one-byte values at most (a larger file fails below, as too long for its header)
        org.cgml.api.InputFiles.requireRegular(file, MAX_VALUES + (1 << 10), "an IDX file");
        long offset = 0;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            InputStream in = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
            DataInputStream d = new DataInputStream(in);
            int z0 = d.readUnsignedByte();
            int z1 = d.readUnsignedByte();
            int type = d.readUnsignedByte();
            int rank = d.readUnsignedByte();
            offset = 4;
            if (z0 != 0 || z1 != 0 || type != 0x08 || rank < 1 || rank > 4) {
                throw new IOException(String.format("%s: not an unsigned-byte IDX file (header %02x %02x %02x %02x)",
                        file, z0, z1, type, rank));
            }
            int[] dims = new int[rank];
            long total = 1;
            for (int i = 0; i < rank; i++) {
                dims[i] = d.readInt();
                offset += 4;
                if (dims[i] <= 0) {
                    throw new IOException(file + ": dimension " + i + " is " + dims[i] + " (byte " + (offset - 4) + ")");
                }
                total = Math.min(total * dims[i], MAX_VALUES + 1); // capped each step: four ints can overflow a long
            }
            if (total > MAX_VALUES) {
                throw new IOException(file + ": declares dimensions " + java.util.Arrays.toString(dims) + ", more than the "
                        + (MAX_VALUES >> 20) + " Mi values an IDX file may hold here");
            }
            boolean compressed = in != raw;
            long available = Files.size(file) - offset;
            if (!compressed && total > available) { // checked before anything is allocated
                throw new IOException(file + ": truncated at byte " + Files.size(file) + " (its header declares " + total
                        + " values after the " + offset + "-byte header)");
            }
            // compressed data is read as it comes (the buffer grows with what is really there), never sized from the
            // header alone
            byte[] data = compressed ? d.readNBytes((int) total) : new byte[(int) total];
            int read = compressed ? data.length : d.readNBytes(data, 0, data.length);
            if (read < total) {
                throw new IOException(file + ": truncated at byte " + (offset + read) + " (expected " + total
                        + " values after the " + offset + "-byte header)");
            }
            if (d.read() >= 0) {
                throw new IOException(file + ": more data than its header says (" + total + " values)");
            }
            return new Bytes(dims, data);
        } catch (EOFException e) {
            throw new IOException(file + ": ends inside its header (byte " + offset + ")", e);
        } catch (java.util.zip.ZipException e) {
            throw new IOException(file + ": corrupt gzip data (" + e.getMessage() + ")", e);
        }
    }
}
