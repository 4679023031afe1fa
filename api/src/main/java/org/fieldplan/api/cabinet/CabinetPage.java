package org.fieldplan.api.cabinet;

import org.fieldplan.api.booking.EmbedProperties;
import org.fieldplan.api.page.PageController;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The cabinet page at {@code /cabinet} on the shared layout (template {@code cabinet/index.html}, script and styles
 * under {@code static/cabinet/}); the links of the notifications ({@code /cabinet/requests/<id>},
 * {@code /cabinet/sign-in?token=...}) open the same page, whose script reads the path. The page is public; everything
 * it shows comes from {@code /api/cabinet}, which needs the sign-in.
 */
@PageController
class CabinetPage {

    private final EmbedProperties embed;

    CabinetPage(EmbedProperties embed) {
        this.embed = embed;
    }

    @GetMapping({"/cabinet", "/cabinet/", "/cabinet/sign-in", "/cabinet/new", "/cabinet/requests/{id}"})
    String page(Model model) {
        model.addAttribute("companyName", embed.companyName());
        model.addAttribute("color", embed.color());
        return "cabinet/index";
    }
}
