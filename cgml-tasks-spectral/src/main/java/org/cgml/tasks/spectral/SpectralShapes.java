package org.cgml.tasks.spectral;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A set of shapes as 2D coefficient maps (paper section 5.4): every mesh of a shapes folder normalised into the unit
 * ball and transformed to its spherical-harmonic map (radial function, degree by order) or its 3D-Zernike map
 * (invariant norms, order by degree), with the rotation-invariant descriptor beside it, a category where the model
 * has one (the furniture catalogues) and a fixed train/test split by model. Computed maps are cached in the folder.
 */
public final class SpectralShapes {
    /** Points sampled per shape for the Zernike voxelisation. */
    static final int ZERNIKE_POINTS = 100_000;
    /** Voxel grid side for the Zernike moments. */
    static final int ZERNIKE_GRID = Zernike3d.DEFAULT_RESOLUTION;
    private static final int CACHE_VERSION = 2;
    /** Models a furniture category needs to be one of the probe's classes (the labelled set). */
    public static final int MIN_PER_CLASS = 10;

    /**
     * One shape: its name ({@code catalogue:entry} or file name), category ("" when unlabelled), split, its
     * coefficient map (side x side, row-major, in [-1, 1]) and its rotation-invariant descriptor.
     */
    public record Shape(String name, String category, boolean test, float[] map, double[] invariants) {
    }

    private final SpectralBasis basis;
    private final int degree;
    private final List<Shape> shapes;
    private final List<String> skipped;

    private SpectralShapes(SpectralBasis basis, int degree, List<Shape> shapes, List<String> skipped) {
        this.basis = basis;
        this.degree = degree;
        this.shapes = List.copyOf(shapes);
        this.skipped = List.copyOf(skipped);
    }

    public SpectralBasis basis() {
        return basis;
    }

    /** The degree L (spherical harmonics) or order N (Zernike): maps are (degree + 1) x (degree + 1). */
    public int degree() {
        return degree;
    }

    /** Side of the square coefficient map. */
    public int side() {
        return degree + 1;
    }

    public List<Shape> shapes() {
        return shapes;
    }

    /** Models that could not be read or transformed, each with the reason (they are left out, not fatal). */
    public List<String> skipped() {
        return skipped;
    }

    /** Shapes of one split. */
    public List<Shape> split(boolean test) {
        return shapes.stream().filter(s -> s.test() == test).toList();
    }

    /** The categories with at least {@code minPerClass} shapes, sorted by name: the probe's classes. */
    public List<String> classes(int minPerClass) {
        Map<String, Integer> count = new TreeMap<>();
        shapes.stream().filter(s -> !s.category().isEmpty()).forEach(s -> count.merge(s.category(), 1, Integer::sum));
        return count.entrySet().stream().filter(e -> e.getValue() >= minPerClass).map(Map.Entry::getKey).toList();
    }

    /**
     * The {@code spectral-denoise} input of an uncorrupted map (every cell known): the map and a known-cell channel
     * of ones, interleaved; what the probe encodes.
     */
    public static float[] cleanInput(float[] map) {
        float[] in = new float[2 * map.length];
        for (int i = 0; i < map.length; i++) {
            in[2 * i] = map[i];
            in[2 * i + 1] = 1f;
        }
        return in;
    }

    /** Whether a model goes to the test split: a fixed fifth of the models, chosen by a hash of the name. */
    public static boolean isTest(String name) {
        long h = name.hashCode() * 0x9E3779B97F4A7C15L;
        return Math.floorMod(h >>> 32, 5) == 0;
    }

    /** The coefficient map of one mesh (normalised here) with its invariant descriptor. */
    public static Shape transform(Mesh mesh, String category, SpectralBasis basis, int degree) {
        Mesh m = mesh.normalised();
        return switch (basis) {
            case SPHERICAL_HARMONICS -> {
                SphericalHarmonics sh = new SphericalHarmonics(degree);
                double[] r = RadialFunction.of(m, sh);
                long hits = java.util.Arrays.stream(r).filter(v -> v > 0).count();
                if (hits == 0) {
                    throw new IllegalArgumentException("no ray from the centroid meets the surface (a flat model"
                            + " through its centroid): no radial function");
                }
                double[] c = sh.analyse(r);
                yield new Shape(mesh.name(), category, isTest(mesh.name()), sh.toMap(c, shScale()),
                        SphericalHarmonics.degreeNorms(c, degree));
            }
            case ZERNIKE_3D -> {
                Zernike3d z = new Zernike3d(degree, ZERNIKE_GRID);
                double[] points = SurfaceSampler.sample(m, ZERNIKE_POINTS, mesh.name().hashCode());
                double[] norms = z.descriptor(points);
                yield new Shape(mesh.name(), category, isTest(mesh.name()), z.toMap(norms, 1), norms);
            }
        };
    }

    /**
     * The scale that puts spherical-harmonic maps into [-1, 1]: sqrt(4 pi), since every |c_lm| is at most the
     * radial function's L2 norm on the sphere, at most sqrt(4 pi) for a shape in the unit ball.
     */
    public static double shScale() {
        return Math.sqrt(4 * Math.PI);
    }

    /**
     * The set a {@code --data} value names: {@code synthetic} (60 generated shapes) or {@code synthetic:N} (N >= 10)
     * for {@link #synthetic}, else a shapes folder for {@link #load}.
     */
    public static SpectralShapes of(String data, SpectralBasis basis, int degree, long seed, Consumer<String> progress)
            throws IOException {
        if (!data.startsWith("synthetic")) {
            return load(Path.of(data), basis, degree, progress);
        }
        int n;
        try {
            n = data.equals("synthetic") ? 60 : Integer.parseInt(data.substring("synthetic:".length()));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("--data synthetic:N needs a whole number N (got " + data + ")");
        }
        if (n < 10) {
            throw new IllegalArgumentException("--data synthetic:N needs N >= 10 (got " + n + ")");
        }
        return synthetic(basis, degree, n, seed);
    }

    /** A seeded synthetic set: {@code count} shapes of {@link Shapes#family} (category = family; for tests). */
    public static SpectralShapes synthetic(SpectralBasis basis, int degree, int count, long seed) {
        List<Shape> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Mesh m = Shapes.family(seed, i);
            String family = Shapes.FAMILIES.get(i % Shapes.FAMILIES.size());
            Shape s = transform(m, family, basis, degree);
            // a fixed fifth to test, by index so that tiny sets still have both splits
            out.add(new Shape(s.name(), s.category(), i % 5 == 4, s.map(), s.invariants()));
        }
        return new SpectralShapes(basis, degree, out, List.of());
    }

    /**
     * The shapes of {@code dir}: every model of the furniture catalogues in {@code dir/furniture/*.sh3f} (with its
     * category) and every mesh file in {@code dir/meshes/} (.off, .obj, .ply; unlabelled), as made by
     * {@code scripts/fetch-data.sh shapes}. Maps are computed on both cores the first time and cached in
     * {@code dir/cache/} with a table of the set ({@code <basis>-<degree>.csv}: name, category, split, probe
     * class); unreadable models are skipped and listed. {@code progress} receives one-line reports.
     */
    public static SpectralShapes load(Path dir, SpectralBasis basis, int degree, Consumer<String> progress)
            throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir + " (no shapes folder: run scripts/fetch-data.sh shapes, or give a folder"
                    + " holding furniture/*.sh3f and/or meshes/*.off|obj|ply)");
        }
        List<String> refused = new ArrayList<>();
        List<Source> sources = sources(dir, refused);
        if (sources.isEmpty()) {
            throw new NoSuchFileException(dir + " holds no furniture/*.sh3f and no meshes/*.off|obj|ply"
                    + (refused.isEmpty() ? "" : " that can be read: " + String.join("; ", refused)));
        }
        for (String r : refused) {
            progress.accept("shapes: skipped " + r);
        }
        String fingerprint = fingerprint(sources);
        Path cache = dir.resolve("cache").resolve(String.format(Locale.ROOT, "%s-%d.bin",
                basis.name().toLowerCase(Locale.ROOT), degree));
        SpectralShapes cached = readCache(cache, basis, degree, fingerprint);
        if (cached != null) {
            if (!Files.exists(manifest(cache))) {
                writeManifest(manifest(cache), cached);
            }
            progress.accept("shapes: " + cached.shapes.size() + " " + basis + " maps from " + cache);
            return cached;
        }
        List<FurnitureCatalog> catalogues = new ArrayList<>();
        try {
            List<Job> jobs = new ArrayList<>();
            for (Source s : sources) {
                if (s.catalogue()) {
                    FurnitureCatalog c = FurnitureCatalog.open(s.path());
                    catalogues.add(c);
                    for (FurnitureCatalog.Model m : c.models()) {
                        jobs.add(new Job(s.path(), c, m));
                    }
                } else {
                    jobs.add(new Job(s.path(), null, null));
                }
            }
            return compute(jobs, basis, degree, cache, fingerprint, progress);
        } finally {
            for (FurnitureCatalog c : catalogues) {
                c.close();
            }
        }
    }

    private static SpectralShapes compute(List<Job> jobs, SpectralBasis basis, int degree, Path cache,
                                          String fingerprint, Consumer<String> progress) throws IOException {
        progress.accept("shapes: computing " + basis + " maps of degree " + degree + " for " + jobs.size()
                + " models (cached afterwards in " + cache + ")");
        AtomicInteger done = new AtomicInteger();
        long t0 = System.nanoTime();
        Object[] ordered = new Object[jobs.size()];
        java.util.stream.IntStream.range(0, jobs.size()).parallel().forEach(i -> {
            Job j = jobs.get(i);
            try {
                Mesh mesh = j.model() == null ? MeshReader.read(j.path()) : j.catalogue().load(j.model());
                ordered[i] = transform(mesh, j.model() == null ? "" : j.model().category(), basis, degree);
            } catch (IOException | RuntimeException e) {
                ordered[i] = j.label() + ": " + e.getMessage();
            }
            int n = done.incrementAndGet();
            if (n % 50 == 0 || n == jobs.size()) {
                double secs = (System.nanoTime() - t0) / 1e9;
                progress.accept(String.format(Locale.ROOT, "shapes: %d/%d models, %.1f s, ETA %.0f s", n, jobs.size(),
                        secs, secs / n * (jobs.size() - n)));
            }
        });
        List<Shape> shapes = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Object o : ordered) {
            if (o instanceof Shape s) {
                shapes.add(s);
            } else {
                skipped.add((String) o);
            }
        }
        if (shapes.isEmpty()) {
            throw new IOException(cache.getParent().getParent() + ": no model could be read; first failure: "
                    + skipped.get(0));
        }
        for (String s : skipped) {
            progress.accept("shapes: skipped " + s);
        }
        SpectralShapes out = new SpectralShapes(basis, degree, shapes, skipped);
        writeCache(cache, out, fingerprint);
        writeManifest(manifest(cache), out);
        return out;
    }

    private record Source(Path path, boolean catalogue) {
    }

    private record Job(Path path, FurnitureCatalog catalogue, FurnitureCatalog.Model model) {
        String label() {
            return model == null ? path.getFileName().toString() : path.getFileName() + ":" + model.entry();
        }
    }

    /**
     * The catalogues and mesh files of {@code dir}; a name of theirs that is not a regular file (a folder, a FIFO, a
     * link to a device) or is too large is left out, never opened, and said in {@code refused}.
     */
    private static List<Source> sources(Path dir, List<String> refused) throws IOException {
        List<Source> out = new ArrayList<>();
        Path furniture = dir.resolve("furniture");
        if (Files.isDirectory(furniture)) {
            try (Stream<Path> s = Files.list(furniture)) {
                for (Path p : s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".sh3f"))
                        .sorted().toList()) {
                    add(out, refused, p, true, FurnitureCatalog.MAX_FILE_BYTES, "a furniture catalogue (.sh3f)");
                }
            }
        }
        Path meshes = dir.resolve("meshes");
        if (Files.isDirectory(meshes)) {
            try (Stream<Path> s = Files.list(meshes)) {
                for (Path p : s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT)
                        .matches(".*\\.(off|obj|ply)")).sorted().toList()) {
                    add(out, refused, p, false, MeshReader.MAX_FILE_BYTES, "a mesh file");
                }
            }
        }
        return out;
    }

    private static void add(List<Source> out, List<String> refused, Path p, boolean catalogue, long maxBytes,
                            String what) {
        try {
            org.cgml.api.InputFiles.requireRegular(p, maxBytes, what);
            out.add(new Source(p, catalogue));
        } catch (IOException e) {
            refused.add(e.getMessage());
        }
    }

    /**
     * The cache key of a set of sources: the cache format's version and, per source, its name and a SHA-256 of its
     * bytes (an edit that keeps a file's size changes the key; sizes and times alone would not see it).
     */
    private static String fingerprint(List<Source> sources) throws IOException {
        java.security.MessageDigest all = sha256();
        all.update(("v" + CACHE_VERSION).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        byte[] buffer = new byte[1 << 16];
        for (Source s : sources) {
            java.security.MessageDigest one = sha256();
            try (java.io.InputStream in = Files.newInputStream(s.path())) {
                for (int r; (r = in.read(buffer)) > 0; ) {
                    one.update(buffer, 0, r);
                }
            }
            all.update(('|' + s.path().getFileName().toString() + ':').getBytes(java.nio.charset.StandardCharsets.UTF_8));
            all.update(one.digest());
        }
        return java.util.HexFormat.of().formatHex(all.digest()) + "-" + sources.size();
    }

    private static java.security.MessageDigest sha256() {
        try {
            return java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private static Path manifest(Path cache) {
        return cache.resolveSibling(cache.getFileName().toString().replace(".bin", ".csv"));
    }

    /**
     * Writes the set as a table (name, category, split, probe class or "-") so that the labelled set and its split
     * can be read without the code: the probe's classes are the categories with at least {@link #MIN_PER_CLASS}
     * models.
     */
    private static void writeManifest(Path file, SpectralShapes s) throws IOException {
        List<String> classes = s.classes(MIN_PER_CLASS);
        List<String> lines = new ArrayList<>();
        lines.add("name,category,split,probe_class");
        for (Shape shape : s.shapes) {
            lines.add(csv(shape.name()) + "," + csv(shape.category()) + "," + (shape.test() ? "test" : "train") + ","
                    + (classes.contains(shape.category()) ? classes.indexOf(shape.category()) : "-"));
        }
        for (String k : s.skipped) {
            lines.add(csv(k.contains(": ") ? k.substring(0, k.indexOf(": ")) : k) + ",,skipped,-");
        }
        Files.write(file, lines);
    }

    private static String csv(String v) {
        return v.contains(",") || v.contains("\"") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }

    private static SpectralShapes readCache(Path file, SpectralBasis basis, int degree, String fingerprint) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != CACHE_VERSION || !in.readUTF().equals(fingerprint)
                    || !in.readUTF().equals(basis.name()) || in.readInt() != degree) {
                return null;
            }
            // every count is checked against what the file can hold before anything is allocated from it
            long size = Files.size(file);
            int cells = (degree + 1) * (degree + 1);
            int n = in.readInt();
            if (n < 0 || (long) n * cells * Float.BYTES > size) {
                return null;
            }
            List<Shape> shapes = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                String category = in.readUTF();
                boolean test = in.readBoolean();
                if (in.readInt() != cells) {
                    return null;
                }
                float[] map = new float[cells];
                for (int k = 0; k < map.length; k++) {
                    map[k] = in.readFloat();
                }
                int invariants = in.readInt();
                if (invariants < 0 || invariants > cells) {
                    return null;
                }
                double[] inv = new double[invariants];
                for (int k = 0; k < inv.length; k++) {
                    inv[k] = in.readDouble();
                }
                shapes.add(new Shape(name, category, test, map, inv));
            }
            List<String> skipped = new ArrayList<>();
            int k = in.readInt();
            if (k < 0 || (long) k * 2 > size) {
                return null;
            }
            for (int i = 0; i < k; i++) {
                skipped.add(in.readUTF());
            }
            return new SpectralShapes(basis, degree, shapes, skipped);
        } catch (IOException | RuntimeException e) {
            return null; // a stale or broken cache is recomputed
        }
    }

    private static void writeCache(Path file, SpectralShapes s, String fingerprint) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
            out.writeInt(CACHE_VERSION);
            out.writeUTF(fingerprint);
            out.writeUTF(s.basis.name());
            out.writeInt(s.degree);
            out.writeInt(s.shapes.size());
            for (Shape shape : s.shapes) {
                out.writeUTF(shape.name());
                out.writeUTF(shape.category());
                out.writeBoolean(shape.test());
                out.writeInt(shape.map().length);
                for (float v : shape.map()) {
                    out.writeFloat(v);
                }
                out.writeInt(shape.invariants().length);
                for (double v : shape.invariants()) {
                    out.writeDouble(v);
                }
            }
            out.writeInt(s.skipped.size());
            for (String k : s.skipped) {
                out.writeUTF(k.length() > 1000 ? k.substring(0, 1000) : k);
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
