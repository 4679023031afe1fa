package org.fieldplan.api.report;

import java.util.Arrays;

import org.fieldplan.api.page.PageController;
import org.fieldplan.api.request.RequestSource;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The reports page (staff: {@code SecurityConfig}); a shell whose script reads {@code /api/reports} in the caller's scope. */
@PageController
class ReportPages {

    @GetMapping("/reports")
    String reports(Model model) {
        model.addAttribute("sources", Arrays.stream(RequestSource.values()).map(RequestSource::code).toList());
        return "reports/reports";
    }

}
