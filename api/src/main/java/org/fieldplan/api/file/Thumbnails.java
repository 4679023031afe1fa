package org.fieldplan.api.file;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.jspecify.annotations.Nullable;

/** Small JPEG previews of photos (JDK ImageIO: JPEG, PNG, GIF); pictures over 50 megapixels get none. */
final class Thumbnails {

    static final int SIZE = 320;
    static final long MAX_PIXELS = 50_000_000L;

    private Thumbnails() {}

    /** Writes a thumbnail of {@code image} into {@code target}; false when the image cannot be read or is too large. */
    static boolean write(Path image, Path target) {
        try (ImageInputStream in = ImageIO.createImageInputStream(image.toFile())) {
            if (in == null) {
                return false;
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return false;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels <= 0 || pixels > MAX_PIXELS) {
                    return false;
                }
                var param = reader.getDefaultReadParam();
                int step = Math.max(1, Math.min(reader.getWidth(0), reader.getHeight(0)) / (SIZE * 2));
                param.setSourceSubsampling(step, step, 0, 0); // decode a fraction of the pixels of a large photo
                BufferedImage source = reader.read(0, param);
                BufferedImage thumb = scale(source);
                if (thumb == null) {
                    return false;
                }
                try (var out = Files.newOutputStream(target)) {
                    return ImageIO.write(thumb, "jpg", out);
                }
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return false; // a broken picture is still stored, only without a preview
        }
    }

    private static @Nullable BufferedImage scale(BufferedImage source) {
        int w = source.getWidth();
        int h = source.getHeight();
        if (w <= 0 || h <= 0) {
            return null;
        }
        double f = Math.min(1.0, (double) SIZE / Math.max(w, h));
        int tw = Math.max(1, (int) Math.round(w * f));
        int th = Math.max(1, (int) Math.round(h * f));
        BufferedImage out = new BufferedImage(tw, th, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(0, 0, tw, th);
            g.drawImage(source, 0, 0, tw, th, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
