package org.fieldplan.api.planning;

import io.swagger.v3.oas.annotations.Operation;
import org.fieldplan.api.security.CallableBy;
import org.fieldplan.api.security.Role;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.ZoneScope;
import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The stored routes of a day (staff only): a dispatcher sees the routes with a stop in their zones (none when they
 * have no zone); naming a zone that is not theirs is 403 (see {@link ZoneScope}).
 */
@RestController
@RequestMapping("/api/routes")
class RouteController {

    private final RouteStore routes;
    private final ZoneScope scope;

    RouteController(RouteStore routes, ZoneScope scope) {
        this.routes = routes;
        this.scope = scope;
    }

    @Operation(summary = "The stored routes of a day")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER}, scope = "Dispatchers: routes with a stop in their zones; none without zones.")
    @GetMapping
    List<RouteView> day(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day,
            @RequestParam(required = false) @Nullable List<Long> zoneId) {
        CurrentUser user = CurrentUser.fromContext();
        Set<Long> asked = zoneId == null ? new HashSet<>() : new HashSet<>(zoneId);
        asked.remove(null);
        if (asked.isEmpty() && scope.zones(user).none()) {
            return List.of(); // a dispatcher with no zone sees no route; naming a zone is 403 below
        }
        return routes.routes(day, scope.planningZones(user, asked));
    }
}
