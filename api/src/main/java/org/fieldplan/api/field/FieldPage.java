package org.fieldplan.api.field;

import org.fieldplan.api.page.PageController;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The technician's day on a phone at {@code /field} on the shared layout ({@code templates/field.html}, script
 * {@code static/field/field.js}); technicians only.
 */
@PageController
class FieldPage {

    @GetMapping({"/field", "/field/"})
    String page() {
        return "field";
    }
}
