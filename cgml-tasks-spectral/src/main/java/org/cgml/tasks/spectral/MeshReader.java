package org.cgml.tasks.spectral;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Readers for triangle meshes in OFF, OBJ and PLY (ASCII, binary little- and big-endian). Polygons are
 * fan-triangulated; colours, normals, texture coordinates and other extras are skipped. A malformed file fails with
 * a {@link MeshFormatException} naming the file and the line (text) or byte offset (binary PLY) where it fails.
 */
public final class MeshReader {
    /** The file extensions {@link #read(Path)} understands. */
    public static final List<String> EXTENSIONS = List.of(".off", ".obj", ".ply");
    /** The largest mesh file read (512 MiB, some 10 million vertices of ASCII OFF). */
    public static final long MAX_FILE_BYTES = 512L << 20;

    private MeshReader() {
    }

    /**
     * Reads {@code file}, choosing the format by its extension (.off, .obj or .ply, any case). Only a regular file
     * (links followed) of at most {@link #MAX_FILE_BYTES} is opened: a folder, FIFO or device is refused by name.
     */
    public static Mesh read(Path file) throws IOException {
        Path fileName = file.getFileName();
        String name = fileName == null ? file.toString() : fileName.toString();
        String lower = name.toLowerCase(Locale.ROOT);
        int dot = lower.lastIndexOf('.');
        String ext = dot < 0 ? "" : lower.substring(dot);
        if (!EXTENSIONS.contains(ext)) {
            throw new MeshFormatException(name, null, (ext.isEmpty() ? "no file extension"
                    : "unknown mesh format '" + ext + "'") + "; supported: " + String.join(", ", EXTENSIONS));
        }
        org.cgml.api.InputFiles.requireRegular(file, MAX_FILE_BYTES, "a mesh file");
        try (InputStream in = Files.newInputStream(file)) {
            switch (ext) {
                case ".off":
                    return readOff(in, name);
                case ".obj":
                    return readObj(in, name);
                default:
                    return readPly(in, name);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ OFF

    /**
     * Reads a Geomview OFF mesh ({@code OFF}, {@code COFF}, {@code NOFF}, {@code CNOFF}, {@code STOFF}...: extras
     * after x, y, z are skipped; the counts may follow the keyword on its line, and the keyword may be missing as
     * Geomview allows; face colours are skipped; faces with fewer than three vertices are skipped). {@code name} names the mesh and appears in error messages.
     */
    public static Mesh readOff(InputStream in, String name) throws IOException {
        MeshInput r = new MeshInput(in, name, true);
        if (!r.tokenAcross()) {
            throw new MeshFormatException(name, null, "empty file");
        }
        String head = r.text();
        if (head.endsWith("OFF")) {
            String prefix = head.substring(0, head.length() - 3);
            if (!prefix.matches("(ST)?C?N?")) {
                throw r.fail("unsupported OFF variant '" + head + "' (only 3D vertices are read)");
            }
            if (r.token()) {
                if (r.tokenIs("BINARY")) {
                    throw r.fail("binary OFF is not supported");
                }
            } else if (!r.tokenAcross()) {
                throw r.fail("file ends before the vertex and face counts");
            }
        } else if (!head.matches("[0-9]+")) {
            throw r.fail("not an OFF file: starts with '" + head + "' instead of OFF");
        }
        int nv = count(r, "vertex count");
        if (!r.tokenAcross()) {
            throw r.fail("file ends before the face count");
        }
        int nf = count(r, "face count");
        r.skipLine();
        if (nv > Integer.MAX_VALUE / 3) {
            throw r.fail("too many vertices: " + nv);
        }
        double[] v = new double[3 * Math.min(nv, 1 << 20)];
        for (int i = 0; i < nv; i++) {
            if (3 * i + 3 > v.length) {
                v = Arrays.copyOf(v, (int) Math.min(3L * nv, 2L * v.length));
            }
            for (int axis = 0; axis < 3; axis++) {
                if (!r.tokenAcross()) {
                    throw r.fail("file ends after " + i + " of " + nv + " vertices");
                }
                v[3 * i + axis] = r.number("coordinate");
            }
            r.skipLine();
        }
        Ints t = new Ints(Math.min(nf, 1 << 20) * 3);
        int[] face = new int[8];
        for (int f = 0; f < nf; f++) {
            if (!r.tokenAcross()) {
                throw r.fail("file ends after " + f + " of " + nf + " faces");
            }
            long n = r.integer("face size", false);
            if (n < 0 || n > nv) {
                throw r.fail("face size " + n + " outside 0.." + nv);
            }
            if (n > face.length) {
                face = new int[(int) n];
            }
            for (int k = 0; k < n; k++) {
                if (!r.tokenAcross()) {
                    throw r.fail("file ends after " + f + " of " + nf + " faces");
                }
                long index = r.integer("vertex index", false);
                if (index < 0 || index >= nv) {
                    throw r.fail("vertex index " + index + " outside 0.." + (nv - 1));
                }
                face[k] = (int) index;
            }
            r.skipLine();
            t.fan(face, (int) n);
        }
        return mesh(name, v, t);
    }

    private static int count(MeshInput r, String what) throws MeshFormatException {
        long n = r.integer(what, false);
        if (n < 0 || n > Integer.MAX_VALUE) {
            throw r.fail(what + " " + n + " out of range");
        }
        return (int) n;
    }

    // ------------------------------------------------------------------------------------------------ OBJ

    /**
     * Reads the geometry of a Wavefront OBJ mesh: {@code v x y z [w]} and {@code f} with {@code a}, {@code a/b},
     * {@code a/b/c} or {@code a//c} corners, 1-based or negative (relative) indices (faces with one or two corners,
     * points and edges some exporters write as faces, are skipped); other statements (vt, vn, g, o,
     * s, usemtl, mtllib, l, p...) are skipped. {@code name} names the mesh and appears in error messages.
     */
    public static Mesh readObj(InputStream in, String name) throws IOException {
        MeshInput r = new MeshInput(in, name, true);
        Doubles v = new Doubles();
        Ints t = new Ints(1 << 12);
        int[] face = new int[8];
        while (r.nextJoinedLine()) {
            if (!r.token()) {
                continue;
            }
            if (r.tokenIs("v")) {
                v.add(r.nextNumber("x coordinate"), r.nextNumber("y coordinate"), r.nextNumber("z coordinate"));
            } else if (r.tokenIs("f")) {
                int count = v.size() / 3;
                int n = 0;
                while (r.token()) {
                    long index = r.integer("face index", true);
                    checkCorner(r);
                    long resolved = index < 0 ? count + index : index - 1;
                    if (index == 0 || resolved < 0 || resolved >= count) {
                        throw r.fail("face index " + index + " outside 1.." + count);
                    }
                    if (n == face.length) {
                        face = Arrays.copyOf(face, 2 * n);
                    }
                    face[n++] = (int) resolved;
                }
                if (n == 0) {
                    throw r.fail("face without vertices");
                }
                t.fan(face, n); // one or two corners: a point or an edge written as a face (old Blender), no area
            }
        }
        return mesh(name, v.toArray(), t);
    }

    /** Checks that an OBJ face corner after its vertex index is empty or {@code /[vt][/[vn]]}. */
    private static void checkCorner(MeshInput r) throws MeshFormatException {
        int n = r.tokenLength();
        int slashes = 0;
        for (int i = 0; i < n; i++) {
            byte c = r.tokenByte(i);
            if (c == '/') {
                slashes++;
            } else if (!(c >= '0' && c <= '9' || c == '-' || c == '+')) {
                slashes = 3;
            }
        }
        if (slashes > 2) {
            throw r.fail("malformed face corner '" + r.text() + "'");
        }
    }

    // ------------------------------------------------------------------------------------------------ PLY

    private static final List<String> PLY_TYPES = List.of("char", "uchar", "short", "ushort", "int", "uint",
            "float", "double");
    private static final List<String> PLY_SIZED_TYPES = List.of("int8", "uint8", "int16", "uint16", "int32",
            "uint32", "float32", "float64");

    /** A PLY property: a scalar ({@code countType} -1) or a list. */
    private record Property(String name, int type, int countType) {
    }

    /** A PLY element and its properties, with the header line that declares it. */
    private record Element(String name, long count, List<Property> properties, int line) {
    }

    /**
     * Reads a PLY mesh (ASCII, binary_little_endian or binary_big_endian 1.0): x, y, z of element {@code vertex} and
     * the {@code vertex_indices} (or {@code vertex_index}) list of element {@code face}; other properties and
     * elements are skipped. {@code name} names the mesh and appears in error messages.
     */
    public static Mesh readPly(InputStream in, String name) throws IOException {
        MeshInput r = new MeshInput(in, name, false);
        if (!r.nextLine() || !r.token() || !r.tokenIs("ply") || r.token()) {
            throw r.fail("not a PLY file: the first line must be 'ply'");
        }
        int format = -1;
        List<Element> elements = new ArrayList<>();
        while (true) {
            if (!r.nextLine()) {
                throw r.fail("file ends inside the header (no end_header)");
            }
            if (!r.token()) {
                continue;
            }
            String key = r.text();
            switch (key) {
                case "format": {
                    if (!r.token()) {
                        throw r.fail("format line without a format");
                    }
                    format = List.of("ascii", "binary_little_endian", "binary_big_endian").indexOf(r.text());
                    if (format < 0) {
                        throw r.fail("unknown PLY format '" + r.text() + "'");
                    }
                    if (r.token() && !r.tokenIs("1.0") && !r.tokenIs("1")) {
                        throw r.fail("unsupported PLY version '" + r.text() + "'");
                    }
                    break;
                }
                case "comment":
                case "obj_info":
                    break;
                case "element": {
                    if (!r.token()) {
                        throw r.fail("element without a name");
                    }
                    String element = r.text();
                    if (!r.token()) {
                        throw r.fail("element " + element + " without a count");
                    }
                    long n = r.integer("element count", false);
                    if (n < 0) {
                        throw r.fail("negative element count " + n);
                    }
                    elements.add(new Element(element, n, new ArrayList<>(), r.lineNumber()));
                    break;
                }
                case "property": {
                    if (elements.isEmpty()) {
                        throw r.fail("property before any element");
                    }
                    if (!r.token()) {
                        throw r.fail("property without a type");
                    }
                    int countType = -1;
                    if (r.tokenIs("list")) {
                        countType = plyType(r);
                        if (countType == MeshInput.FLOAT32 || countType == MeshInput.FLOAT64) {
                            throw r.fail("list count type must be an integer type");
                        }
                    }
                    int type = countType < 0 ? plyType(r, r.text()) : plyType(r);
                    if (!r.token()) {
                        throw r.fail("property without a name");
                    }
                    elements.get(elements.size() - 1).properties().add(new Property(r.text(), type, countType));
                    break;
                }
                case "end_header":
                    break;
                default:
                    throw r.fail("unknown PLY header keyword '" + key + "'");
            }
            if (key.equals("end_header")) {
                break;
            }
        }
        if (format < 0) {
            throw r.fail("PLY header without a format line");
        }
        int headerEnd = r.lineNumber();
        Element vertex = null;
        Element face = null;
        for (Element e : elements) {
            if (e.name().equals("vertex") && vertex == null) {
                vertex = e;
            } else if (e.name().equals("face") && face == null) {
                face = e;
            }
        }
        if (vertex == null) {
            throw new MeshFormatException(name, "line " + headerEnd, "PLY header declares no vertex element");
        }
        if (vertex.count() > Integer.MAX_VALUE / 3) {
            throw new MeshFormatException(name, "line " + vertex.line(), "too many vertices: " + vertex.count());
        }
        int[] xyz = new int[3];
        for (int axis = 0; axis < 3; axis++) {
            String coordinate = "xyz".substring(axis, axis + 1);
            xyz[axis] = -1;
            for (int p = 0; p < vertex.properties().size(); p++) {
                if (vertex.properties().get(p).name().equals(coordinate)) {
                    xyz[axis] = p;
                }
            }
            if (xyz[axis] < 0 || vertex.properties().get(xyz[axis]).countType() >= 0) {
                throw new MeshFormatException(name, "line " + vertex.line(),
                        "element vertex has no scalar property " + coordinate);
            }
        }
        int indices = -1;
        if (face != null) {
            for (int p = 0; p < face.properties().size(); p++) {
                String n = face.properties().get(p).name();
                if (n.equals("vertex_indices") || n.equals("vertex_index")) {
                    indices = p;
                }
            }
            if (indices < 0 || face.properties().get(indices).countType() < 0) {
                throw new MeshFormatException(name, "line " + face.line(),
                        "element face has no list property vertex_indices");
            }
        }
        int nv = (int) vertex.count();
        double[] v = new double[3 * Math.min(nv, 1 << 20)];
        Ints t = new Ints(1 << 12);
        int[] corners = new int[8];
        boolean ascii = format == 0;
        boolean little = format == 1;
        for (Element e : elements) {
            int mode = e == vertex ? 1 : e == face ? 2 : 0;
            for (long i = 0; i < e.count(); i++) {
                if (mode == 1 && 3 * i + 3 > v.length) {
                    v = Arrays.copyOf(v, (int) Math.min(3L * nv, 2L * v.length));
                }
                for (int p = 0; p < e.properties().size(); p++) {
                    Property prop = e.properties().get(p);
                    long at = ascii ? 0 : r.offset();
                    if (prop.countType() < 0) {
                        if (mode == 1 && (p == xyz[0] || p == xyz[1] || p == xyz[2])) {
                            double value = ascii ? asciiNumber(r, e, i) : r.scalar(prop.type(), little);
                            if (!Double.isFinite(value)) {
                                throw ascii ? r.fail("non-finite coordinate in vertex " + i)
                                        : r.failAt(at, "non-finite coordinate " + value + " in vertex " + i);
                            }
                            v[(int) (3 * i) + (p == xyz[0] ? 0 : p == xyz[1] ? 1 : 2)] = value;
                        } else if (ascii) {
                            asciiToken(r, e, i);
                        } else {
                            r.skip(MeshInput.size(prop.type()));
                        }
                        continue;
                    }
                    long n = ascii ? asciiInteger(r, e, i, "list count") : (long) r.scalar(prop.countType(), little);
                    if (n < 0) {
                        throw ascii ? r.fail("negative list count " + n + " in " + e.name() + " " + i)
                                : r.failAt(at, "negative list count " + n + " in " + e.name() + " " + i);
                    }
                    if (mode != 2 || p != indices) {
                        if (ascii) {
                            for (long k = 0; k < n; k++) {
                                asciiToken(r, e, i);
                            }
                        } else {
                            r.skip(n * MeshInput.size(prop.type()));
                        }
                        continue;
                    }
                    if (n > corners.length) {
                        if (n > nv) {
                            throw ascii ? r.fail("face " + i + " has " + n + " corners but there are " + nv
                                    + " vertices") : r.failAt(at, "face " + i + " has " + n
                                    + " corners but there are " + nv + " vertices");
                        }
                        corners = new int[(int) n];
                    }
                    for (int k = 0; k < n; k++) {
                        long where = r.offset();
                        long index = ascii ? asciiInteger(r, e, i, "vertex index") : (long) r.scalar(prop.type(), little);
                        if (index < 0 || index >= nv) {
                            String reason = "vertex index " + index + " outside 0.." + (nv - 1) + " in face " + i;
                            throw ascii ? r.fail(reason) : r.failAt(where, reason);
                        }
                        corners[k] = (int) index;
                    }
                    t.fan(corners, (int) n);
                }
            }
        }
        return mesh(name, v, t);
    }

    private static int plyType(MeshInput r) throws MeshFormatException {
        if (!r.token()) {
            throw r.fail("property list without its types");
        }
        return plyType(r, r.text());
    }

    private static int plyType(MeshInput r, String type) throws MeshFormatException {
        int i = PLY_TYPES.indexOf(type);
        if (i < 0) {
            i = PLY_SIZED_TYPES.indexOf(type);
        }
        if (i < 0) {
            throw r.fail("unknown PLY property type '" + type + "'");
        }
        return i;
    }

    private static void asciiToken(MeshInput r, Element e, long i) throws IOException {
        if (!r.tokenAcross()) {
            throw r.fail("file ends in " + e.name() + " " + i + " of " + e.count());
        }
    }

    private static double asciiNumber(MeshInput r, Element e, long i) throws IOException {
        asciiToken(r, e, i);
        return r.number("coordinate");
    }

    private static long asciiInteger(MeshInput r, Element e, long i, String what) throws IOException {
        asciiToken(r, e, i);
        return r.integer(what, false);
    }

    // ------------------------------------------------------------------------------------------------ shared

    private static Mesh mesh(String name, double[] v, Ints t) throws MeshFormatException {
        if (t.size() == 0) {
            throw new MeshFormatException(name, null, "no faces");
        }
        return new Mesh(name, v, t.toArray());
    }

    /** A growable list of ints with polygon fan triangulation. */
    private static final class Ints {
        private int[] a;
        private int n;

        Ints(int capacity) {
            a = new int[Math.max(capacity, 16)];
        }

        int size() {
            return n;
        }

        /** Adds the fan triangles (0, k, k+1) of polygon {@code p[0, count)}; nothing for fewer than 3 corners. */
        void fan(int[] p, int count) {
            if (count < 3) {
                return;
            }
            int need = n + 3 * (count - 2);
            if (need > a.length) {
                a = Arrays.copyOf(a, Math.max(need, 2 * a.length));
            }
            for (int k = 1; k + 1 < count; k++) {
                a[n++] = p[0];
                a[n++] = p[k];
                a[n++] = p[k + 1];
            }
        }

        int[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }

    /** A growable list of doubles. */
    private static final class Doubles {
        private double[] a = new double[3 << 12];
        private int n;

        int size() {
            return n;
        }

        void add(double x, double y, double z) {
            if (n + 3 > a.length) {
                a = Arrays.copyOf(a, 2 * a.length);
            }
            a[n++] = x;
            a[n++] = y;
            a[n++] = z;
        }

        double[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
