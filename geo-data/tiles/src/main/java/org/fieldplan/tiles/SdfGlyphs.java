package org.fieldplan.tiles;

import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.geom.AffineTransform;
import java.awt.geom.PathIterator;
import java.awt.geom.Rectangle2D;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Label glyphs for MapLibre: one range of 256 code points of a TrueType font as signed-distance-field bitmaps in
 * the glyph PBF format MapLibre reads ({@code glyphs { fontstack { name, range, glyph { id, bitmap, width, height,
 * left, top, advance } } }}). The conventions are those of Mapbox's fontnik, which every MapLibre style expects:
 * glyphs rasterised at 24 px, a 3-px border around each bitmap, a distance radius of 8 px and the outline at 3/4 of
 * the byte range (value 191), {@code top} measured from the font's ascender.
 *
 * <p>The outline comes from Java2D ({@link Font#createGlyphVector}); the distance is computed exactly to the
 * flattened outline, with inside/outside from the outline's own winding rule. Thread-safe once built.
 */
public final class SdfGlyphs {

    static final int SIZE = 24;
    static final int BORDER = 3;
    static final double RADIUS = 8;
    static final double CUTOFF = 0.25;

    private final Font font;
    private final String name;
    private final FontRenderContext context = new FontRenderContext(new AffineTransform(), true, true);
    private final int ascender;

    private SdfGlyphs(Font font, String name) {
        this.font = font;
        this.name = name;
        this.ascender = (int) Math.round(font.getLineMetrics("Hg", context).getAscent());
    }

    /** Reads a TrueType font; {@code name} is the font stack's name in the style (e.g. "DejaVu Sans"). */
    public static SdfGlyphs of(Path ttf, String name) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        try {
            Font base = Font.createFont(Font.TRUETYPE_FONT, ttf.toFile());
            return new SdfGlyphs(base.deriveFont((float) SIZE), name);
        } catch (FontFormatException e) {
            throw new IllegalArgumentException("The font " + ttf + " is not a TrueType font: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the font " + ttf, e);
        }
    }

    public String name() {
        return name;
    }

    /** The glyph PBF of the code points {@code start}..{@code start + 255} ({@code start} a multiple of 256). */
    public byte[] range(int start) {
        if (start < 0 || start % 256 != 0 || start > 65280) {
            throw new IllegalArgumentException("A glyph range starts at a multiple of 256 up to 65280, not " + start);
        }
        Proto stack = new Proto();
        stack.string(1, name);
        stack.string(2, start + "-" + (start + 255));
        for (int cp = start; cp <= start + 255; cp++) {
            if (font.canDisplay(cp) && !Character.isISOControl(cp)) {
                stack.message(3, glyph(cp));
            }
        }
        Proto glyphs = new Proto();
        glyphs.message(1, stack);
        return glyphs.bytes();
    }

    /** An empty range (a font stack without glyphs): what a range outside the generated ones is answered with. */
    public static byte[] emptyRange(String name, int start) {
        Proto stack = new Proto();
        stack.string(1, name);
        stack.string(2, start + "-" + (start + 255));
        Proto glyphs = new Proto();
        glyphs.message(1, stack);
        return glyphs.bytes();
    }

    private Proto glyph(int codePoint) {
        GlyphVector vector = font.createGlyphVector(context, Character.toChars(codePoint));
        int advance = (int) Math.round(vector.getGlyphMetrics(0).getAdvanceX());
        Shape outline = vector.getOutline();
        Rectangle2D bounds = outline.getBounds2D();
        Proto glyph = new Proto();
        glyph.uint(1, codePoint);
        if (bounds.isEmpty()) {
            glyph.uint(3, 0).uint(4, 0).sint(5, 0).sint(6, -ascender).uint(7, advance);
            return glyph;
        }
        // pixel box, y up as in FreeType: Java2D's y points down
        int left = (int) Math.floor(bounds.getMinX());
        int right = (int) Math.ceil(bounds.getMaxX());
        int top = (int) Math.ceil(-bounds.getMinY());
        int bottom = (int) Math.floor(-bounds.getMaxY());
        int width = right - left;
        int height = top - bottom;
        glyph.bytes(2, distanceField(outline, left, top, width, height));
        glyph.uint(3, width).uint(4, height).sint(5, left).sint(6, top - ascender).uint(7, advance);
        return glyph;
    }

    private static byte[] distanceField(Shape outline, int left, int top, int width, int height) {
        double[] segments = segments(outline);
        int w = width + 2 * BORDER;
        int h = height + 2 * BORDER;
        byte[] bitmap = new byte[w * h];
        for (int row = 0; row < h; row++) {
            double y = -top - BORDER + row + 0.5;              // Java2D y (down) of the pixel's centre
            for (int col = 0; col < w; col++) {
                double x = left - BORDER + col + 0.5;
                double distance = Math.sqrt(squaredDistance(segments, x, y));
                if (outline.contains(x, y)) {
                    distance = -distance;
                }
                double value = 255 - 255 * (distance / RADIUS + CUTOFF);
                bitmap[row * w + col] = (byte) Math.max(0, Math.min(255, (int) Math.round(value)));
            }
        }
        return bitmap;
    }

    /** The outline as straight segments x1, y1, x2, y2, ... (curves flattened to 1/20 px). */
    private static double[] segments(Shape outline) {
        double[] out = new double[256];
        int n = 0;
        double[] c = new double[6];
        double startX = 0, startY = 0, lastX = 0, lastY = 0;
        for (PathIterator it = outline.getPathIterator(null, 0.05); !it.isDone(); it.next()) {
            int type = it.currentSegment(c);
            double toX, toY;
            if (type == PathIterator.SEG_MOVETO) {
                startX = lastX = c[0];
                startY = lastY = c[1];
                continue;
            } else if (type == PathIterator.SEG_CLOSE) {
                toX = startX;
                toY = startY;
            } else {
                toX = c[0];
                toY = c[1];
            }
            if (n + 4 > out.length) {
                out = java.util.Arrays.copyOf(out, out.length * 2);
            }
            out[n++] = lastX;
            out[n++] = lastY;
            out[n++] = toX;
            out[n++] = toY;
            lastX = toX;
            lastY = toY;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** Squared distance to the nearest segment, capped at the distance beyond which every value is 0 or 255. */
    private static double squaredDistance(double[] s, double px, double py) {
        double reach = RADIUS * (1 - CUTOFF);                 // 6 px: farther out is 0, and 2 px in is already 255
        double best = reach * reach;
        for (int i = 0; i < s.length; i += 4) {
            double ax = s[i], ay = s[i + 1], bx = s[i + 2], by = s[i + 3];
            if (px < Math.min(ax, bx) - reach || px > Math.max(ax, bx) + reach
                    || py < Math.min(ay, by) - reach || py > Math.max(ay, by) + reach) {
                continue;
            }
            double dx = bx - ax, dy = by - ay;
            double lengthSquared = dx * dx + dy * dy;
            double t = lengthSquared == 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / lengthSquared));
            double ex = ax + t * dx - px, ey = ay + t * dy - py;
            best = Math.min(best, ex * ex + ey * ey);
        }
        return best;
    }

    /** Just enough protocol-buffer writing for the glyph messages. */
    static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto uint(int field, long value) {
            varint((long) field << 3);
            varint(value);
            return this;
        }

        Proto sint(int field, int value) {
            return uint(field, Integer.toUnsignedLong((value << 1) ^ (value >> 31)));
        }

        Proto bytes(int field, byte[] value) {
            varint((long) field << 3 | 2);
            varint(value.length);
            out.writeBytes(value);
            return this;
        }

        Proto string(int field, String value) {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Proto message(int field, Proto message) {
            return bytes(field, message.bytes());
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private void varint(long value) {
            while ((value & ~0x7fL) != 0) {
                out.write((int) (value & 0x7f) | 0x80);
                value >>>= 7;
            }
            out.write((int) value);
        }
    }
}
