package org.cgml.cli;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/** A picture grid: one row per input, columns labelled at the top, each cell scaled up by an integer factor. */
final class Grid {
    private static final int GAP = 2;
    private static final int HEADER = 16;

    private Grid() {
    }

    static BufferedImage of(List<String> labels, List<List<BufferedImage>> rows) {
        int cw = rows.get(0).get(0).getWidth();
        int ch = rows.get(0).get(0).getHeight();
        int scale = Math.max(1, 64 / Math.max(cw, ch));
        int w = labels.size() * (cw * scale + GAP) + GAP;
        int h = HEADER + rows.size() * (ch * scale + GAP) + GAP;
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
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
        g.dispose();
        return out;
    }
}
