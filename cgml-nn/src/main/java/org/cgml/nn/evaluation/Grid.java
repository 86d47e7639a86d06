package org.cgml.nn.evaluation;

import java.awt.Color;
import java.awt.Font;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import org.cgml.api.Figure;

/** A picture grid: one row per input, columns labelled at the top, each cell scaled up by an integer factor. */
public final class Grid {
    private static final int GAP = 2;
    private static final int HEADER = 16;

    private Grid() {
    }

    /**
     * Rows {@code first .. first + count - 1} of a sample grid: input, truth, K modes and, when {@code baseline} is not
     * null, the baseline's output (one per input). A method with one output per input (the baseline, a context
     * encoder: its K samples of every input drawn are the same numbers) gets one column, "output", not K copies.
     */
    public static BufferedImage samples(org.cgml.api.Task task, float[] x, float[] y, int first, int count, int modes,
                                 float[] samples, float[] baseline) {
        return samplesFigure(task, x, y, first, count, modes, samples, baseline).image();
    }

    /** {@link #samples} as a {@link Figure}: labels as text, each picture as pixels (written as PNG and SVG). */
    public static Figure samplesFigure(org.cgml.api.Task task, float[] x, float[] y, int first, int count, int modes,
                                float[] samples, float[] baseline) {
        var presentation = task.presentation();
        int[] inShape = task.inputShape();
        int[] outShape = task.outputShape();
        int in = task.inputSize();
        int out = task.outputSize();
        if (modes > 1 && oneOutput(samples, first, count, modes, out)) {
            float[] once = new float[(first + count) * out];
            for (int i = first; i < first + count; i++) {
                System.arraycopy(samples, i * modes * out, once, i * out, out);
            }
            samples = once;
            modes = 1;
        }
        List<String> labels = new java.util.ArrayList<>(List.of("input", "truth"));
        for (int k = 0; k < modes; k++) {
            labels.add(modes == 1 ? "output" : "mode " + (k + 1));
        }
        if (baseline != null) {
            labels.add("baseline");
        }
        List<List<BufferedImage>> rows = new java.util.ArrayList<>();
        for (int i = first; i < first + count; i++) {
            List<BufferedImage> row = new java.util.ArrayList<>();
            row.add(presentation.image(x, i * in, inShape).orElseThrow());
            row.add(presentation.image(y, i * out, outShape).orElseThrow());
            for (int k = 0; k < modes; k++) {
                row.add(presentation.image(samples, (i * modes + k) * out, outShape).orElseThrow());
            }
            if (baseline != null) {
                row.add(presentation.image(baseline, i * out, outShape).orElseThrow());
            }
            rows.add(row);
        }
        return figure(labels, rows);
    }

    /** Whether the K samples of each of the inputs {@code first .. first + count - 1} are the same numbers. */
    public static boolean oneOutput(float[] samples, int first, int count, int modes, int out) {
        for (int i = first; i < first + count; i++) {
            int base = i * modes * out;
            for (int k = 1; k < modes; k++) {
                if (!java.util.Arrays.equals(samples, base, base + out, samples, base + k * out, base + (k + 1) * out)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Grids of the same layout one above the other, each cut to its header and first {@code keep} of its
     * {@code rows} rows, under a caption (a bench's methods side by side on the same inputs).
     */
    public static Figure stack(List<String> captions, List<BufferedImage> grids, int rows, int keep) {
        int w = grids.stream().mapToInt(BufferedImage::getWidth).max().orElse(1);
        int[] heights = new int[grids.size()];
        int h = 0;
        for (int i = 0; i < grids.size(); i++) {
            BufferedImage g = grids.get(i);
            int rowHeight = (g.getHeight() - HEADER - GAP) / rows;
            heights[i] = HEADER + Math.min(keep, rows) * rowHeight + GAP;
            h += HEADER + heights[i];
        }
        return new Figure(w, Math.max(1, h), g -> {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
            int y = 0;
            for (int i = 0; i < grids.size(); i++) {
                g.setColor(Color.BLACK);
                g.drawString(captions.get(i), GAP + 2, y + HEADER - 3);
                y += HEADER;
                BufferedImage part = grids.get(i).getSubimage(0, 0, grids.get(i).getWidth(), heights[i]);
                g.drawImage(part, 0, y, null);
                y += heights[i];
            }
        });
    }

    /** Pictures (a task's plots) in rows of {@code columns}, each under its caption. */
    public static Figure tile(List<String> captions, List<BufferedImage> pictures, int columns) {
        int w = pictures.stream().mapToInt(BufferedImage::getWidth).max().orElse(1);
        int h = pictures.stream().mapToInt(BufferedImage::getHeight).max().orElse(1) + HEADER;
        int cols = Math.min(columns, Math.max(1, pictures.size()));
        int rows = (pictures.size() + cols - 1) / cols;
        return new Figure(cols * w, Math.max(1, rows * h), g -> {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
            for (int i = 0; i < pictures.size(); i++) {
                int x = i % cols * w;
                int y = i / cols * h;
                g.setColor(Color.BLACK);
                g.drawString(captions.get(i), x + GAP + 2, y + HEADER - 3);
                g.drawImage(pictures.get(i), x, y + HEADER, null);
            }
        });
    }

    /** {@link #figure} drawn as pixels. */
    public static BufferedImage of(List<String> labels, List<List<BufferedImage>> rows) {
        return figure(labels, rows).image();
    }

    /** Labelled columns of pictures, one row per list, each picture scaled up by an integer factor to about 64. */
    public static Figure figure(List<String> labels, List<List<BufferedImage>> rows) {
        int cw = rows.get(0).get(0).getWidth();
        int ch = rows.get(0).get(0).getHeight();
        int scale = Math.max(1, 64 / Math.max(cw, ch));
        int w = labels.size() * (cw * scale + GAP) + GAP;
        int h = HEADER + rows.size() * (ch * scale + GAP) + GAP;
        return new Figure(w, h, g -> {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            g.setColor(Color.DARK_GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            for (int c = 0; c < labels.size(); c++) {
                g.drawString(labels.get(c), GAP + c * (cw * scale + GAP) + 2, HEADER - 4);
            }
            for (int r = 0; r < rows.size(); r++) {
                for (int c = 0; c < rows.get(r).size(); c++) {
                    g.drawImage(rows.get(r).get(c), GAP + c * (cw * scale + GAP), HEADER + r * (ch * scale + GAP),
                            cw * scale, ch * scale, null);
                }
            }
        });
    }
}
