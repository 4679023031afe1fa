package org.fieldplan.api.booking;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The public booking form at {@code /book} (static page, script and styles under {@code static/book/}). */
@Controller
class BookingPage {

    @GetMapping({"/book", "/book/"})
    String page() {
        return "forward:/book/index.html";
    }
}
