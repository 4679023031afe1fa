package org.fieldplan.api.document;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder;
import com.openhtmltopdf.pdfboxout.PDFontSupplier;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.util.XRLog;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.jspecify.annotations.Nullable;

/**
 * XHTML to PDF with openhtmltopdf and the DejaVu fonts (Latin and Cyrillic), as the route sheets do, with the fonts
 * parsed once instead of per document.
 *
 * <p>Where the time went (bench documents, DocumentPdfTest prints it): given the font files, openhtmltopdf parses
 * DejaVuSans.ttf and DejaVuSans-Bold.ttf (0.7 MB each, ~6,000 glyphs) for every document before subsetting them into
 * it: most of a document's CPU time on a quiet core, and under load the per-document garbage of two parsed fonts. Now
 * a small pool of parsed {@link TrueTypeFont} pairs is kept, at most one per core: a document borrows a pair, embeds
 * its subsets ({@link PDType0Font#load(PDDocument, TrueTypeFont, boolean)}) and gives it back after the PDF is
 * written (a parsed font is not safe for two documents at once, so the pool also bounds how many render at the same
 * time to the cores; more would only wait for a core while holding memory). openhtmltopdf's INFO lines per document
 * are switched off (warnings stay).
 */
final class DocumentPdf {

    static final File FONT = new File("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    static final File FONT_BOLD = new File("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf");
    static final int POOL = Math.max(2, Runtime.getRuntime().availableProcessors());

    private record Fonts(@Nullable TrueTypeFont regular, @Nullable TrueTypeFont bold) {}

    private static final BlockingQueue<Fonts> FONTS = new ArrayBlockingQueue<>(POOL);
    private static final AtomicInteger PARSED = new AtomicInteger();

    static {
        for (String logger : new String[] {XRLog.GENERAL, XRLog.LOAD, XRLog.MATCH, XRLog.CASCADE, XRLog.INIT, XRLog.CONFIG,
                XRLog.LAYOUT, XRLog.RENDER}) {
            XRLog.setLevel(logger, Level.WARNING);
        }
    }

    private DocumentPdf() {}

    static byte[] render(String xhtml) {
        Fonts fonts = borrow();
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024)) {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            builder.usePDDocument(doc);
            if (fonts.regular() != null) {
                TrueTypeFont regular = fonts.regular();
                builder.useFont(new PDFontSupplier(load(doc, regular)), "DejaVu Sans", 400, BaseRendererBuilder.FontStyle.NORMAL, true);
            }
            if (fonts.bold() != null) {
                TrueTypeFont bold = fonts.bold();
                builder.useFont(new PDFontSupplier(load(doc, bold)), "DejaVu Sans", 700, BaseRendererBuilder.FontStyle.NORMAL, true);
            }
            builder.withHtmlContent(xhtml, "/");
            builder.toStream(out);
            builder.run(); // lays out, embeds the font subsets and writes the PDF while the fonts are borrowed
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("A document PDF could not be written: " + e.getMessage(), e);
        } finally {
            FONTS.offer(fonts);
        }
    }

    /** How many font pairs were parsed so far (at most {@link #POOL}). */
    static int parsedFontPairs() {
        return PARSED.get();
    }

    private static PDType0Font load(PDDocument doc, TrueTypeFont font) {
        try {
            // closeTTF false: the parsed font goes back to the pool, the document must not close it
            return PDType0Font.load(doc, font, true);
        } catch (IOException e) {
            throw new IllegalStateException("The font could not be embedded: " + e.getMessage(), e);
        }
    }

    private static Fonts borrow() {
        Fonts f = FONTS.poll();
        if (f != null) {
            return f;
        }
        synchronized (PARSED) {
            if (PARSED.get() < POOL) {
                PARSED.incrementAndGet();
                return new Fonts(parse(FONT), parse(FONT_BOLD));
            }
        }
        try {
            return FONTS.take(); // every pair is in use: wait for one (as many documents render as there are cores)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to render a document", e);
        }
    }

    private static @Nullable TrueTypeFont parse(File file) {
        if (!file.isFile()) {
            return null;
        }
        try {
            return new TTFParser().parse(new RandomAccessReadBufferedFile(file));
        } catch (IOException e) {
            throw new IllegalStateException("The font " + file + " could not be read: " + e.getMessage(), e);
        }
    }
}
