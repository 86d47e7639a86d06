package org.cgml.eval;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.Map;
import org.cgml.api.OutputFiles;
import org.jfree.svg.SVGGraphics2D;

/**
 * Figures for a paper: each written as a PNG and, beside it, an SVG of the same drawing (JFreeSVG: text stays text,
 * lines stay lines), both atomically; axis labels in words with their units; tick labels as plain decimals or powers
 * of ten.
 */
public final class Figures {
    private static final String SUPERSCRIPT = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079";
    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("cost", "cost E"),
            Map.entry("dynamics_loss", "latent dynamics loss"),
            Map.entry("lipschitz", "Lipschitz penalty"),
            Map.entry("learning_rate", "learning rate"),
            Map.entry("psnr", "PSNR (dB)"),
            Map.entry("ssim", "SSIM"),
            Map.entry("lpips", "LPIPS distance"),
            Map.entry("diversity_l1", "diversity (mean L1 between modes)"),
            Map.entry("diversity_lpips", "diversity (mean LPIPS between modes)"),
            Map.entry("l1", "L1 error"),
            Map.entry("l2", "L2 error"),
            Map.entry("mse", "mean squared error"),
            Map.entry("chamfer", "Chamfer distance"),
            Map.entry("on_branch", "share of samples on a true branch"),
            Map.entry("plus_share", "share of samples on the + branch"),
            Map.entry("share_box", "share of samples with the box"),
            Map.entry("colorfulness", "colourfulness"),
            Map.entry("colourfulness", "colourfulness"),
            Map.entry("relerr_map", "relative error of the map"),
            Map.entry("relerr_masked", "relative error in the masked region"),
            Map.entry("fid", "FID"),
            Map.entry("kid", "KID"));
    /** Words a region prefix adds after a figure's name: {@code hole_psnr} is PSNR in the holes. */
    private static final Map<String, String> REGIONS = Map.of("hole_", " in the holes");
    private static final Map<String, String> SUFFIXES = Map.of(
            "_first", ", first mode",
            "_best_of_k", ", best of K modes",
            "_mean", ", mean over modes",
            "_mean_of_k", ", mean over K modes",
            "_median", ", median over inputs",
            "_first_median", ", first mode, median over inputs",
            "_first_pooled", ", first mode, pooled over inputs",
            "_best_of_k_median", ", best of K modes, median over inputs",
            "_mean_of_k_median", ", mean over K modes, median over inputs");
    /**
     * Which way is better, for the figures that have a way: the one place a chart learns it (the names above, with
     * any region prefix and suffix, have the direction of their base figure).
     */
    private static final Map<String, Better> BETTER = Map.ofEntries(
            Map.entry("psnr", Better.HIGHER),
            Map.entry("ssim", Better.HIGHER),
            Map.entry("on_branch", Better.HIGHER),
            Map.entry("l1", Better.LOWER),
            Map.entry("l2", Better.LOWER),
            Map.entry("mse", Better.LOWER),
            Map.entry("lpips", Better.LOWER),
            Map.entry("chamfer", Better.LOWER),
            Map.entry("relerr_map", Better.LOWER),
            Map.entry("relerr_masked", Better.LOWER),
            Map.entry("fid", Better.LOWER),
            Map.entry("kid", Better.LOWER));

    /** Which way a quality figure is better. */
    public enum Better {
        /** Higher is better (PSNR, SSIM, a share on the true modes). */
        HIGHER,
        /** Lower is better (errors and distances: L1, relative error, LPIPS, FID). */
        LOWER;

        /** "higher is better" or "lower is better". */
        public String words() {
            return this == HIGHER ? "higher is better" : "lower is better";
        }
    }

    private Figures() {
    }

    /** Something that draws a figure of a known size onto a graphics context (a PNG's or an SVG's). */
    @FunctionalInterface
    public interface Painter {
        void paint(Graphics2D g);
    }

    /**
     * Writes the figure {@code painter} draws on a {@code width} x {@code height} white canvas into {@code png} and
     * into {@link #svgOf}({@code png}), each through a temporary file renamed over the target. An existing
     * {@code png} that is a link or not a regular file (a device, a pipe) is written through in place, and gets an
     * SVG beside it only when it leads to a regular file.
     *
     * @return whether the SVG was written
     */
    public static boolean write(Path png, int width, int height, Painter painter) throws IOException {
        // rotated labels (y axes) through drawString, so that they are text in the SVG, not glyph outlines; the
        // workaround was for a JDK 1.4 bug
        org.jfree.chart.text.TextUtils.setUseDrawRotatedStringWorkaround(false);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            painter.paint(g);
        } finally {
            g.dispose();
        }
        SVGGraphics2D svg = new SVGGraphics2D(width, height);
        svg.setDefsKeyPrefix("cgml-"); // not the clock: the same figure gives the same file
        svg.setColor(Color.WHITE);
        svg.fillRect(0, 0, width, height);
        painter.paint(svg);
        // a link, a device or a pipe the user named is written through or refused, never replaced by a file of
        // ours; an SVG name is derived only from a regular (or new) path
        boolean regular = OutputFiles.regularOrAbsent(png);
        OutputFiles.writeImage(png, image, "png");
        if (!regular) {
            return false;
        }
        OutputFiles.writeString(svgOf(png), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + svg.getSVGDocument().replaceFirst("^<\\?xml[^>]*\\?>\\s*", ""));
        return true;
    }

    /** {@link #write(Path, int, int, Painter)} for a task's {@link org.cgml.api.Figure}. */
    public static boolean write(Path png, org.cgml.api.Figure figure) throws IOException {
        return write(png, figure.width(), figure.height(), figure.painter()::accept);
    }

    /** The SVG beside a PNG: {@code x.png} to {@code x.svg} ({@code .svg} appended to other names). */
    public static Path svgOf(Path png) {
        String name = png.getFileName().toString();
        return png.resolveSibling((name.endsWith(".png") ? name.substring(0, name.length() - 4) : name) + ".svg");
    }

    /**
     * A figure's identifier (a metrics.csv or convergence.csv column, a task's figure) as an axis label in words with
     * its unit: {@code psnr_best_of_k} is "PSNR, best of K modes (dB)"; an unknown one has its underscores as spaces.
     */
    public static String label(String id) {
        String[] p = parts(id);
        if (p == null) {
            return id.replace('_', ' ');
        }
        String base = NAMES.get(p[1]);
        int unit = base.endsWith(")") ? base.lastIndexOf(" (") : -1;
        return unit < 0 ? base + REGIONS.getOrDefault(p[0], "") + SUFFIXES.getOrDefault(p[2], "")
                : base.substring(0, unit) + REGIONS.getOrDefault(p[0], "") + SUFFIXES.getOrDefault(p[2], "")
                        + base.substring(unit);
    }

    /**
     * Which way the figure {@code id} is better ({@code hole_psnr_best_of_k}: higher; {@code l1_mean_of_k},
     * {@code relerr_masked_best_of_k_median}: lower); empty for figures without a way (diversity, a learning rate,
     * unknown ones).
     */
    public static java.util.Optional<Better> better(String id) {
        String[] p = parts(id);
        return java.util.Optional.ofNullable(p == null ? null : BETTER.get(p[1]));
    }

    /** {@link #label} followed by which way is better where the figure has one: "L1 error, lower is better". */
    public static String labelWithDirection(String id) {
        return label(id) + better(id).map(b -> ", " + b.words()).orElse("");
    }

    /** A known figure's region prefix, base name and suffix ("" where none), or null for an unknown figure. */
    private static String[] parts(String id) {
        java.util.List<String> prefixes = new java.util.ArrayList<>(REGIONS.keySet());
        prefixes.add(0, "");
        for (String prefix : prefixes) {
            if (!id.startsWith(prefix)) {
                continue;
            }
            String rest = id.substring(prefix.length());
            if (NAMES.containsKey(rest)) {
                return new String[] {prefix, rest, ""};
            }
            for (String suffix : SUFFIXES.keySet()) {
                String base = rest.endsWith(suffix) ? rest.substring(0, rest.length() - suffix.length()) : null;
                if (base != null && NAMES.containsKey(base)) {
                    return new String[] {prefix, base, suffix};
                }
            }
        }
        return null;
    }

    /**
     * A tick label a reader takes in at a glance: a plain decimal of at most 3 significant digits from 0.0001 to
     * 99,999 ({@code 3.31}, {@code 0.000794}, {@code 250}), else a power of ten ({@code 10⁻⁵}) or a multiple of one
     * ({@code 7.94×10⁻⁶}).
     */
    public static String tick(double v) {
        return tick(v, 3);
    }

    /**
     * {@link #tick} of a tick on an axis whose ticks are {@code unit} apart, with as many significant digits as tell
     * neighbouring ticks apart (at least 3): on a nearly flat axis 0.001 and 0.00102, not 0.001 twice.
     */
    public static String tick(double v, double unit) {
        if (v == 0 || !Double.isFinite(v) || !(unit > 0) || !Double.isFinite(unit)) {
            return tick(v);
        }
        int digits = (int) Math.floor(Math.log10(Math.abs(v) / unit)) + 2;
        return tick(v, Math.max(3, Math.min(15, digits)));
    }

    private static String tick(double v, int digits) {
        if (v == 0 || !Double.isFinite(v)) {
            return v == 0 ? "0" : Double.toString(v);
        }
        BigDecimal rounded = new BigDecimal(v).round(new MathContext(digits));
        double a = Math.abs(rounded.doubleValue());
        if (a >= 1e-4 && a < 1e5) {
            return rounded.stripTrailingZeros().toPlainString();
        }
        int exponent = rounded.precision() - rounded.scale() - 1;
        BigDecimal mantissa = rounded.movePointLeft(exponent).stripTrailingZeros();
        String power = "10" + superscript(exponent);
        if (mantissa.abs().compareTo(BigDecimal.ONE) == 0) {
            return (mantissa.signum() < 0 ? "\u2212" : "") + power;
        }
        return mantissa.toPlainString().replace('-', '\u2212') + "\u00d7" + power;
    }

    private static String superscript(int n) {
        StringBuilder b = new StringBuilder(n < 0 ? "\u207b" : "");
        for (char c : Integer.toString(Math.abs(n)).toCharArray()) {
            b.append(SUPERSCRIPT.charAt(c - '0'));
        }
        return b.toString();
    }

    /** {@link #tick} as a {@link java.text.NumberFormat} for chart axes. */
    static java.text.NumberFormat tickFormat() {
        return new java.text.NumberFormat() {
            private static final long serialVersionUID = 1L;

            @Override
            public StringBuffer format(double number, StringBuffer toAppendTo, java.text.FieldPosition pos) {
                return toAppendTo.append(tick(number));
            }

            @Override
            public StringBuffer format(long number, StringBuffer toAppendTo, java.text.FieldPosition pos) {
                return toAppendTo.append(tick(number));
            }

            @Override
            public Number parse(String source, java.text.ParsePosition parsePosition) {
                throw new UnsupportedOperationException("tick labels are not parsed");
            }
        };
    }
}
