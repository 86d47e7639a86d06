package org.cgml.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.cgml.eval.Colourfulness;
import org.cgml.eval.ElementErrors;
import org.cgml.eval.Fid;
import org.cgml.eval.Images;
import org.cgml.eval.InceptionV3;
import org.cgml.eval.Kid;
import org.cgml.eval.Lpips;
import org.cgml.eval.Psnr;
import org.cgml.eval.Raster;
import org.cgml.eval.Ssim;
import org.cgml.nn.evaluation.Npy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code cgml eval}: scores the images (or .npy arrays) of one folder against same-named files of another, in
 * parallel; prints mean, std and n per metric, writes per-file rows as CSV or JSON. Missing, unreadable or mismatched
 * files are reported by name (exit code 1) while the others are still scored; so is a pair of folders with nothing
 * to score. FID and KID compare the two folders of pictures as sets (every image of each, names and counts need not
 * match) on pytorch-fid's Inception features.
 */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Score predicted images (or .npy arrays) against references matched by file name (PSNR, SSIM, "
                + "...), or the folders of pictures as sets (FID, KID).")
final class EvalCommand implements Callable<Integer> {
    static final Set<String> METRICS = Set.of("psnr", "ssim", "lpips", "colourfulness", "mse", "mae", "fid", "kid");
    /** Metrics of the two folders as sets, not of image pairs. */
    static final Set<String> SET_METRICS = Set.of("fid", "kid");
    /** Where the Inception weights are looked for when neither --inception nor $CGML_INCEPTION is given. */
    static final Path DEFAULT_INCEPTION = Path.of("data", "inception", InceptionV3.WEIGHTS_FILE);
    /** Images read and run through Inception at once. */
    private static final int CHUNK = 32;
    /** The metrics of arrays that are not pictures: element-wise errors, in the arrays' own units. */
    static final Set<String> ARRAY_METRICS = Set.of("psnr", "mse", "mae");

    @ParentCommand
    Main main;

    @Option(names = "--ref", required = true, paramLabel = "DIR", description = "Folder of reference images.")
    Path ref;

    @Option(names = "--pred", required = true, paramLabel = "DIR", description = "Folder of predicted images (same names).")
    Path pred;

    @Option(names = "--metric", paramLabel = "M", split = ",",
            completionCandidates = EvalCommand.MetricNames.class,
            description = "Metrics: psnr, ssim, lpips, colourfulness, mse, mae of same-named pairs; fid, kid of the "
                    + "two folders of pictures as sets (default psnr,ssim; for .npy arrays mse,mae, and psnr too with "
                    + "--range).")
    List<String> metrics;

    @Option(names = "--lpips-net", paramLabel = "NET", defaultValue = "alex",
            completionCandidates = EvalCommand.BackboneNames.class,
            description = "LPIPS backbone: alex (default), vgg or squeeze.")
    String lpipsNet;

    @Option(names = "--lpips-weights", paramLabel = "DIR",
            description = "Folder with the LPIPS weight files (default: $CGML_LPIPS_DIR, else data/lpips).")
    Path lpipsWeights;

    private Lpips lpips;

    @Option(names = "--mask", paramLabel = "DIR",
            description = "Folder of same-named masks (white = hole): adds psnr_hole and ssim_hole.")
    Path mask;

    @Option(names = "--range", paramLabel = "R",
            description = "Data range R of PSNR and SSIM (default 255 for pictures; .npy arrays have none by default).")
    Double range;

    /** Whether the folders hold .npy arrays rather than pictures. */
    private boolean arrays;

    @Option(names = "--inception", paramLabel = "FILE",
            description = "pytorch-fid's Inception weights " + InceptionV3.WEIGHTS_FILE + ", for fid and kid; never "
                    + "downloaded (default: $CGML_INCEPTION, else data/inception/" + InceptionV3.WEIGHTS_FILE + ").")
    Path inception;

    private InceptionV3 net;
    private boolean headed;

    @Option(names = "--out", paramLabel = "FILE", description = "Per-image rows: .csv or .json.")
    Path out;

    @Override
    public Integer call() throws IOException {
        for (String m : metrics == null ? List.<String>of() : metrics) {
            if (!METRICS.contains(m)) {
                throw new UserError("unknown metric '" + m + "'; known: psnr, ssim, lpips, colourfulness, mse, mae, fid, kid");
            }
        }
        if (range != null && !(range > 0 && Double.isFinite(range))) {
            throw new UserError("--range must be positive (got " + range + ")");
        }
        for (Path d : mask == null ? List.of(ref, pred) : List.of(ref, pred, mask)) {
            if (!Files.isDirectory(d)) {
                throw new UserError(d + " is not a folder");
            }
        }
        arrays = holdArrays();
        if (metrics == null) {
            metrics = !arrays ? List.of("psnr", "ssim") : range == null ? List.of("mse", "mae")
                    : List.of("mse", "mae", "psnr");
        }
        if (arrays) {
            List<String> pictureOnly = metrics.stream().filter(m -> !ARRAY_METRICS.contains(m)).toList();
            if (!pictureOnly.isEmpty() || mask != null) {
                throw new UserError(ref + " and " + pred + " hold .npy arrays, scored element-wise (mse, mae, and psnr "
                        + "with --range R); " + (mask != null ? "--mask" : String.join(", ", pictureOnly))
                        + " applies to pictures only");
            }
            if (metrics.contains("psnr") && range == null) {
                throw new UserError("psnr of .npy arrays needs their data range: give --range R (e.g. 2 for values in "
                        + "[-1, 1])");
            }
        } else if (range == null) {
            range = 255.0;
        }
        if (out != null && !(out.toString().endsWith(".csv") || out.toString().endsWith(".json"))) {
            throw new UserError("--out must end in .csv or .json (got " + out + ")");
        }
        boolean sets = metrics.stream().anyMatch(SET_METRICS::contains);
        if (out != null && metrics.stream().allMatch(SET_METRICS::contains)) {
            throw new UserError("--out holds per-image rows; fid and kid are figures of the whole folders");
        }
        if (sets) {
            for (Path d : List.of(ref, pred)) {
                int n = files(d).size();
                if (n < 2) {
                    throw new UserError("fid and kid need at least 2 images in each folder (" + d + " has " + n + ")");
                }
            }
        }
        if (out != null) {
            try {
                org.cgml.api.OutputFiles.check(out); // a folder or a pipe is refused before the work, a device written in place
            } catch (IOException e) {
                throw new UserError("cannot write --out: " + e.getMessage());
            }
        }
        if (metrics.contains("lpips")) {
            try {
                lpips = Lpips.load(Lpips.Backbone.of(lpipsNet), lpipsFolder(lpipsWeights));
            } catch (IOException e) {
                throw new UserError(e.getMessage());
            }
        }
        try {
            if (sets) {
                net = loadInception(inception);
            }
            return evaluate();
        } finally {
            if (lpips != null) {
                lpips.close();
            }
            if (net != null) {
                net.close();
            }
        }
    }

    /** The Inception weights file: {@code given}, else $CGML_INCEPTION, else {@link #DEFAULT_INCEPTION}. */
    static Path inceptionFile(Path given) {
        return given != null ? given : System.getenv("CGML_INCEPTION") != null ? Path.of(System.getenv("CGML_INCEPTION"))
                : DEFAULT_INCEPTION;
    }

    /** The FID Inception-v3 from {@link #inceptionFile}; a user error saying where to put the file when absent. */
    static InceptionV3 loadInception(Path given) {
        Path file = inceptionFile(given);
        try {
            return InceptionV3.load(file);
        } catch (IOException e) {
            throw new UserError(e.getMessage() + (Files.isRegularFile(file) ? ""
                    : " and put it there, or give another path with --inception FILE or $CGML_INCEPTION"));
        }
    }

    /**
     * Whether {@code --ref} and {@code --pred} hold .npy arrays; a user error if they hold both arrays and pictures.
     */
    private boolean holdArrays() throws IOException {
        Set<String> all = new TreeSet<>(files(ref));
        all.addAll(files(pred));
        long npy = all.stream().filter(n -> n.toLowerCase(Locale.ROOT).endsWith(".npy")).count();
        if (npy > 0 && npy < all.size()) {
            throw new UserError(ref + " and " + pred + " hold both pictures and .npy arrays; score each kind from "
                    + "folders of its own");
        }
        return npy > 0;
    }

    private int evaluate() throws IOException {
        List<String> problems = new ArrayList<>();
        List<String> pairs = metrics.stream().filter(m -> !SET_METRICS.contains(m)).toList();
        int scored = pairs.isEmpty() ? 0 : pairs(pairs, problems);
        if (net != null && sets(problems)) {
            scored = Math.max(scored, 1);
        }
        for (String p : problems) {
            main.err.println("cgml eval: " + p);
        }
        if (!problems.isEmpty()) {
            main.err.printf(Locale.ROOT, scored == 0 ? "cgml eval: %d file problem(s); nothing scored%n"
                    : "cgml eval: %d file problem(s); %d image(s) scored%n", problems.size(), scored);
            return 1;
        }
        return 0;
    }

    /** Prints the table's header once, before its first row. */
    private void header() {
        if (!headed) {
            main.out.println("metric,mean,std,n");
            headed = true;
        }
    }

    /** FID and KID of every image of --pred against every image of --ref; whether they were scored. */
    private boolean sets(List<String> problems) throws IOException {
        double[][] a = features(ref, problems);
        double[][] b = features(pred, problems);
        if (a.length < 2 || b.length < 2) {
            problems.add("fid and kid need at least 2 readable images in each folder");
            return false;
        }
        Kid.Result kid = Kid.of(a, b, org.cgml.eval.StandardFigures.KID_SEED);
        main.err.printf(Locale.ROOT, "cgml eval: fid and kid of %d predicted against %d reference images on %d "
                + "Inception features; kid over %d subsets of %d (std over the subsets)%n", b.length, a.length,
                net.dimension(), kid.subsets(), kid.subsetSize());
        int root = Math.min(Math.min(a.length, b.length), net.dimension());
        if (metrics.contains("fid") && root >= 1000) {
            main.err.printf(Locale.ROOT, "cgml eval: fid's square root is a %d x %d eigendecomposition: minutes%n", root,
                    root);
        }
        header();
        for (String m : metrics) {
            if (m.equals("fid")) {
                main.out.printf(Locale.ROOT, "fid,%.6f,,%d%n", Fid.of(a, b), b.length);
            } else if (m.equals("kid")) {
                main.out.printf(Locale.ROOT, "kid,%.6f,%.6f,%d%n", kid.mean(), kid.std(), b.length);
            }
        }
        return true;
    }

    /** The Inception features of every image of {@code dir} that reads, in name order. */
    private double[][] features(Path dir, List<String> problems) throws IOException {
        List<String> names = new ArrayList<>(files(dir));
        List<double[]> rows = new ArrayList<>();
        boolean live = main.errIsTerminal();
        long start = System.nanoTime();
        for (int s = 0; s < names.size(); s += CHUNK) {
            List<Raster> chunk = new ArrayList<>();
            for (String name : names.subList(s, Math.min(names.size(), s + CHUNK))) {
                try {
                    Raster r = Images.read(dir.resolve(name));
                    if (r.channels() == 1 || r.channels() == 3) {
                        chunk.add(r);
                    } else {
                        problems.add(dir.resolve(name) + ": " + r.channels() + " channels, not RGB or grey");
                    }
                } catch (IOException e) {
                    problems.add(e.getMessage());
                }
            }
            rows.addAll(List.of(net.features(chunk, range)));
            int d = Math.min(names.size(), s + CHUNK);
            if (names.size() >= 50) {
                double rate = d / Math.max(1e-9, (System.nanoTime() - start) / 1e9);
                String line = String.format(Locale.ROOT, "eval: Inception features of %s %d/%d images, %.1f images/s",
                        dir, d, names.size(), rate);
                main.err.print(live ? "\r" + line : line + "\n");
            }
        }
        if (live && names.size() >= 50) {
            main.err.println();
        }
        return rows.toArray(double[][]::new);
    }

    /** The per-image metrics of same-named pairs: rows printed, --out written; how many pairs were scored. */
    private int pairs(List<String> perImage, List<String> problems) throws IOException {
        Set<String> refs = files(ref);
        Set<String> preds = files(pred);
        for (String p : preds) {
            if (!refs.contains(p)) {
                problems.add(pred.resolve(p) + ": no reference of that name in " + ref);
            }
        }
        List<String> names = new ArrayList<>();
        for (String r : refs) {
            if (preds.contains(r)) {
                names.add(r);
            } else {
                problems.add(ref.resolve(r) + ": no prediction of that name in " + pred);
            }
        }
        List<String> columns = new ArrayList<>(perImage);
        if (mask != null) {
            if (perImage.contains("psnr")) {
                columns.add("psnr_hole");
            }
            if (perImage.contains("ssim")) {
                columns.add("ssim_hole");
            }
        }
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger done = new AtomicInteger();
        boolean live = main.errIsTerminal();
        long start = System.nanoTime();
        Map<String, double[]> rows = names.parallelStream().map(name -> {
            double[] row = score(name, columns, failures);
            int d = done.incrementAndGet();
            if (names.size() >= 50 && (d % Math.max(1, names.size() / 10) == 0 || d == names.size())) {
                double rate = d / Math.max(1e-9, (System.nanoTime() - start) / 1e9);
                String line = String.format(Locale.ROOT, "eval: %d/%d images, %.0f images/s", d, names.size(), rate);
                synchronized (main.err) {
                    main.err.print(live ? "\r" + line : line + "\n");
                }
            }
            return row == null ? null : Map.entry(name, row);
        }).filter(e -> e != null).collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a,
                java.util.TreeMap::new));
        if (live && names.size() >= 50) {
            main.err.println();
        }
        problems.addAll(failures.stream().sorted().toList());
        if (names.isEmpty()) {
            problems.add("nothing to score: " + ref + " and " + pred + " hold no same-named PNG, JPEG or .npy files");
        }
        if (rows.isEmpty()) {
            return 0;
        }
        header();
        for (int c = 0; c < columns.size(); c++) {
            double sum = 0;
            double sq = 0;
            int n = 0;
            for (double[] row : rows.values()) {
                if (Double.isFinite(row[c])) {
                    sum += row[c];
                    sq += row[c] * row[c];
                    n++;
                }
            }
            if (n == 0) { // no pair has this figure (lpips or colourfulness of grey pictures): no number, said why
                main.out.printf(Locale.ROOT, "%s,,,0%n", columns.get(c));
                main.err.println("cgml eval: " + columns.get(c) + ": no pair could be scored (" + (columns.get(c)
                        .equals("lpips") || columns.get(c).equals("colourfulness") ? "it needs RGB pictures"
                        : "no finite value") + ")");
                continue;
            }
            double mean = sum / n;
            double std = Math.sqrt(Math.max(0, sq / n - mean * mean));
            main.out.printf(Locale.ROOT, "%s,%.6f,%.6f,%d%n", columns.get(c), mean, std, n);
        }
        if (out != null) {
            write(rows, columns);
        }
        return rows.size();
    }

    private double[] score(String name, List<String> columns, ConcurrentLinkedQueue<String> failures) {
        if (arrays) {
            return scoreArrays(name, columns, failures);
        }
        try {
            Raster a = Images.read(ref.resolve(name));
            Raster b = Images.read(pred.resolve(name));
            if (!a.sameShape(b)) {
                failures.add(pred.resolve(name) + ": size " + b.shape() + " differs from the reference's " + a.shape());
                return null;
            }
            boolean[] hole = null;
            if (mask != null) {
                Raster m = Images.read(mask.resolve(name));
                if (m.height() != a.height() || m.width() != a.width()) {
                    failures.add(mask.resolve(name) + ": mask size " + m.shape() + " differs from " + a.shape());
                    return null;
                }
                hole = Images.mask(m);
            }
            double[] row = new double[columns.size()];
            for (int c = 0; c < columns.size(); c++) {
                row[c] = switch (columns.get(c)) {
                    case "psnr" -> Psnr.of(a, b, range);
                    case "ssim" -> Ssim.mean(a, b, range);
                    case "lpips" -> a.channels() == 3 ? lpips.distance(a, b, range) : Double.NaN;
                    case "colourfulness" -> b.channels() == 3 ? Colourfulness.of(b) : Double.NaN;
                    case "mse" -> ElementErrors.mse(a.pixels(), b.pixels());
                    case "mae" -> ElementErrors.mae(a.pixels(), b.pixels());
                    case "psnr_hole" -> Psnr.masked(a, b, range, hole);
                    case "ssim_hole" -> Ssim.maskedMean(a, b, range, hole);
                    default -> throw new IllegalStateException(columns.get(c));
                };
            }
            return row;
        } catch (IOException e) {
            failures.add(e.getMessage());
            return null;
        } catch (IllegalArgumentException e) {
            failures.add(pred.resolve(name) + ": " + e.getMessage());
            return null;
        }
    }

    /** One row of element-wise errors of a pair of same-named .npy arrays; null (and a failure named) if unreadable. */
    private double[] scoreArrays(String name, List<String> columns, ConcurrentLinkedQueue<String> failures) {
        try {
            Npy.Array a = Npy.read(ref.resolve(name));
            Npy.Array b = Npy.read(pred.resolve(name));
            if (!java.util.Arrays.equals(a.shape(), b.shape())) {
                failures.add(pred.resolve(name) + ": shape " + b.shapeText() + " differs from the reference's "
                        + a.shapeText());
                return null;
            }
            if (a.values().length == 0) {
                failures.add(pred.resolve(name) + ": an empty array " + a.shapeText());
                return null;
            }
            double mse = ElementErrors.mse(a.values(), b.values());
            double[] row = new double[columns.size()];
            for (int c = 0; c < columns.size(); c++) {
                row[c] = switch (columns.get(c)) {
                    case "mse" -> mse;
                    case "mae" -> ElementErrors.mae(a.values(), b.values());
                    case "psnr" -> Psnr.fromMse(mse, range);
                    default -> throw new IllegalStateException(columns.get(c));
                };
            }
            return row;
        } catch (IOException e) {
            failures.add(e.getMessage());
            return null;
        }
    }

    private void write(Map<String, double[]> rows, List<String> columns) {
        StringBuilder b = new StringBuilder();
        boolean json = out.toString().endsWith(".json");
        if (json) {
            com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper()
                    .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);
            com.fasterxml.jackson.databind.node.ArrayNode array = mapper.createArrayNode();
            for (Map.Entry<String, double[]> e : rows.entrySet()) {
                com.fasterxml.jackson.databind.node.ObjectNode row = array.addObject().put("name", e.getKey());
                for (int c = 0; c < columns.size(); c++) {
                    double v = e.getValue()[c];
                    if (Double.isFinite(v)) {
                        row.put(columns.get(c), v); // Jackson writes the shortest text that reads back as v
                    } else {
                        row.putNull(columns.get(c));
                    }
                }
            }
            try {
                b.append(mapper.writeValueAsString(array)).append('\n');
            } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
                throw new IllegalStateException(ex);
            }
        } else {
            List<List<?>> table = new ArrayList<>();
            List<Object> header = new ArrayList<>(List.of("name"));
            header.addAll(columns);
            table.add(header);
            for (Map.Entry<String, double[]> e : rows.entrySet()) {
                List<Object> row = new ArrayList<>(List.of(e.getKey()));
                for (double v : e.getValue()) {
                    row.add(Double.isFinite(v) ? (Object) v : ""); // exact, as Csv writes every number
                }
                table.add(row);
            }
            b.append(org.cgml.nn.run.Csv.table(table));
        }
        org.cgml.nn.run.Run.writeAtomically(out, b.toString());
    }

    /** The names of the pictures (PNG, JPEG) and .npy arrays in {@code dir}. */
    private static Set<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.toLowerCase(Locale.ROOT).matches(".*\\.(png|jpe?g|npy)$"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** Completion candidates of {@code --metric}. */
    static final class MetricNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return new java.util.TreeSet<>(METRICS).iterator();
        }
    }

    /** Completion candidates of {@code --lpips-net}. */
    static final class BackboneNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(Lpips.Backbone.values()).map(Lpips.Backbone::id).iterator();
        }
    }

    /** The LPIPS weight folder: {@code given}, else $CGML_LPIPS_DIR, else data/lpips. */
    static Path lpipsFolder(Path given) {
        return given != null ? given : System.getenv("CGML_LPIPS_DIR") != null ? Path.of(System.getenv("CGML_LPIPS_DIR"))
                : Path.of("data", "lpips");
    }
}
