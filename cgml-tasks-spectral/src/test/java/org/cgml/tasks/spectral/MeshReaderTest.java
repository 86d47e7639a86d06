package org.cgml.tasks.spectral;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeshReaderTest {
    /** Unit cube corners: vertex i has x = bit 0, y = bit 1, z = bit 2. */
    static final double[] CUBE = {0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0, 0, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1};
    /** The six cube faces as quads (0-based, outward). */
    static final int[][] QUADS = {{0, 2, 3, 1}, {4, 5, 7, 6}, {0, 1, 5, 4}, {2, 6, 7, 3}, {0, 4, 6, 2}, {1, 3, 7, 5}};

    @TempDir
    Path dir;

    private static ByteArrayInputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void assertCube(Mesh m) {
        assertEquals(8, m.vertexCount(), m.toString());
        assertEquals(12, m.triangleCount(), m.toString());
        assertArrayEquals(CUBE, m.vertices(), 0);
        assertEquals(6, m.area(), 1e-12);
    }

    static String cubeOff() {
        StringBuilder s = new StringBuilder("OFF 8 6 12\n# a unit cube\n");
        for (int v = 0; v < 8; v++) {
            s.append(CUBE[3 * v]).append(' ').append(CUBE[3 * v + 1]).append(' ').append(CUBE[3 * v + 2]).append('\n');
        }
        for (int[] q : QUADS) {
            s.append("4 ").append(q[0]).append(' ').append(q[1]).append(' ').append(q[2]).append(' ').append(q[3])
                    .append(" 0.5 0.5 0.5\n");
        }
        return s.toString();
    }

    static String cubeObj() {
        StringBuilder s = new StringBuilder("# cube\nmtllib cube.mtl\no cube\n");
        for (int v = 0; v < 8; v++) {
            s.append("v ").append(CUBE[3 * v]).append(' ').append(CUBE[3 * v + 1]).append(' ')
                    .append(CUBE[3 * v + 2]).append('\n');
        }
        s.append("vt 0 0\nvn 0 0 1\ng side\ns off\nusemtl grey\n");
        for (int[] q : QUADS) {
            s.append("f ").append(q[0] + 1).append(' ').append(q[1] + 1).append(' ').append(q[2] + 1).append(' ')
                    .append(q[3] + 1).append('\n');
        }
        return s.toString();
    }

    @Test
    void offCubeQuadsAreFanTriangulatedAndFaceColoursSkipped() throws IOException {
        Mesh m = MeshReader.readOff(text(cubeOff()), "cube.off");
        assertCube(m);
        assertEquals("cube.off", m.name());
        assertArrayEquals(new int[] {0, 2, 3}, new int[] {m.corner(0, 0), m.corner(0, 1), m.corner(0, 2)});
        assertArrayEquals(new int[] {0, 3, 1}, new int[] {m.corner(1, 0), m.corner(1, 1), m.corner(1, 2)});
    }

    @Test
    void offVariantsSkipVertexExtrasAndShortFaces() throws IOException {
        String tetra = "0 0 0 %s\n1 0 0 %s\n0 1 0 %s\n0 0 1 %s\n";
        String faces = "3 0 2 1\n3 0 1 3 255 0 0\n3 0 3 2\n3 1 2 3\n2 0 1\n1 3\n";
        for (String head : new String[] {"COFF", "NOFF", "CNOFF", "STOFF", "OFF"}) {
            String extra = head.equals("OFF") ? "" : "0.1 0.2 0.3 1";
            String file = "# made by a test\n\n" + head + "\n# counts on the next line\n4 6 0\n"
                    + String.format(Locale.ROOT, tetra, extra, extra, extra, extra) + faces;
            Mesh m = MeshReader.readOff(text(file.replace("\n", "\r\n")), head + ".off");
            assertEquals(4, m.vertexCount(), head);
            assertEquals(4, m.triangleCount(), head + ": faces of 1 and 2 vertices skipped");
            assertEquals(1.5 + Math.sqrt(3) / 2, m.area(), 1e-12, head);
            assertEquals(1, m.vertex(3, 2), head);
        }
    }

    @Test
    void objCornersOfEveryFormAndNegativeIndices() throws IOException {
        String file = "# corners in every form\n"
                + "v 0 0 0\nv 1 0 0\nv 0 1 0 1.0\nv 1 1 0\n"
                + "vt 0 0\nvt 1 0\nvt 0 1\nvt 1 1\nvn 0 0 -1\n"
                + "f 1/1/1 3/3/1 4/4/1 2/2/1\n"
                + "v 0 0 1\nv 1 0 1\nv 0 1 1\nv 1 1 1\n"
                + "f -4//1 -3//1 -1//1 -2//1\n"   // top: 5 6 8 7
                + "f 1/1 2/2 6/2 5/1\n"
                + "f 3 7 8 4\n"
                + "f -8 -4 \\\n -2 -6\n"           // continuation line: 1 5 7 3
                + "l 1 2\np 1\nfoo bar\nf 2 4 8 6 # right side\nf 1 2\n";
        Mesh m = MeshReader.readObj(text(file), "cube.obj");
        assertCube(m);
        assertArrayEquals(new int[] {4, 5, 7}, new int[] {m.corner(2, 0), m.corner(2, 1), m.corner(2, 2)});
    }

    @Test
    void objNumbersParseExactlyLikeJava() throws IOException {
        String[] numbers = {"0", "-0.5", "+2.", ".25", "1e-3", "-7E+2", "0.000123456789012345", "3.14159265358979323846",
                "1234567890.123456789", "6.02214076E23", "1.7976931348623157e308", "4.9e-324", "100000000000000000000",
                "0.1", "0.7", "123456.789012", "-9.999999999999999e-23"};
        StringBuilder s = new StringBuilder();
        for (String n : numbers) {
            s.append("v ").append(n).append(' ').append(n).append(" 1\n");
        }
        s.append("f 1 2 3\n");
        Mesh m = MeshReader.readObj(text(s.toString()), "numbers.obj");
        for (int i = 0; i < numbers.length; i++) {
            assertEquals(Double.parseDouble(numbers[i]), m.vertex(i, 0), numbers[i]);
        }
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        double[] values = new double[3000];
        StringBuilder t = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            double x = (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(-30, 30));
            String form = i % 3 == 0 ? Double.toString(x) : String.format(Locale.ROOT, i % 3 == 1 ? "%.6f" : "%.9e", x);
            values[i] = Double.parseDouble(form);
            if (i % 3 == 2) {
                t.append("v ").append(form).append(' ').append(form).append(' ').append(form).append('\n');
            } else {
                t.append("v ").append(form).append(" 0 0\n");
            }
        }
        t.append("f 1 2 3\n");
        Mesh random = MeshReader.readObj(text(t.toString()), "random.obj");
        for (int i = 0; i < values.length; i++) {
            assertEquals(values[i], random.vertex(i, 0), "vertex " + i);
        }
    }

    /** A binary PLY cube with extra vertex properties (one a list), an extra face property and an edge element. */
    static byte[] cubePly(ByteOrder order) throws IOException {
        String header = "ply\nformat " + (order == ByteOrder.LITTLE_ENDIAN ? "binary_little_endian" : "binary_big_endian")
                + " 1.0\ncomment binary cube\nobj_info test\n"
                + "element vertex 8\nproperty float32 x\nproperty uchar red\nproperty float y\n"
                + "property list uint8 int16 tags\nproperty double z\nproperty ushort id\n"
                + "element face 6\nproperty int flags\nproperty list uchar uint vertex_indices\nproperty short label\n"
                + "element edge 2\nproperty int vertex1\nproperty list ushort float64 weights\nproperty int vertex2\n"
                + "end_header\n";
        ByteBuffer b = ByteBuffer.allocate(4096).order(order);
        b.put(header.getBytes(StandardCharsets.US_ASCII));
        for (int v = 0; v < 8; v++) {
            b.putFloat((float) CUBE[3 * v]).put((byte) 200).putFloat((float) CUBE[3 * v + 1]);
            b.put((byte) (v % 3));
            for (int k = 0; k < v % 3; k++) {
                b.putShort((short) -k);
            }
            b.putDouble(CUBE[3 * v + 2]).putShort((short) 60000);
        }
        for (int[] q : QUADS) {
            b.putInt(-1).put((byte) 4);
            for (int i : q) {
                b.putInt(i);
            }
            b.putShort((short) 7);
        }
        for (int e = 0; e < 2; e++) {
            b.putInt(e).putShort((short) 3).putDouble(0.5).putDouble(1.5).putDouble(2.5).putInt(e + 1);
        }
        return Arrays.copyOf(b.array(), b.position());
    }

    @Test
    void plyBinaryBothEndiannessesSkipExtraPropertiesAndElements() throws IOException {
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            Mesh m = MeshReader.readPly(new ByteArrayInputStream(cubePly(order)), "cube.ply");
            assertCube(m);
        }
    }

    @Test
    void plyAsciiWithColoursListsAndEdges() throws IOException {
        String file = "ply\r\nformat ascii 1.0\r\ncomment tetrahedron\r\n"
                + "element vertex 4\nproperty double x\nproperty double y\nproperty double z\nproperty uchar red\n"
                + "property list uchar float tex\n"
                + "element face 5\nproperty list uchar int vertex_index\nproperty uchar green\n"
                + "element edge 1\nproperty list uint8 int32 ends\nend_header\n"
                + "0 0 0 255 2 0.5 0.5\n1 0 0 255 0\n0 1 0 0 1 1e3\n0 0 1 0 0\n"
                + "3 0 2 1 9\n3 0 1 3 9\n3 0 3 2\n9\n3 1 2 3 9\n2 0 1 9\n"
                + "2 0 1\n";
        Mesh m = MeshReader.readPly(text(file), "tetra.ply");
        assertEquals(4, m.vertexCount());
        assertEquals(4, m.triangleCount());
        assertEquals(1.5 + Math.sqrt(3) / 2, m.area(), 1e-12);
    }

    @Test
    void readChoosesTheFormatByExtensionInAnyCase() throws IOException {
        Files.writeString(dir.resolve("cube.OFF"), cubeOff(), StandardCharsets.ISO_8859_1);
        Files.writeString(dir.resolve("cube.Obj"), cubeObj(), StandardCharsets.ISO_8859_1);
        Files.write(dir.resolve("cube.ply"), cubePly(ByteOrder.BIG_ENDIAN));
        for (String name : new String[] {"cube.OFF", "cube.Obj", "cube.ply"}) {
            Mesh m = MeshReader.read(dir.resolve(name));
            assertCube(m);
            assertEquals(name, m.name());
        }
    }

    @Test
    void largeMeshesRoundTripThroughObjAndBinaryPly() throws IOException {
        Mesh sphere = Shapes.sphere(5);
        double[] v = sphere.vertices();
        int[] t = sphere.triangles();
        StringBuilder obj = new StringBuilder();
        for (int i = 0; i < v.length; i += 3) {
            obj.append("v ").append(v[i]).append(' ').append(v[i + 1]).append(' ').append(v[i + 2]).append('\n');
        }
        for (int i = 0; i < t.length; i += 3) {
            obj.append("f ").append(t[i] + 1).append(' ').append(t[i + 1] + 1).append(' ').append(t[i + 2] + 1)
                    .append('\n');
        }
        Mesh fromObj = MeshReader.readObj(text(obj.toString()), "sphere.obj");
        assertArrayEquals(v, fromObj.vertices(), 0);
        assertArrayEquals(t, fromObj.triangles());

        String header = "ply\nformat binary_little_endian 1.0\nelement vertex " + v.length / 3
                + "\nproperty double x\nproperty double y\nproperty double z\nelement face " + t.length / 3
                + "\nproperty list uchar int vertex_indices\nend_header\n";
        ByteBuffer b = ByteBuffer.allocate(header.length() + 8 * v.length + 13 * t.length / 3)
                .order(ByteOrder.LITTLE_ENDIAN);
        b.put(header.getBytes(StandardCharsets.US_ASCII));
        for (double x : v) {
            b.putDouble(x);
        }
        for (int i = 0; i < t.length; i += 3) {
            b.put((byte) 3).putInt(t[i]).putInt(t[i + 1]).putInt(t[i + 2]);
        }
        Mesh fromPly = MeshReader.readPly(new ByteArrayInputStream(b.array()), "sphere.ply");
        assertArrayEquals(v, fromPly.vertices(), 0);
        assertArrayEquals(t, fromPly.triangles());
    }

    private static MeshFormatException fails(Path file, String... expected) {
        MeshFormatException e = assertThrows(MeshFormatException.class, () -> MeshReader.read(file));
        for (String s : expected) {
            assertTrue(e.getMessage().contains(s), "'" + e.getMessage() + "' should contain '" + s + "'");
        }
        assertEquals(file.getFileName().toString(), e.file());
        return e;
    }

    @Test
    void truncatedOffNamesTheFileAndLastLine() throws IOException {
        String[] lines = cubeOff().split("\n");
        Path file = dir.resolve("short.off");
        Files.writeString(file, String.join("\n", Arrays.copyOf(lines, 8)) + "\n");
        MeshFormatException e = fails(file, "short.off: line 8: ", "file ends after 6 of 8 vertices");
        assertEquals("line 8", e.location());
        Files.writeString(file, String.join("\n", Arrays.copyOf(lines, 13)));
        fails(file, "short.off: line 13: ", "file ends after 3 of 6 faces");
        Files.writeString(file, "OFF\n3 1 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1 3\n");
        fails(file, "short.off: line 6: vertex index 3 outside 0..2");
        Files.writeString(file, "OFF\n3 0 0\n0 0 0\n1 0 0\n0 1 0\n");
        fails(file, "short.off: no faces");
        Files.writeString(file, "PLY\n3 0 0\n");
        fails(file, "short.off: line 1: not an OFF file");
    }

    @Test
    void badObjIndexAndNumberNameTheLine() throws IOException {
        StringBuilder s = new StringBuilder("# header\n\n");
        for (int i = 0; i < 39; i++) {
            s.append("v ").append(i).append(" 0 0\n");
        }
        Path file = dir.resolve("chair.obj");
        Files.writeString(file, s + "f 1 2 3\nf 1 2 40\n");
        MeshFormatException e = fails(file);
        assertEquals("chair.obj: line 43: face index 40 outside 1..39", e.getMessage());
        assertEquals("line 43", e.location());
        Files.writeString(file, s + "f 1 0 3\n");
        fails(file, "chair.obj: line 42: face index 0 outside");
        Files.writeString(file, s + "f 1 2 -40\n");
        fails(file, "chair.obj: line 42: face index -40 outside");
        Files.writeString(file, s + "f 1 2 x\n");
        fails(file, "chair.obj: line 42: unparsable face index 'x'");
        Files.writeString(file, s + "f 1/a 2 3\n");
        fails(file, "chair.obj: line 42: malformed face corner '1/a'");
        Files.writeString(file, "v 0 0 0\nv 1 0 0\nv 0 1,5 0\nf 1 2 3\n");
        fails(file, "chair.obj: line 3: unparsable y coordinate '1,5'");
        Files.writeString(file, "v 0 0 0\nv 1 0 nan\nv 0 1 0\nf 1 2 3\n");
        fails(file, "chair.obj: line 2: unparsable z coordinate 'nan'");
        Files.writeString(file, "v 0 0 0\nv 1 0 1e999\nv 0 1 0\nf 1 2 3\n");
        fails(file, "chair.obj: line 2: z coordinate '1e999' out of range");
        Files.writeString(file, "v 0 0 0\nv 1 0\n");
        fails(file, "chair.obj: line 2: missing z coordinate");
        Files.writeString(file, "v 0 0 0\nv 1 0 0\nv 1 1 0\nl 1 2\n");
        fails(file, "chair.obj: no faces");
    }

    @Test
    void truncatedBinaryPlyNamesTheByteWhereDataRanOut() throws IOException {
        byte[] whole = cubePly(ByteOrder.LITTLE_ENDIAN);
        Path file = dir.resolve("cube.ply");
        Files.write(file, Arrays.copyOf(whole, whole.length - 30));
        MeshFormatException e = fails(file, "cube.ply: byte " + (whole.length - 30) + ": unexpected end of data");
        assertEquals("byte " + (whole.length - 30), e.location());
        ByteBuffer bad = ByteBuffer.wrap(whole.clone()).order(ByteOrder.LITTLE_ENDIAN);
        int header = new String(whole, StandardCharsets.ISO_8859_1).indexOf("end_header\n") + 11;
        int vertexBytes = 8 * (4 + 1 + 4 + 1 + 8 + 2) + 2 * (0 + 1 + 2 + 0 + 1 + 2 + 0 + 1); // list of v % 3 shorts
        int firstIndex = header + vertexBytes + 4 + 1;
        bad.putInt(firstIndex + 8, 8);
        Files.write(file, bad.array());
        fails(file, "cube.ply: byte " + (firstIndex + 8) + ": vertex index 8 outside 0..7 in face 0");
    }

    @Test
    void wrongPlyHeadersNameTheLine() throws IOException {
        Path file = dir.resolve("head.ply");
        Files.writeString(file, "ply\nformat binary_middle_endian 1.0\nend_header\n");
        fails(file, "head.ply: line 2: unknown PLY format 'binary_middle_endian'");
        Files.writeString(file, "PLY\nformat ascii 1.0\nend_header\n");
        fails(file, "head.ply: line 1: not a PLY file");
        Files.writeString(file, "ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\n"
                + "property long z\nend_header\n");
        fails(file, "head.ply: line 6: unknown PLY property type 'long'");
        Files.writeString(file, "ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\n");
        fails(file, "head.ply: line 5: file ends inside the header");
        Files.writeString(file, "ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\n"
                + "element face 1\nproperty list uchar int vertex_indices\nend_header\n0 0\n1 0\n0 1\n3 0 1 2\n");
        fails(file, "head.ply: line 3: element vertex has no scalar property z");
        Files.writeString(file, "ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\n"
                + "property float z\nelement face 1\nproperty list uchar int vertex_indices\nend_header\n"
                + "0 0 0\n1 0 0\n0 1 0\n3 0 1\n");
        fails(file, "head.ply: line 13: file ends in face 0 of 1");
    }

    @Test
    void crlfAndCrLineEndsCountOnceAndBinaryDataFollowsACrlfHeader() throws IOException {
        Path file = dir.resolve("dos.obj");
        Files.writeString(file, "v 0 0 0\r\nv 1 0 0\r\n\r\nv 0 1 0\r\nf 1 2 4\r\n");
        fails(file, "dos.obj: line 5: face index 4 outside 1..3");
        Files.writeString(file, "v 0 0 0\rv 1 0 0\r\rv 0 1 0\rf 1 2 4\r");
        fails(file, "dos.obj: line 5: face index 4 outside 1..3");
        byte[] ply = cubePly(ByteOrder.LITTLE_ENDIAN);
        String text = new String(ply, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("end_header\n") + 11;
        byte[] header = text.substring(0, end).replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] dos = Arrays.copyOf(header, header.length + ply.length - end);
        System.arraycopy(ply, end, dos, header.length, ply.length - end);
        assertCube(MeshReader.readPly(new ByteArrayInputStream(dos), "dos.ply"));
    }

    @Test
    void unknownExtensionAndMissingFile() throws IOException {
        Path file = dir.resolve("model.stl");
        Files.writeString(file, "solid x\nendsolid x\n");
        MeshFormatException e = fails(file, "model.stl: ", "'.stl'", ".off, .obj, .ply");
        assertEquals(null, e.location());
        Path missing = dir.resolve("missing.obj");
        NoSuchFileException gone = assertThrows(NoSuchFileException.class, () -> MeshReader.read(missing));
        assertTrue(gone.getMessage().contains("missing.obj"), gone.getMessage());
    }

    @Test
    void exceptionMessageJoinsFileLocationAndReason() {
        MeshFormatException e = new MeshFormatException("chair.obj", "line 12", "face index 40 outside 1..39");
        assertEquals("chair.obj: line 12: face index 40 outside 1..39", e.getMessage());
        assertEquals("chair.obj", e.file());
        assertEquals("line 12", e.location());
        assertEquals("face index 40 outside 1..39", e.reason());
        assertEquals("x.off: no faces", new MeshFormatException("x.off", null, "no faces").getMessage());
    }

    @Test
    void readsFromAStreamThatDeliversFewBytesAtATime() throws IOException {
        byte[] ply = cubePly(ByteOrder.BIG_ENDIAN);
        java.io.InputStream slow = new java.io.FilterInputStream(new ByteArrayInputStream(ply)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 3));
            }
        };
        assertCube(MeshReader.readPly(slow, "slow.ply"));
        ByteArrayOutputStream crlf = new ByteArrayOutputStream();
        crlf.writeBytes(cubeObj().replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII));
        java.io.InputStream slowText = new java.io.FilterInputStream(new ByteArrayInputStream(crlf.toByteArray())) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1));
            }
        };
        assertCube(MeshReader.readObj(slowText, "slow.obj"));
    }
}
