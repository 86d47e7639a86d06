package org.cgml.tasks.spectral;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Buffered input for the mesh readers: text lines split into whitespace-separated tokens (numbers parsed without
 * building strings), and binary scalars; keeps the line number and byte offset for error messages.
 */
final class MeshInput {
    /** Binary scalar types, by code: int8, uint8, int16, uint16, int32, uint32, float32, float64. */
    static final int INT8 = 0;
    static final int UINT8 = 1;
    static final int INT16 = 2;
    static final int UINT16 = 3;
    static final int INT32 = 4;
    static final int UINT32 = 5;
    static final int FLOAT32 = 6;
    static final int FLOAT64 = 7;
    private static final int[] SIZES = {1, 1, 2, 2, 4, 4, 4, 8};
    private static final double[] POW10 = new double[23];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private final InputStream in;
    private final String name;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int lim;
    /** Stream offset of {@code buf[0]}. */
    private long base;
    private boolean eof;

    private byte[] line = new byte[256];
    private int len;
    private int at;
    private int lineNo;
    private int tokStart;
    private int tokEnd;
    private final boolean hashComments;

    /** Reads {@code in} (a file called {@code name}); {@code hashComments}: a token starting with # ends the line. */
    MeshInput(InputStream in, String name, boolean hashComments) {
        this.in = in;
        this.name = name;
        this.hashComments = hashComments;
    }

    /** Number of the current line (1-based; 0 before the first). */
    int lineNumber() {
        return lineNo;
    }

    /** Stream offset of the next unread byte. */
    long offset() {
        return base + pos;
    }

    /** A format error at the current line. */
    MeshFormatException fail(String reason) {
        return new MeshFormatException(name, "line " + lineNo, reason);
    }

    /** A format error at byte {@code offset}. */
    MeshFormatException failAt(long offset, String reason) {
        return new MeshFormatException(name, "byte " + offset, reason);
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        base += lim;
        pos = 0;
        lim = 0;
        int n;
        do {
            n = in.read(buf, 0, buf.length);
        } while (n == 0);
        if (n < 0) {
            eof = true;
            return false;
        }
        lim = n;
        return true;
    }

    // ---------------------------------------------------------------- text

    /** Reads the next line (ended by \n, \r\n or \r); false at the end of the input. */
    boolean nextLine() throws IOException {
        len = 0;
        at = 0;
        if (pos >= lim && !fill()) {
            return false;
        }
        lineNo++;
        while (true) {
            if (pos >= lim && !fill()) {
                return true;
            }
            byte[] b = buf;
            int l = lim;
            int i = pos;
            while (i < l) {
                byte c = b[i];
                if (c == '\n' || c == '\r') {
                    break;
                }
                i++;
            }
            append(i - pos);
            if (i < l) {
                pos = i + 1;
                if (b[i] == '\r' && (pos < lim || fill()) && buf[pos] == '\n') {
                    pos++;
                }
                return true;
            }
            pos = i;
        }
    }

    private void append(int n) {
        if (len + n > line.length) {
            line = Arrays.copyOf(line, Math.max(2 * line.length, len + n));
        }
        System.arraycopy(buf, pos, line, len, n);
        len += n;
    }

    /**
     * Reads the next line joined with the lines after it while it ends with a backslash (OBJ continuation lines);
     * false at the end of the input.
     */
    boolean nextJoinedLine() throws IOException {
        if (!nextLine()) {
            return false;
        }
        while (true) {
            int end = len;
            while (end > 0 && isSpace(line[end - 1])) {
                end--;
            }
            if (end == 0 || line[end - 1] != '\\') {
                return true;
            }
            byte[] kept = Arrays.copyOf(line, end);
            kept[end - 1] = ' ';
            if (!nextLine()) {
                line = kept;
                len = kept.length;
                at = 0;
                return true;
            }
            byte[] joined = Arrays.copyOf(kept, kept.length + len);
            System.arraycopy(line, 0, joined, kept.length, len);
            line = joined;
            len = joined.length;
            at = 0;
        }
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == 0x0b || c == '\f' || c == '\r' || c == 0;
    }

    /** Whether the current line has another token (comments do not count). */
    boolean hasToken() {
        while (at < len && isSpace(line[at])) {
            at++;
        }
        if (hashComments && at < len && line[at] == '#') {
            at = len;
        }
        return at < len;
    }

    /** Moves to the next token of the current line; false if there is none. */
    boolean token() {
        if (!hasToken()) {
            return false;
        }
        tokStart = at;
        while (at < len && !isSpace(line[at])) {
            at++;
        }
        tokEnd = at;
        return true;
    }

    /** Moves to the next token, reading further lines as needed; false at the end of the input. */
    boolean tokenAcross() throws IOException {
        while (!token()) {
            if (!nextLine()) {
                return false;
            }
        }
        return true;
    }

    /** Drops the rest of the current line. */
    void skipLine() {
        at = len;
    }

    /** The current token as text. */
    String text() {
        return new String(line, tokStart, tokEnd - tokStart, StandardCharsets.ISO_8859_1);
    }

    /** Whether the current token is exactly {@code word} (ASCII). */
    boolean tokenIs(String word) {
        int n = tokEnd - tokStart;
        if (n != word.length()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (line[tokStart + i] != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Length of the current token. */
    int tokenLength() {
        return tokEnd - tokStart;
    }

    /** Byte {@code i} of the current token. */
    byte tokenByte(int i) {
        return line[tokStart + i];
    }

    /** The current token as a finite decimal number; {@code what} names it in the error message. */
    double number(String what) throws MeshFormatException {
        double d = parseDouble(tokStart, tokEnd);
        if (Double.isNaN(d)) {
            throw fail("unparsable " + what + " '" + text() + "'");
        }
        if (Double.isInfinite(d)) {
            throw fail(what + " '" + text() + "' out of range");
        }
        return d;
    }

    /** The next token of the current line as a finite number; error if the line has no more tokens. */
    double nextNumber(String what) throws MeshFormatException {
        if (!token()) {
            throw fail("missing " + what);
        }
        return number(what);
    }

    /** The current token (or its part before the first '/') as an integer; error if not one. */
    long integer(String what, boolean stopAtSlash) throws MeshFormatException {
        int i = tokStart;
        int end = tokEnd;
        if (stopAtSlash) {
            for (int k = tokStart; k < tokEnd; k++) {
                if (line[k] == '/') {
                    end = k;
                    break;
                }
            }
        }
        boolean neg = false;
        if (i < end && (line[i] == '-' || line[i] == '+')) {
            neg = line[i] == '-';
            i++;
        }
        if (i >= end) {
            throw fail("unparsable " + what + " '" + text() + "'");
        }
        long v = 0;
        for (; i < end; i++) {
            int d = line[i] - '0';
            if (d < 0 || d > 9) {
                throw fail("unparsable " + what + " '" + text() + "'");
            }
            v = v * 10 + d;
            if (v > 0xFFFF_FFFFL) {
                throw fail(what + " '" + text() + "' out of range");
            }
        }
        return neg ? -v : v;
    }

    /**
     * Parses {@code line[s, e)} as a decimal number ([+-] digits [. digits] [e [+-] digits]); NaN if it is not one.
     * Exact (correctly rounded): the common case of at most 15 significant digits and a small exponent is one exact
     * multiplication or division; other valid numbers go through {@link Double#parseDouble}.
     */
    private double parseDouble(int s, int e) {
        int i = s;
        boolean neg = false;
        if (i < e && (line[i] == '-' || line[i] == '+')) {
            neg = line[i] == '-';
            i++;
        }
        long m = 0;
        int sig = 0;
        int digits = 0;
        int scale = 0;
        while (i < e && line[i] >= '0' && line[i] <= '9') {
            int d = line[i] - '0';
            if (sig > 0 || d != 0) {
                sig++;
                if (sig <= 18) {
                    m = m * 10 + d;
                } else {
                    scale++;
                }
            }
            digits++;
            i++;
        }
        if (i < e && line[i] == '.') {
            i++;
            while (i < e && line[i] >= '0' && line[i] <= '9') {
                int d = line[i] - '0';
                if (sig > 0 || d != 0) {
                    sig++;
                    if (sig <= 18) {
                        m = m * 10 + d;
                        scale--;
                    }
                } else {
                    scale--;
                }
                digits++;
                i++;
            }
        }
        if (digits == 0) {
            return Double.NaN;
        }
        int exp = 0;
        if (i < e && (line[i] == 'e' || line[i] == 'E')) {
            i++;
            boolean eneg = false;
            if (i < e && (line[i] == '-' || line[i] == '+')) {
                eneg = line[i] == '-';
                i++;
            }
            if (i >= e) {
                return Double.NaN;
            }
            while (i < e && line[i] >= '0' && line[i] <= '9') {
                if (exp < 100_000) {
                    exp = exp * 10 + (line[i] - '0');
                }
                i++;
            }
            exp = eneg ? -exp : exp;
        }
        if (i != e) {
            return Double.NaN;
        }
        int p = exp + scale;
        if (m == 0) {
            return neg ? -0.0 : 0.0;
        } else if (sig <= 15 && p >= -22 && p <= 22) {
            double v = p >= 0 ? m * POW10[p] : m / POW10[-p];
            return neg ? -v : v;
        }
        return Double.parseDouble(new String(line, s, e - s, StandardCharsets.ISO_8859_1));
    }

    // ---------------------------------------------------------------- binary

    /** Size in bytes of scalar type {@code type}. */
    static int size(int type) {
        return SIZES[type];
    }

    private void need(int n) throws IOException {
        if (lim - pos >= n) {
            return;
        }
        System.arraycopy(buf, pos, buf, 0, lim - pos);
        base += pos;
        lim -= pos;
        pos = 0;
        while (lim < n && !eof) {
            int r = in.read(buf, lim, buf.length - lim);
            if (r < 0) {
                eof = true;
            } else {
                lim += r;
            }
        }
        if (lim < n) {
            throw failAt(base + lim, "unexpected end of data (" + (n - lim) + " more bytes needed)");
        }
    }

    /** Reads one binary scalar of type {@code type} as a double. */
    double scalar(int type, boolean little) throws IOException {
        need(SIZES[type]);
        byte[] b = buf;
        int p = pos;
        pos += SIZES[type];
        switch (type) {
            case INT8:
                return b[p];
            case UINT8:
                return b[p] & 0xff;
            case INT16:
                return (short) bits(b, p, 2, little);
            case UINT16:
                return bits(b, p, 2, little);
            case INT32:
                return (int) bits(b, p, 4, little);
            case UINT32:
                return bits(b, p, 4, little);
            case FLOAT32:
                return Float.intBitsToFloat((int) bits(b, p, 4, little));
            default:
                return Double.longBitsToDouble(bits(b, p, 8, little));
        }
    }

    private static long bits(byte[] b, int p, int n, boolean little) {
        long v = 0;
        if (little) {
            for (int i = n - 1; i >= 0; i--) {
                v = (v << 8) | (b[p + i] & 0xff);
            }
        } else {
            for (int i = 0; i < n; i++) {
                v = (v << 8) | (b[p + i] & 0xff);
            }
        }
        return v;
    }

    /** Skips {@code n} bytes; error at the end of the data. */
    void skip(long n) throws IOException {
        while (n > 0) {
            if (pos >= lim) {
                if (!fill()) {
                    throw failAt(base + lim, "unexpected end of data (" + n + " more bytes needed)");
                }
            }
            int k = (int) Math.min(n, lim - pos);
            pos += k;
            n -= k;
        }
    }
}
