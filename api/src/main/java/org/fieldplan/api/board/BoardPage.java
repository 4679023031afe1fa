package org.fieldplan.api.board;

import org.fieldplan.api.page.PageController;
import org.springframework.web.bind.annotation.GetMapping;

/** The dispatcher board at {@code /board} on the shared layout ({@code templates/board.html}, script {@code static/board/board.js}). */
@PageController
class BoardPage {

    @GetMapping({"/board", "/board/"})
    String page() {
        return "board";
    }
}
