package org.fieldplan.api.planning;

import static org.fieldplan.api.persistence.jooq.Tables.ZONE;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.Role;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The stored routes of a day (staff only): a dispatcher sees the routes with a stop in their zones. */
@RestController
@RequestMapping("/api/routes")
class RouteController {

    private final RouteStore routes;
    private final DSLContext db;

    RouteController(RouteStore routes, DSLContext db) {
        this.routes = routes;
        this.db = db;
    }

    @GetMapping
    List<RouteView> day(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day,
            @RequestParam(required = false) @Nullable List<Long> zoneId) {
        CurrentUser user = CurrentUser.fromContext();
        Set<Long> zones = zoneId == null ? new HashSet<>() : new HashSet<>(zoneId);
        if (user.is(Role.DISPATCHER)) {
            Set<Long> own = new HashSet<>(db.select(ZONE.ID).from(ZONE).where(ZONE.DISPATCHER_ID.eq(user.userId()))
                    .fetch(ZONE.ID));
            if (zones.isEmpty()) {
                zones = own;
            } else {
                zones.retainAll(own);
            }
            if (zones.isEmpty()) {
                return List.of();
            }
        }
        return routes.routes(day, zones);
    }
}
