package org.fieldplan.api.notification;

import org.fieldplan.api.page.PageController;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The desk's page of requests that came by e-mail ({@code /desk/drafts}, staff only as every {@code /desk/**} page):
 * the open drafts of {@code /api/inbox/drafts} with their text and files, completed through the desk's intake form
 * ({@code /desk/new?draft=id}) or rejected with a reason.
 */
@PageController
class InboxPages {

    @GetMapping("/desk/drafts")
    String drafts() {
        return "desk/drafts";
    }
}
