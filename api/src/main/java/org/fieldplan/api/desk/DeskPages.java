package org.fieldplan.api.desk;

import org.fieldplan.api.page.PageController;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The desk's own pages beside the list, new request and card (staff only, as every {@code /desk/**} page): the week
 * calendar ({@code /api/desk/week}) and the set-up of intake sources and request templates (changing a source is for
 * administrators: the API says so; dispatchers see the page read-only and may add templates).
 */
@PageController
class DeskPages {

    @GetMapping("/desk/week")
    String week() {
        return "desk/week";
    }

    @GetMapping("/desk/setup")
    String setup() {
        return "desk/setup";
    }
}
