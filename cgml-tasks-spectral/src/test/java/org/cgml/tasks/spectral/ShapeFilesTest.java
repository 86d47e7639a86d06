package org.cgml.tasks.spectral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shapes folder whose mesh and catalogue names hold a FIFO, a link to /dev/zero or a folder: each is named and
 * skipped, never opened (a FIFO blocked the reader on open, /dev/zero fed it forever).
 */
class ShapeFilesTest {

    private static void off(Path file, Mesh m) throws IOException {
        StringBuilder b = new StringBuilder("OFF\n" + m.vertexCount() + " " + m.triangleCount() + " 0\n");
        for (int v = 0; v < m.vertexCount(); v++) {
            b.append(m.vertex(v, 0)).append(' ').append(m.vertex(v, 1)).append(' ').append(m.vertex(v, 2)).append('\n');
        }
        for (int t = 0; t < m.triangleCount(); t++) {
            b.append("3 ").append(m.corner(t, 0)).append(' ').append(m.corner(t, 1)).append(' ').append(m.corner(t, 2))
                    .append('\n');
        }
        Files.writeString(file, b);
    }

    private static void mkfifo(Path file) throws Exception {
        Process p = new ProcessBuilder("mkfifo", file.toString()).start();
        Assumptions.assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo");
    }

    @Test
    void specialFilesAndFoldersAreNamedAndSkipped(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/zero")), "a Unix /dev/zero");
        Path dir = tmp.resolve("shapes");
        Path meshes = Files.createDirectories(dir.resolve("meshes"));
        Path furniture = Files.createDirectories(dir.resolve("furniture"));
        off(meshes.resolve("box.off"), Shapes.box(1, 0.6, 0.4, 2));
        off(meshes.resolve("ellipsoid.off"), Shapes.ellipsoid(1, 0.5, 0.3));
        mkfifo(meshes.resolve("pipe.off"));
        Files.createSymbolicLink(meshes.resolve("zero.obj"), Path.of("/dev/zero"));
        Files.createDirectory(meshes.resolve("x.off"));
        Files.createDirectory(furniture.resolve("folder.sh3f"));
        mkfifo(furniture.resolve("pipe.sh3f"));
        List<String> log = new ArrayList<>();
        SpectralShapes s = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> SpectralShapes.load(dir, SpectralBasis.SPHERICAL_HARMONICS, 6, log::add));
        assertEquals(2, s.shapes().size());
        String all = String.join("\n", log);
        assertTrue(all.contains(meshes.resolve("x.off") + ": is a folder, not a mesh file"), all);
        assertTrue(all.contains(meshes.resolve("pipe.off") + ": is not a regular file"), all);
        assertTrue(all.contains(meshes.resolve("zero.obj") + ": is not a regular file"), all);
        assertTrue(all.contains(furniture.resolve("folder.sh3f") + ": is a folder, not a furniture catalogue"), all);
        assertTrue(all.contains(furniture.resolve("pipe.sh3f") + ": is not a regular file"), all);
    }

    @Test
    void aFolderOfOnlyUnreadableNamesSaysWhy(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("shapes");
        Path meshes = Files.createDirectories(dir.resolve("meshes"));
        Files.createDirectory(meshes.resolve("x.off"));
        IOException e = assertThrows(IOException.class,
                () -> SpectralShapes.load(dir, SpectralBasis.SPHERICAL_HARMONICS, 6, m -> { }));
        assertTrue(e.getMessage().contains(meshes.resolve("x.off") + ": is a folder, not a mesh file"), e.getMessage());
    }

    @Test
    void readersOpenOnlyRegularFiles(@TempDir Path tmp) throws Exception {
        Path folder = Files.createDirectory(tmp.resolve("x.off"));
        IOException dir = assertThrows(IOException.class, () -> MeshReader.read(folder));
        assertEquals(folder + ": is a folder, not a mesh file", dir.getMessage());
        Path catalogue = Files.createDirectory(tmp.resolve("c.sh3f"));
        IOException cat = assertThrows(IOException.class, () -> FurnitureCatalog.open(catalogue));
        assertEquals(catalogue + ": is a folder, not a furniture catalogue (.sh3f)", cat.getMessage());
        Path pipe = tmp.resolve("pipe.ply");
        mkfifo(pipe);
        IOException fifo = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(IOException.class, () -> MeshReader.read(pipe)));
        assertTrue(fifo.getMessage().startsWith(pipe + ": is not a regular file"), fifo.getMessage());
        Path link = Files.createSymbolicLink(tmp.resolve("link.off"), Files.writeString(tmp.resolve("real.txt"),
                "OFF\n3 1\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n"));
        assertEquals(3, MeshReader.read(link).vertexCount(), "a link to a regular file is read");
    }
}
