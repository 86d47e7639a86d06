package org.cgml.tasks.spectral;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.cgml.api.FuzzTarget;

/** The mesh readers offered to {@code cgml bench fuzz}: OFF, OBJ, PLY (ASCII and binary) and Sweet Home 3D catalogues. */
public final class Fuzz {
    private Fuzz() {
    }

    private static final Mesh SEED = Shapes.box(1, 0.6, 0.4, 1);

    private static String off(Mesh m) {
        StringBuilder b = new StringBuilder("OFF\n" + m.vertexCount() + " " + m.triangleCount() + " 0\n");
        for (int v = 0; v < m.vertexCount(); v++) {
            b.append(String.format(Locale.ROOT, "%.4f %.4f %.4f%n", m.vertex(v, 0), m.vertex(v, 1), m.vertex(v, 2)));
        }
        for (int t = 0; t < m.triangleCount(); t++) {
            b.append("3 ").append(m.corner(t, 0)).append(' ').append(m.corner(t, 1)).append(' ').append(m.corner(t, 2))
                    .append('\n');
        }
        return b.toString();
    }

    static String obj(Mesh m) {
        StringBuilder b = new StringBuilder("# a box\n");
        for (int v = 0; v < m.vertexCount(); v++) {
            b.append(String.format(Locale.ROOT, "v %.4f %.4f %.4f%n", m.vertex(v, 0), m.vertex(v, 1), m.vertex(v, 2)));
        }
        for (int t = 0; t < m.triangleCount(); t++) {
            b.append("f ").append(m.corner(t, 0) + 1).append(' ').append(m.corner(t, 1) + 1).append(' ')
                    .append(m.corner(t, 2) + 1).append('\n');
        }
        return b.toString();
    }

    private static String plyAscii(Mesh m) {
        StringBuilder b = new StringBuilder("ply\nformat ascii 1.0\nelement vertex " + m.vertexCount()
                + "\nproperty float x\nproperty float y\nproperty float z\nelement face " + m.triangleCount()
                + "\nproperty list uchar int vertex_indices\nend_header\n");
        for (int v = 0; v < m.vertexCount(); v++) {
            b.append(String.format(Locale.ROOT, "%.4f %.4f %.4f%n", m.vertex(v, 0), m.vertex(v, 1), m.vertex(v, 2)));
        }
        for (int t = 0; t < m.triangleCount(); t++) {
            b.append("3 ").append(m.corner(t, 0)).append(' ').append(m.corner(t, 1)).append(' ').append(m.corner(t, 2))
                    .append('\n');
        }
        return b.toString();
    }

    private static byte[] plyBinary(Mesh m) {
        String header = "ply\nformat binary_little_endian 1.0\nelement vertex " + m.vertexCount()
                + "\nproperty float x\nproperty float y\nproperty float z\nelement face " + m.triangleCount()
                + "\nproperty list uchar int vertex_indices\nend_header\n";
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(header.length() + m.vertexCount() * 12 + m.triangleCount() * 13)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put(header.getBytes(StandardCharsets.US_ASCII));
        for (int v = 0; v < m.vertexCount(); v++) {
            for (int k = 0; k < 3; k++) {
                b.putFloat((float) m.vertex(v, k));
            }
        }
        for (int t = 0; t < m.triangleCount(); t++) {
            b.put((byte) 3);
            for (int k = 0; k < 3; k++) {
                b.putInt(m.corner(t, k));
            }
        }
        return b.array();
    }

    /** OFF files. */
    public static final class Off implements FuzzTarget {
        @Override
        public String name() {
            return "off";
        }

        @Override
        public List<Path> seeds(Path dir) throws IOException {
            return List.of(Files.writeString(dir.resolve("box.off"), off(SEED)));
        }

        @Override
        public void read(Path file) throws IOException {
            MeshReader.read(file);
        }
    }

    /** Wavefront OBJ files. */
    public static final class Obj implements FuzzTarget {
        @Override
        public String name() {
            return "obj";
        }

        @Override
        public List<Path> seeds(Path dir) throws IOException {
            return List.of(Files.writeString(dir.resolve("box.obj"), obj(SEED)));
        }

        @Override
        public void read(Path file) throws IOException {
            MeshReader.read(file);
        }
    }

    /** PLY files, ASCII and binary. */
    public static final class Ply implements FuzzTarget {
        @Override
        public String name() {
            return "ply";
        }

        @Override
        public List<Path> seeds(Path dir) throws IOException {
            Path binary = dir.resolve("binary");
            Files.createDirectories(binary);
            return List.of(Files.writeString(dir.resolve("box.ply"), plyAscii(SEED)),
                    Files.write(binary.resolve("box.ply"), plyBinary(SEED)));
        }

        @Override
        public void read(Path file) throws IOException {
            MeshReader.read(file);
        }
    }

    /** Sweet Home 3D furniture catalogues (.sh3f zips): the listing and every model. */
    public static final class Sh3f implements FuzzTarget {
        @Override
        public String name() {
            return "sh3f";
        }

        @Override
        public List<Path> seeds(Path dir) throws IOException {
            Path file = dir.resolve("catalogue.sh3f");
            try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
                zip.putNextEntry(new ZipEntry(FurnitureCatalog.PROPERTIES));
                zip.write(("id=fuzz\nname#1=Box\ncategory#1=Office\nmodel#1=/lib/box.obj\nmodelRotation#1=1 0 0 0 1 0 0 0 1\n"
                        + "name#2=Box too\ncategory#2=Kitchen\nmodel#2=/lib/box2.obj\n").getBytes(StandardCharsets.ISO_8859_1));
                zip.closeEntry();
                for (String entry : List.of("lib/box.obj", "lib/box2.obj")) {
                    zip.putNextEntry(new ZipEntry(entry));
                    zip.write(obj(SEED).getBytes(StandardCharsets.US_ASCII));
                    zip.closeEntry();
                }
            }
            return List.of(file);
        }

        @Override
        public void read(Path file) throws IOException {
            try (FurnitureCatalog c = FurnitureCatalog.open(file)) {
                for (FurnitureCatalog.Model m : c.models()) {
                    c.load(m);
                }
            }
        }
    }
}
