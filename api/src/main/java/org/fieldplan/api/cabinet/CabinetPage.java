package org.fieldplan.api.cabinet;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The cabinet page at {@code /cabinet} (static page, script and styles under {@code static/cabinet/}); the links of the
 * notifications ({@code /cabinet/requests/<id>}, {@code /cabinet/sign-in?token=...}) open the same page, whose script
 * reads the path. The page is public; everything it shows comes from {@code /api/cabinet}, which needs the sign-in.
 */
@Controller
class CabinetPage {

    @GetMapping({"/cabinet", "/cabinet/", "/cabinet/sign-in", "/cabinet/requests/{id}"})
    String page() {
        return "forward:/cabinet/index.html";
    }
}
