package org.fieldplan.api.field;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The technician's day on a phone at {@code /field} (static page under {@code static/field/}; sign-in required). */
@Controller
class FieldPage {

    @GetMapping({"/field", "/field/"})
    String page() {
        return "forward:/field/index.html";
    }
}
