package org.fieldplan.api.setup;

import org.fieldplan.api.page.PageController;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The company's set-up screens (staff; {@code SecurityConfig}): zones on the street map, week schedules, technicians
 * and teams, services, users. Each page is a shell on the shared layout; its script reads and writes the API, which
 * checks who may do what (administrators change, dispatchers look).
 */
@PageController
class SetupPages {

    private static final java.util.Set<String> SECTIONS = java.util.Set.of("zones", "schedules", "people", "services", "users", "contracts", "partners", "agents");

    @GetMapping({"/setup", "/setup/"})
    String index(Model model) {
        model.addAttribute("section", "index");
        return "setup/index";
    }

    @GetMapping("/setup/{section:[a-z]+}")
    String section(@PathVariable String section, Model model) {
        if (!SECTIONS.contains(section)) {
            throw new org.fieldplan.api.web.NotFoundException("set-up page", section);
        }
        model.addAttribute("section", section);
        return "setup/" + section;
    }
}
