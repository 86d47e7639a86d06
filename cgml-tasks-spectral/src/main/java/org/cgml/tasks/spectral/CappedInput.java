package org.cgml.tasks.spectral;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A stream that fails with an {@link IOException} naming its source once more than {@code limit} bytes come out of
 * it: a compressed entry is read as it inflates, so a zip bomb stops at the limit instead of filling the heap.
 */
final class CappedInput extends FilterInputStream {
    private final String name;
    private final long limit;
    private long count;

    CappedInput(InputStream in, String name, long limit) {
        super(in);
        this.name = name;
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long s = super.skip(n);
        count(s);
        return s;
    }

    private void count(long n) throws IOException {
        count += n;
        if (count > limit) {
            throw new IOException(name + ": decompresses to more than " + (limit >> 20) + " MiB (the most one entry may "
                    + "hold here); a damaged or hostile archive");
        }
    }
}
