package org.fieldplan.api.desk;

import io.swagger.v3.oas.annotations.Operation;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.fieldplan.api.security.CallableBy;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.Role;
import org.fieldplan.api.web.InvalidInputException;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The week calendar of visits per technician (the desk's page {@code /desk/week}). */
@RestController
class DeskWeekController {

    private final DeskWeek week;
    private final Clock clock;

    DeskWeekController(DeskWeek week, Clock clock) {
        this.week = week;
        this.clock = clock;
    }

    /** Seven days from {@code from} (a day, default today in the company's time zone): technicians and their visits. */
    @Operation(summary = "The week calendar: visits per technician and day")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER},
            scope = "Dispatchers: the technicians and requests of their zones; none without zones.")
    @GetMapping("/api/desk/week")
    DeskWeek.Week get(@RequestParam(required = false) @Nullable String from) {
        LocalDate day;
        if (from == null || from.isBlank()) {
            day = LocalDate.now(clock);
        } else {
            try {
                day = LocalDate.parse(from.strip());
            } catch (DateTimeParseException e) {
                throw new InvalidInputException("from", from, "is not a day; write it as 2026-06-01");
            }
            if (day.getYear() < 2000 || day.getYear() > 2200) {
                throw new InvalidInputException("from", from, "is outside the years 2000-2200");
            }
        }
        return week.week(day, CurrentUser.fromContext());
    }
}
