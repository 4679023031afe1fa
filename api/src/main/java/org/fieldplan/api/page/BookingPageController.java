package org.fieldplan.api.page;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code GET /book}: the public booking form (anonymous). The page is static ({@code static/book/index.html} with
 * {@code book.css} and {@code book.js} beside it under {@code /book/}); it picks its language itself from
 * {@code ?lang=} or the browser's preferred languages and calls {@code /api/public/**}.
 */
@Controller
class BookingPageController {

    private final byte[] page;

    BookingPageController() {
        try (InputStream in = new ClassPathResource("static/book/index.html").getInputStream()) {
            this.page = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("the booking page static/book/index.html is missing from the classpath", e);
        }
    }

    @GetMapping({"/book", "/book/"})
    ResponseEntity<byte[]> bookingForm() {
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noCache()).body(page);
    }
}
