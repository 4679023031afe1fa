package org.fieldplan.api.booking;

import java.util.Locale;

import jakarta.servlet.http.HttpServletResponse;
import org.fieldplan.api.page.PageController;
import org.jspecify.annotations.Nullable;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The public booking form at {@code /book} on the shared layout (template {@code book/index.html}, script and styles
 * under {@code static/book/}), and the same form for other sites at {@code /book/embed}: no header, the company's colour
 * (or {@code ?color=} six hex digits), the language of {@code ?lang=}, and a {@code frame-ancestors} policy naming the
 * configured origins, so only the company's sites can frame it ({@code /book/embed.js} mounts it).
 */
@PageController
class BookingPage {

    private final EmbedProperties embed;

    BookingPage(EmbedProperties embed) {
        this.embed = embed;
    }

    @GetMapping({"/book", "/book/"})
    String page(Model model) {
        model.addAttribute("embedded", false);
        model.addAttribute("color", embed.color());
        model.addAttribute("companyName", embed.companyName());
        return "book/index";
    }

    @GetMapping("/book/embed")
    String embedded(@RequestParam(required = false) @Nullable String color, Model model, HttpServletResponse response) {
        model.addAttribute("embedded", true);
        model.addAttribute("color", color != null && EmbedProperties.COLOR.matcher(color).matches()
                ? color.toLowerCase(Locale.ROOT) : embed.color());
        model.addAttribute("companyName", embed.companyName());
        response.setHeader("Content-Security-Policy", "frame-ancestors 'self'"
                + (embed.origins().isEmpty() ? "" : " " + String.join(" ", embed.origins())));
        return "book/index";
    }
}
