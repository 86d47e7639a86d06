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

    /** The seed mesh as text: {@code header}, then each vertex as {@code vertex} + x y z, each face as {@code face}. */
    private static String text(Mesh m, String header, String vertex, String face, int firstIndex) {
        StringBuilder b = new StringBuilder(header);
        for (int v = 0; v < m.vertexCount(); v++) {
            b.append(String.format(Locale.ROOT, "%s%.4f %.4f %.4f%n", vertex, m.vertex(v, 0), m.vertex(v, 1), m.vertex(v, 2)));
        }
        for (int t = 0; t < m.triangleCount(); t++) {
            b.append(face).append(m.corner(t, 0) + firstIndex).append(' ').append(m.corner(t, 1) + firstIndex).append(' ')
                    .append(m.corner(t, 2) + firstIndex).append('\n');
        }
        return b.toString();
    }

    static String obj(Mesh m) {
        return text(m, "# a box\n", "v ", "f ", 1);
    }

    private static String plyHeader(Mesh m, String format) {
        return "ply\nformat " + format + " 1.0\nelement vertex " + m.vertexCount()
                + "\nproperty float x\nproperty float y\nproperty float z\nelement face " + m.triangleCount()
                + "\nproperty list uchar int vertex_indices\nend_header\n";
    }

    private static byte[] plyBinary(Mesh m) {
        String header = plyHeader(m, "binary_little_endian");
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

    /** A mesh-file reader: {@link MeshReader#read} on the files {@link #write} makes. */
    private abstract static class MeshFiles implements FuzzTarget {
        private final String name;

        MeshFiles(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void read(Path file) throws IOException {
            MeshReader.read(file);
        }
    }

    /** OFF files. */
    public static final class Off extends MeshFiles {
        public Off() {
            super("off");
        }

        @Override
        public List<Path> seeds(Path dir) throws IOException {
            return List.of(Files.writeString(dir.resolve("box.off"),
                    text(SEED, "OFF\n" + SEED.vertexCount() + " " + SEED.triangleCount() + " 0\n", "", "3 ", 0)));
        }
    }

    /** Wavefront OBJ files. */
    public static final class Obj extends MeshFiles {
        public Obj() {
            super("obj");
        }

        @Override
        public List<Path> seeds(Path dir) throws IOException {
            return List.of(Files.writeString(dir.resolve("box.obj"), obj(SEED)));
        }
    }

    /** PLY files, ASCII and binary. */
    public static final class Ply extends MeshFiles {
        public Ply() {
            super("ply");
        }

        @Override
        public List<Path> seeds(Path dir) throws IOException {
            Path binary = Files.createDirectories(dir.resolve("binary"));
            return List.of(Files.writeString(dir.resolve("box.ply"), text(SEED, plyHeader(SEED, "ascii"), "", "3 ", 0)),
                    Files.write(binary.resolve("box.ply"), plyBinary(SEED)));
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
