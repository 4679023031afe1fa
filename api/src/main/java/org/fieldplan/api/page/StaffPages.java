package org.fieldplan.api.page;

import java.util.Arrays;
import java.util.List;

import org.fieldplan.api.request.RequestSource;
import org.fieldplan.api.request.RequestStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The desk (request list, new request, request card) and the reports placeholder (set-up: {@code setup.SetupPages}): staff only
 * ({@code SecurityConfig}). The pages are shells; their scripts read the API, which scopes the data.
 */
@PageController
class StaffPages {


    @ModelAttribute("statuses")
    List<String> statuses() {
        return Arrays.stream(RequestStatus.values()).map(RequestStatus::code).toList();
    }

    @ModelAttribute("sources")
    List<String> sources() {
        return Arrays.stream(RequestSource.values()).map(RequestSource::code).toList();
    }

    @GetMapping({"/desk", "/desk/"})
    String requests() {
        return "desk/requests";
    }

    @GetMapping("/desk/new")
    String newRequest() {
        return "desk/new";
    }

    @GetMapping("/desk/requests/{id}")
    String request(@PathVariable long id, Model model) {
        model.addAttribute("requestId", id);
        return "desk/request";
    }

    // /setup: org.fieldplan.api.setup.SetupPages (issue 14); /reports: org.fieldplan.api.report.ReportPages (issue 17)
}
