package org.cgml.eval.torch;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A pickle machine (protocols 0 to 5, the opcodes torch.save uses) that builds plain Java values: Integer/Long,
 * Double, String, byte[], Boolean, null, {@link List} for lists and tuples, {@link LinkedHashMap} for dicts and
 * OrderedDicts, {@link Global} for classes and functions, {@link Reduce} for other calls. Persistent ids go through
 * {@code persistentLoad}; calls go through {@code reducer}, which may return a value or null to keep the call.
 */
final class Pickle {
    /** A class or function named by the pickle. */
    record Global(String module, String name) {
        String qualified() {
            return module + "." + name;
        }
    }

    /** A call the machine does not interpret: callable(args), plus any state set by BUILD. */
    record Reduce(Object callable, List<Object> args, Object[] state) {
    }

    private static final Object MARK = new Object();

    private final DataInputStream in;
    private final Function<Object, Object> persistentLoad;
    private final java.util.function.BiFunction<Object, List<Object>, Object> reducer;
    private final List<Object> stack = new ArrayList<>();
    private final Map<Integer, Object> memo = new HashMap<>();
    private final List<Integer> marks = new ArrayList<>();

    Pickle(InputStream in, Function<Object, Object> persistentLoad,
           java.util.function.BiFunction<Object, List<Object>, Object> reducer) {
        this.in = new DataInputStream(in);
        this.persistentLoad = persistentLoad;
        this.reducer = reducer;
    }

    /** Reads one pickle up to its STOP opcode. */
    Object load() throws IOException {
        stack.clear();
        marks.clear();
        while (true) {
            int op = in.read();
            if (op < 0) {
                throw new EOFException("pickle ended before STOP");
            }
            switch (op) {
                case 0x80 -> in.readUnsignedByte();                     // PROTO
                case 0x95 -> readLongLe();                              // FRAME
                case '.' -> {                                           // STOP
                    return pop();
                }
                case '(' -> marks.add(stack.size());                    // MARK
                case '}' -> stack.add(new LinkedHashMap<>());           // EMPTY_DICT
                case ']' -> stack.add(new ArrayList<>());               // EMPTY_LIST
                case ')' -> stack.add(new ArrayList<>());               // EMPTY_TUPLE
                case 0x8f -> stack.add(new ArrayList<>());              // EMPTY_SET
                case 'N' -> stack.add(null);
                case 0x88 -> stack.add(Boolean.TRUE);
                case 0x89 -> stack.add(Boolean.FALSE);
                case 'J' -> stack.add(readIntLe());                     // BININT
                case 'K' -> stack.add(in.readUnsignedByte());           // BININT1
                case 'M' -> stack.add(in.readUnsignedByte() | (in.readUnsignedByte() << 8)); // BININT2
                case 0x8a -> stack.add(readLong(in.readUnsignedByte())); // LONG1
                case 0x8b -> stack.add(readLong(readIntLe()));          // LONG4
                case 'G' -> stack.add(in.readDouble());                 // BINFLOAT (big endian)
                case 'X' -> stack.add(readString(readIntLe()));         // BINUNICODE
                case 0x8c -> stack.add(readString(in.readUnsignedByte())); // SHORT_BINUNICODE
                case 0x8d -> stack.add(readString(length(readLongLe()))); // BINUNICODE8
                case 'T' -> stack.add(readString(readIntLe()));         // BINSTRING
                case 'U' -> stack.add(readString(in.readUnsignedByte())); // SHORT_BINSTRING
                case 'B' -> stack.add(readBytes(readIntLe()));          // BINBYTES
                case 'C' -> stack.add(readBytes(in.readUnsignedByte())); // SHORT_BINBYTES
                case 'q' -> memo.put(in.readUnsignedByte(), peek());    // BINPUT
                case 'r' -> memo.put(readIntLe(), peek());              // LONG_BINPUT
                case 0x94 -> memo.put(memo.size(), peek());             // MEMOIZE
                case 'h' -> stack.add(memoGet(in.readUnsignedByte()));  // BINGET
                case 'j' -> stack.add(memoGet(readIntLe()));            // LONG_BINGET
                case 'c' -> stack.add(new Global(readLine(), readLine())); // GLOBAL
                case 0x93 -> {                                          // STACK_GLOBAL
                    String name = (String) pop();
                    stack.add(new Global((String) pop(), name));
                }
                case 't' -> stack.add(popMark());                       // TUPLE
                case 0x85 -> stack.add(new ArrayList<>(List.of(nullSafe(pop()))));  // TUPLE1
                case 0x86 -> {                                          // TUPLE2
                    Object b = pop();
                    Object a = pop();
                    stack.add(list(a, b));
                }
                case 0x87 -> {                                          // TUPLE3
                    Object c = pop();
                    Object b = pop();
                    Object a = pop();
                    stack.add(list(a, b, c));
                }
                case 'l' -> stack.add(popMark());                       // LIST
                case 'a' -> {                                           // APPEND
                    Object v = pop();
                    asList(peek()).add(v);
                }
                case 'e', 0x90 -> {                                     // APPENDS, ADDITEMS
                    List<Object> items = popMark();
                    asList(peek()).addAll(items);
                }
                case 'd' -> {                                           // DICT
                    List<Object> items = popMark();
                    Map<Object, Object> m = new LinkedHashMap<>();
                    for (int i = 0; i + 1 < items.size(); i += 2) {
                        m.put(key(items.get(i)), items.get(i + 1));
                    }
                    stack.add(m);
                }
                case 's' -> {                                           // SETITEM
                    Object v = pop();
                    Object k = pop();
                    asMap(peek()).put(key(k), v);
                }
                case 'u' -> {                                           // SETITEMS
                    List<Object> items = popMark();
                    Map<Object, Object> m = asMap(peek());
                    for (int i = 0; i + 1 < items.size(); i += 2) {
                        m.put(key(items.get(i)), items.get(i + 1));
                    }
                }
                case 'R' -> {                                           // REDUCE
                    List<Object> args = asList(pop());
                    Object callable = pop();
                    stack.add(call(callable, args));
                }
                case 0x81 -> {                                          // NEWOBJ
                    List<Object> args = asList(pop());
                    Object cls = pop();
                    stack.add(call(cls, args));
                }
                case 'b' -> {                                           // BUILD
                    Object state = pop();
                    Object target = peek();
                    if (target instanceof Reduce r) {
                        r.state()[0] = state;
                    }
                    // dicts (OrderedDict metadata) and tensors ignore their state
                }
                case 'Q' -> stack.add(persistentLoad.apply(pop()));     // BINPERSID
                case '0' -> pop();                                      // POP
                case '1' -> popMark();                                  // POP_MARK
                case '2' -> stack.add(peek());                          // DUP
                default -> throw new IOException(String.format("unsupported pickle opcode 0x%02x", op));
            }
        }
    }

    private Object call(Object callable, List<Object> args) {
        if (callable instanceof Global g && (g.qualified().equals("collections.OrderedDict")
                || g.qualified().equals("builtins.dict"))) {
            return new LinkedHashMap<>();
        }
        Object v = reducer.apply(callable, args);
        return v != null ? v : new Reduce(callable, args, new Object[1]);
    }

    private static Object nullSafe(Object o) {
        return o;
    }

    private static List<Object> list(Object... items) {
        return new ArrayList<>(Arrays.asList(items));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> asList(Object o) throws IOException {
        if (o instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw new IOException("pickle: expected a list or tuple, found " + kind(o));
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> asMap(Object o) throws IOException {
        if (o instanceof Map<?, ?> m) {
            return (Map<Object, Object>) m;
        }
        throw new IOException("pickle: expected a dict, found " + kind(o));
    }

    /** What an object is, without printing it (it may contain itself). */
    static String kind(Object o) {
        return o == null ? "None" : o instanceof String t ? "'" + (t.length() > 40 ? t.substring(0, 40) + "..." : t) + "'"
                : o.getClass().getSimpleName();
    }

    /** A dict key: a string or a number, as a state dict has (a list or dict key could hash itself forever). */
    private static Object key(Object k) throws IOException {
        if (k instanceof List<?> || k instanceof Map<?, ?>) {
            throw new IOException("pickle: a " + kind(k) + " as a dict key");
        }
        return k;
    }

    private Object memoGet(int key) throws IOException {
        if (!memo.containsKey(key)) {
            throw new IOException("pickle: memo key " + key + " missing");
        }
        return memo.get(key);
    }

    private Object pop() throws IOException {
        if (stack.isEmpty()) {
            throw new IOException("pickle: stack underflow");
        }
        return stack.remove(stack.size() - 1);
    }

    private Object peek() throws IOException {
        if (stack.isEmpty()) {
            throw new IOException("pickle: empty stack");
        }
        return stack.get(stack.size() - 1);
    }

    private List<Object> popMark() throws IOException {
        if (marks.isEmpty()) {
            throw new IOException("pickle: no MARK");
        }
        int at = marks.remove(marks.size() - 1);
        List<Object> items = new ArrayList<>(stack.subList(at, stack.size()));
        stack.subList(at, stack.size()).clear();
        return items;
    }

    private int readIntLe() throws IOException {
        return Integer.reverseBytes(in.readInt());
    }

    private long readLongLe() throws IOException {
        return Long.reverseBytes(in.readLong());
    }

    private Object readLong(int n) throws IOException {
        byte[] b = readBytes(n);
        if (n == 0) {
            return 0L;
        }
        byte[] be = new byte[n];
        for (int i = 0; i < n; i++) {
            be[i] = b[n - 1 - i];
        }
        BigInteger v = new BigInteger(be);
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    /** A declared 8-byte length as an int, or an error. */
    private static int length(long n) throws IOException {
        if (n < 0 || n > Integer.MAX_VALUE - 8) {
            throw new IOException("pickle: a length of " + n + " bytes");
        }
        return (int) n;
    }

    /** {@code n} bytes, read as they come: a declared length alone never sizes an allocation. */
    private byte[] readBytes(int n) throws IOException {
        if (n < 0) {
            throw new IOException("pickle: negative length");
        }
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new EOFException("pickle: a " + n + "-byte value ends after " + b.length + " bytes");
        }
        return b;
    }

    private String readString(int n) throws IOException {
        return new String(readBytes(n), StandardCharsets.UTF_8);
    }

    private String readLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new EOFException("pickle: line ended early");
            }
            if (sb.length() > 4096) {
                throw new IOException("pickle: a module or class name longer than 4096 characters");
            }
            sb.append((char) c);
        }
        return sb.toString();
    }
}
