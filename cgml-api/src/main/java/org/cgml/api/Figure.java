package org.cgml.api;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.function.Consumer;

/**
 * A figure drawn by code: its size in pixels and what draws it, so that the same drawing can be written as a PNG and
 * as a vector file (cgml-eval's {@code Figures.write}).
 *
 * @param width   width in pixels
 * @param height  height in pixels
 * @param painter draws the figure onto a white canvas of that size
 */
public record Figure(int width, int height, Consumer<Graphics2D> painter) {
    /** The figure as a picture, drawn anti-aliased on white. */
    public BufferedImage image() {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            painter.accept(g);
        } finally {
            g.dispose();
        }
        return img;
    }
}
