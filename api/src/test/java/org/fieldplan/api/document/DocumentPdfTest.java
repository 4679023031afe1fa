package org.fieldplan.api.document;

import static org.assertj.core.api.Assertions.assertThat;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/**
 * Documents rendered with the pooled, once-parsed fonts read right in both languages when eight callers render at the
 * same time, never parse more font pairs than the pool holds; and how long a document takes with the fonts parsed per
 * document (as before) and pooled (printed, not asserted: the machine's load decides the figures).
 */
class DocumentPdfTest {

    static String xhtml(int i) {
        List<DocumentView.Line> lines = new ArrayList<>();
        for (int l = 1; l <= 5; l++) {
            lines.add(new DocumentView.Line("service-" + l, "Поверка счётчика " + l + " / meter check " + l, "piece", l,
                    new BigDecimal("22.95"), new BigDecimal("22.95").multiply(BigDecimal.valueOf(l)), l == 5, false, List.of()));
        }
        return DocumentPage.xhtml(new DocumentPage.Content(i % 2 == 0 ? DocumentKind.SPECIFICATION : DocumentKind.ACT, i,
                DocumentState.ISSUED, "2026-" + (1000 + i), "Customer " + i, "1 Test Street", lines, new BigDecimal("344.25"),
                true, "EUR", "Payment on completion.", LocalDate.of(2026, 12, 20), LocalDate.of(2026, 12, 6), "office",
                DocumentPage.Texts.of(i % 2 == 0 ? "ru" : "en")));
    }

    static String text(byte[] pdf) throws Exception {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(doc);
        }
    }

    /** The renderer as it was: the font files given to openhtmltopdf, parsed for every document. */
    static byte[] renderParsingFontsEachTime(String xhtml) throws Exception {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            builder.useFont(DocumentPdf.FONT, "DejaVu Sans");
            builder.useFont(DocumentPdf.FONT_BOLD, "DejaVu Sans", 700, BaseRendererBuilder.FontStyle.NORMAL, true);
            builder.withHtmlContent(xhtml, "/");
            builder.toStream(out);
            builder.run();
            return out.toByteArray();
        }
    }

    @Test
    void eightCallersAtOnceGetCorrectDocumentsInBothLanguages() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<String>> texts = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            int n = i;
            texts.add(pool.submit(() -> text(DocumentPdf.render(xhtml(n)))));
        }
        for (int i = 0; i < texts.size(); i++) {
            String t = texts.get(i).get();
            if (i % 2 == 0) {
                assertThat(t).contains("Спецификация № " + i, "Поверка счётчика 5", "22,95 €", "от 344,25 €", "2026-" + (1000 + i));
            } else {
                assertThat(t).contains("Act of completed work No", "meter check 3", "€68.85", "from €344.25", "2026-" + (1000 + i));
            }
        }
        pool.shutdown();
        assertThat(DocumentPdf.parsedFontPairs()).isBetween(1, DocumentPdf.POOL);
    }

    @Test
    void printsWhereTheTimeGoes() throws Exception {
        int n = 20;
        for (int i = 0; i < 4; i++) { // warm both paths up
            renderParsingFontsEachTime(xhtml(i));
            DocumentPdf.render(xhtml(i));
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            renderParsingFontsEachTime(xhtml(i));
        }
        long t1 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            DocumentPdf.render(xhtml(i));
        }
        long t2 = System.nanoTime();
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        System.out.printf("DocumentPdfTest: one thread, %d documents: fonts parsed per document %.1f ms each, pooled fonts %.1f ms each (load %.1f)%n",
                n, (t1 - t0) / 1e6 / n, (t2 - t1) / 1e6 / n, load);
        assertThat(text(DocumentPdf.render(xhtml(1)))).isEqualTo(text(renderParsingFontsEachTime(xhtml(1))));
    }
}
