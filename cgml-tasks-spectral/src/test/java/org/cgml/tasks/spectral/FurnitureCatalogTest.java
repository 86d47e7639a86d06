package org.cgml.tasks.spectral;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FurnitureCatalogTest {
    static final String TETRA = "# tetrahedron\nmtllib tetra.mtl\nv 0 0 0\nv 2 0 0\nv 0 1 0\nv 0 0 1\nvt 0 0\n"
            + "usemtl red\nf 1/1 3/1 2/1\nf 1/1 2/1 4/1\nf 1/1 4/1 3/1\nf 2/1 3/1 4/1\n";

    @TempDir
    Path dir;

    /** Writes a zip called {@code name} holding {@code entries} (path -> ISO-8859-1 content). */
    private Path zip(String name, Map<String, String> entries) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(StandardCharsets.ISO_8859_1));
                zip.closeEntry();
            }
        }
        return file;
    }

    private Path library(String properties) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("LICENSE.TXT", "public domain\n");
        entries.put(FurnitureCatalog.PROPERTIES, properties);
        entries.put("PluginFurnitureCatalog_fr.properties", "name#2=Cube\n");
        entries.put("lib/cube/cube.obj", MeshReaderTest.cubeObj());
        entries.put("lib/cube/cube.mtl", "newmtl grey\n");
        entries.put("lib/tetra/tetra.obj", TETRA);
        entries.put("lib/tetra.png", "not really a png");
        entries.put("lib/bad/bad.obj", "v 0 0 0\nv 1 0 0\nf 1 2 3\n");
        return zip("test.sh3f", entries);
    }

    static final String PROPERTIES = "# test library\nid=test\nname=Test catalogue\n\n"
            + "id#10=test#tetra\nname#10=Pyramide \u00e0 trois c\\u00f4t\\u00e9s\ncategory#10=Living room\n"
            + "model#10=/lib/tetra/tetra.obj\nmultiPartModel#10=true\nmodelRotation#10=0 0 1 0 1 0 -1 0 0\n"
            + "icon#10=/lib/tetra.png\n\n"
            + "id#2=test#cube\nname#2=Cube\ncategory#2=Kitchen\nmodel#2=/lib/cube/cube.obj\nwidth#2=100\n\n"
            + "id#3=test#other\nname#3=Other\ncategory#3=Office\nmodel#3=/lib/other/other.3ds\n";

    @Test
    void listsObjModelsByNumberWithNamesAndCategories() throws IOException {
        Path file = library(PROPERTIES);
        List<FurnitureCatalog.Model> models = FurnitureCatalog.models(file);
        assertEquals(List.of(
                new FurnitureCatalog.Model("test.sh3f", 2, "test#cube", "Cube", "Kitchen", "/lib/cube/cube.obj"),
                new FurnitureCatalog.Model("test.sh3f", 10, "test#tetra", "Pyramide \u00e0 trois c\u00f4t\u00e9s",
                        "Living room", "/lib/tetra/tetra.obj")), models);
    }

    @Test
    void loadsModelsAndAppliesTheirRotation() throws IOException {
        Path file = library(PROPERTIES);
        List<FurnitureCatalog.Model> models = FurnitureCatalog.models(file);
        Mesh cube = FurnitureCatalog.load(file, models.get(0));
        assertEquals("test.sh3f:/lib/cube/cube.obj", cube.name());
        assertEquals(12, cube.triangleCount());
        assertArrayEquals(MeshReaderTest.CUBE, cube.vertices(), 0);
        assertEquals(6, cube.area(), 1e-12);

        List<String> seen = new ArrayList<>();
        try (FurnitureCatalog catalog = FurnitureCatalog.open(file)) {
            assertEquals("test.sh3f", catalog.fileName());
            assertNull(catalog.rotation(models.get(0)));
            for (FurnitureCatalog.Model m : catalog.models()) {
                Mesh mesh = catalog.load(m);
                seen.add(mesh.name() + " " + mesh.triangleCount());
                if (m.number() == 10) {
                    // rows (0 0 1), (0 1 0), (-1 0 0): (x, y, z) -> (z, y, -x); vertex 2 (2, 0, 0) -> (0, 0, -2)
                    assertArrayEquals(new double[] {0, 0, -2}, new double[] {mesh.vertex(1, 0), mesh.vertex(1, 1),
                            mesh.vertex(1, 2)}, 0);
                    assertArrayEquals(new double[] {1, 0, 0}, new double[] {mesh.vertex(3, 0), mesh.vertex(3, 1),
                            mesh.vertex(3, 2)}, 0);
                    assertEquals(1 + 1 + 0.5 + 1.5, mesh.area(), 1e-12);
                }
            }
        }
        assertEquals(List.of("test.sh3f:/lib/cube/cube.obj 12", "test.sh3f:/lib/tetra/tetra.obj 4"), seen);
    }

    @Test
    void missingEntriesAndBadModelsAreReportedByCatalogueAndEntry() throws IOException {
        Path missing = library(PROPERTIES + "\nid#4=test#gone\nname#4=Gone\ncategory#4=Office\n"
                + "model#4=/lib/gone/gone.obj\n");
        MeshFormatException e = assertThrows(MeshFormatException.class, () -> FurnitureCatalog.models(missing));
        assertEquals("test.sh3f: model#4: model entry /lib/gone/gone.obj is not in the zip", e.getMessage());

        Path bad = library(PROPERTIES + "\nid#5=test#bad\nname#5=Bad\ncategory#5=Office\nmodel#5=/lib/bad/bad.obj\n");
        try (FurnitureCatalog catalog = FurnitureCatalog.open(bad)) {
            FurnitureCatalog.Model model = catalog.models().get(1);
            assertEquals(5, model.number());
            MeshFormatException obj = assertThrows(MeshFormatException.class, () -> catalog.load(model));
            assertEquals("test.sh3f:/lib/bad/bad.obj: line 3: face index 3 outside 1..2", obj.getMessage());
            FurnitureCatalog.Model foreign = new FurnitureCatalog.Model("other.sh3f", 5, "", "", "", "/x.obj");
            assertThrows(IllegalArgumentException.class, () -> catalog.load(foreign));
        }

        Path rotation = library(PROPERTIES.replace("modelRotation#10=0 0 1 0 1 0 -1 0 0", "modelRotation#10=0 0 1"));
        MeshFormatException r = assertThrows(MeshFormatException.class, () -> FurnitureCatalog.models(rotation));
        assertTrue(r.getMessage().startsWith("test.sh3f: modelRotation#10: "), r.getMessage());

        Path noList = zip("empty.sh3f", Map.of("lib/cube/cube.obj", MeshReaderTest.cubeObj()));
        MeshFormatException none = assertThrows(MeshFormatException.class, () -> FurnitureCatalog.models(noList));
        assertEquals("empty.sh3f: no PluginFurnitureCatalog.properties in the zip", none.getMessage());

        Path notZip = dir.resolve("plain.sh3f");
        Files.writeString(notZip, "hello");
        MeshFormatException plain = assertThrows(MeshFormatException.class, () -> FurnitureCatalog.models(notZip));
        assertTrue(plain.getMessage().startsWith("plain.sh3f: not a zip file"), plain.getMessage());
    }

    /** A model entry that inflates past the cap (comment lines of an OBJ, deflated ~1000:1) stops at the cap. */
    @Test
    void aZipBombEntryStopsAtTheCapWithItsName() throws IOException {
        Path file = dir.resolve("bomb.sh3f");
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(FurnitureCatalog.PROPERTIES));
            zip.write("id#1=x\nname#1=Bomb\ncategory#1=Attic\nmodel#1=/lib/bomb.obj\n".getBytes(StandardCharsets.ISO_8859_1));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("lib/bomb.obj"));
            byte[] comments = "#".repeat(1 << 16).concat("\n").getBytes(StandardCharsets.ISO_8859_1);
            for (long written = 0; written <= FurnitureCatalog.MAX_ENTRY_BYTES; written += comments.length) {
                zip.write(comments);
            }
            zip.closeEntry();
        }
        assertTrue(Files.size(file) < FurnitureCatalog.MAX_ENTRY_BYTES / 100, "small on disk: " + Files.size(file));
        try (FurnitureCatalog c = FurnitureCatalog.open(file)) {
            IOException e = assertThrows(IOException.class, () -> c.load(c.models().get(0)));
            assertTrue(e.getMessage().contains("bomb.sh3f:") && e.getMessage().contains("decompresses to more than"),
                    e.getMessage());
        }
    }
}
