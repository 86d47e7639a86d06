package org.cgml.tasks.spectral;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A Sweet Home 3D furniture library ({@code .sh3f}, a zip as shipped by Debian's sweethome3d-furniture): the models
 * listed in its {@code PluginFurnitureCatalog.properties} ({@code id#N}, {@code name#N}, {@code category#N},
 * {@code model#N}, {@code modelRotation#N}...) whose model is an OBJ file inside the zip.
 *
 * <p>To load many models, open the catalogue once and keep it open while loading:
 * <pre>{@code
 * try (FurnitureCatalog catalog = FurnitureCatalog.open(path)) {
 *     for (FurnitureCatalog.Model m : catalog.models()) {
 *         Mesh mesh = catalog.load(m);
 *     }
 * }
 * }</pre>
 * The static {@link #models(Path)} and {@link #load(Path, Model)} open the zip for each call.
 */
public final class FurnitureCatalog implements AutoCloseable {
    /** The properties file that lists the models. */
    public static final String PROPERTIES = "PluginFurnitureCatalog.properties";

    /**
     * A catalogue model: {@code catalog} is the catalogue's file name, {@code number} the N of its {@code #N} keys,
     * {@code entry} the model path inside the zip as the properties give it (starting with '/').
     */
    public record Model(String catalog, int number, String id, String name, String category, String entry) {
    }

    private final String fileName;
    /** The most one model entry may inflate to (a catalogue's OBJ models are a few MB at most). */
    static final long MAX_ENTRY_BYTES = 64L << 20;
    /** The most the model listing may inflate to. */
    static final long MAX_LISTING_BYTES = 8L << 20;
    /** The largest catalogue file opened (2 GiB; Sweet Home 3D's catalogues are tens of MB). */
    public static final long MAX_FILE_BYTES = 2L << 30;
    private final ZipFile zip;
    private final List<Model> models;
    private final Map<Integer, double[]> rotations;

    private FurnitureCatalog(String fileName, ZipFile zip, List<Model> models, Map<Integer, double[]> rotations) {
        this.fileName = fileName;
        this.zip = zip;
        this.models = models;
        this.rotations = rotations;
    }

    /**
     * Opens the catalogue {@code sh3f} and reads its model list; close it when done. Only a regular file (links
     * followed) of at most {@link #MAX_FILE_BYTES} is opened: a folder, FIFO or device is refused by name.
     */
    public static FurnitureCatalog open(Path sh3f) throws IOException {
        org.cgml.api.InputFiles.requireRegular(sh3f, MAX_FILE_BYTES, "a furniture catalogue (.sh3f)");
        Path fn = sh3f.getFileName();
        String fileName = fn == null ? sh3f.toString() : fn.toString();
        ZipFile zip;
        try {
            zip = new ZipFile(sh3f.toFile());
        } catch (ZipException e) {
            throw new MeshFormatException(fileName, null, "not a zip file (" + e.getMessage() + ")");
        }
        try {
            ZipEntry listing = zip.getEntry(PROPERTIES);
            if (listing == null) {
                throw new MeshFormatException(fileName, null, "no " + PROPERTIES + " in the zip");
            }
            Properties p = new Properties();
            try (InputStream in = new CappedInput(zip.getInputStream(listing), fileName + ":" + PROPERTIES,
                    MAX_LISTING_BYTES)) {
                p.load(in);
            } catch (IllegalArgumentException e) {
                throw new MeshFormatException(fileName, PROPERTIES, "malformed properties (" + e.getMessage() + ")");
            }
            List<Model> models = new ArrayList<>();
            Map<Integer, double[]> rotations = new HashMap<>();
            for (String key : p.stringPropertyNames()) {
                if (!key.startsWith("model#")) {
                    continue;
                }
                int number;
                try {
                    number = Integer.parseInt(key.substring("model#".length()));
                } catch (NumberFormatException e) {
                    throw new MeshFormatException(fileName, PROPERTIES, "bad model key '" + key + "'");
                }
                String entry = p.getProperty(key).trim();
                if (!entry.toLowerCase(Locale.ROOT).endsWith(".obj")) {
                    continue;
                }
                if (zip.getEntry(zipPath(entry)) == null) {
                    throw new MeshFormatException(fileName, key, "model entry " + entry + " is not in the zip");
                }
                String id = p.getProperty("id#" + number, "").trim();
                String name = p.getProperty("name#" + number, "").trim();
                String category = p.getProperty("category#" + number, "").trim();
                models.add(new Model(fileName, number, id, name.isEmpty() ? id : name, category, entry));
                String rotation = p.getProperty("modelRotation#" + number);
                if (rotation != null) {
                    rotations.put(number, rotation(fileName, number, rotation));
                }
            }
            models.sort(Comparator.comparingInt(Model::number));
            return new FurnitureCatalog(fileName, zip, List.copyOf(models), rotations);
        } catch (IOException | RuntimeException e) {
            zip.close();
            throw e;
        }
    }

    private static double[] rotation(String fileName, int number, String text) throws MeshFormatException {
        String[] parts = text.trim().split("\\s+");
        if (parts.length != 9) {
            throw new MeshFormatException(fileName, "modelRotation#" + number,
                    "a rotation needs 9 numbers, not " + parts.length);
        }
        double[] m = new double[9];
        for (int i = 0; i < 9; i++) {
            try {
                m[i] = Double.parseDouble(parts[i]);
            } catch (NumberFormatException e) {
                throw new MeshFormatException(fileName, "modelRotation#" + number, "unparsable number '" + parts[i]
                        + "'");
            }
            if (!Double.isFinite(m[i])) {
                throw new MeshFormatException(fileName, "modelRotation#" + number, "non-finite number " + parts[i]);
            }
        }
        return m;
    }

    private static String zipPath(String entry) {
        return entry.startsWith("/") ? entry.substring(1) : entry;
    }

    /** The catalogue's file name. */
    public String fileName() {
        return fileName;
    }

    /** The OBJ models of this catalogue, by number. */
    public List<Model> models() {
        return models;
    }

    /** The rotation (row-major 3x3) that {@link #load(Model)} applies to {@code model}, or null for none. */
    public double[] rotation(Model model) {
        double[] m = rotations.get(model.number());
        return m == null ? null : m.clone();
    }

    /**
     * Reads {@code model} (one of {@link #models()}) from the zip, rotated by its {@code modelRotation} if it has
     * one; the mesh is named {@code catalogFileName:entry}.
     */
    public Mesh load(Model model) throws IOException {
        if (!model.catalog().equals(fileName) || !models.contains(model)) {
            throw new IllegalArgumentException(model.catalog() + " model " + model.number() + " is not in " + fileName);
        }
        ZipEntry entry = zip.getEntry(zipPath(model.entry()));
        if (entry == null) {
            throw new MeshFormatException(fileName, "model#" + model.number(),
                    "model entry " + model.entry() + " is not in the zip");
        }
        Mesh mesh;
        try (InputStream in = new CappedInput(zip.getInputStream(entry), fileName + ":" + model.entry(),
                MAX_ENTRY_BYTES)) {
            mesh = MeshReader.readObj(in, fileName + ":" + model.entry());
        }
        double[] m = rotations.get(model.number());
        return m == null ? mesh : mesh.transformed(m);
    }

    /** Closes the zip. */
    @Override
    public void close() throws IOException {
        zip.close();
    }

    /** The OBJ models of catalogue {@code sh3f}, by number. */
    public static List<Model> models(Path sh3f) throws IOException {
        try (FurnitureCatalog c = open(sh3f)) {
            return c.models();
        }
    }

    /** Reads one model of catalogue {@code sh3f} (opens the zip for this call alone; see {@link #open}). */
    public static Mesh load(Path sh3f, Model model) throws IOException {
        try (FurnitureCatalog c = open(sh3f)) {
            return c.load(model);
        }
    }
}
