package org.fieldplan.api.document;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;

/** XHTML to PDF with openhtmltopdf and the DejaVu fonts (Latin and Cyrillic), as the route sheets do. */
final class DocumentPdf {

    static final File FONT = new File("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    static final File FONT_BOLD = new File("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf");

    private DocumentPdf() {}

    static byte[] render(String xhtml) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024)) {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            if (FONT.isFile()) {
                builder.useFont(FONT, "DejaVu Sans");
            }
            if (FONT_BOLD.isFile()) {
                builder.useFont(FONT_BOLD, "DejaVu Sans", 700, BaseRendererBuilder.FontStyle.NORMAL, true);
            }
            builder.withHtmlContent(xhtml, "/");
            builder.toStream(out);
            builder.run();
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("A document PDF could not be written: " + e.getMessage(), e);
        }
    }
}
