package org.fieldplan.api.desk;

import static org.fieldplan.api.persistence.jooq.Tables.ROUTE;
import static org.fieldplan.api.persistence.jooq.Tables.ROUTE_STOP;
import static org.fieldplan.api.persistence.jooq.Tables.TECHNICIAN;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.fieldplan.api.board.Board;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.ZoneScope;
import org.fieldplan.api.web.FieldProblem;
import org.fieldplan.api.web.InvalidInputException;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Service;

/**
 * Assigning or reassigning a request to a technician on a day from the request card, through the board's own move
 * ({@link Board#move}): the same hard-rule check (skills, zone schedule, promised window, deadline, shift end, lunch,
 * capacity: in words naming the technician and the time), and an allowed assignment stored by the board on both routes
 * (RouteWriter) and on the request (scheduled, with the technician). The card does not ask for a position: every place
 * on the technician's route that day is checked, earliest first, and the first the rules allow is taken; when none is,
 * the answer is the place that breaks the fewest rules, with what it breaks.
 */
@Service
public class DeskAssignments {

    private final Board board;
    private final ZoneScope scope;
    private final DSLContext db;
    private final RuleTexts rules;

    DeskAssignments(Board board, ZoneScope scope, DSLContext db, RuleTexts rules) {
        this.board = board;
        this.scope = scope;
        this.db = db;
        this.rules = rules;
    }

    /**
     * @param allowed     whether the rules allow it (and with {@code applied}, it was stored)
     * @param violations  what it would break, in words (the rule's name first), in the caller's language; empty when allowed
     * @param arrival     when the technician would arrive (HH:MM, company time), when the route can be timed
     * @param position    the place on the technician's route (0 = first visit of the day)
     */
    public record Answer(boolean allowed, boolean applied, List<String> violations, @Nullable String arrival,
            long technicianId, String technicianName, LocalDate date, int position) {}

    public Answer assign(long requestId, @Nullable LocalDate date, @Nullable Long technicianId, boolean apply,
            CurrentUser user) {
        scope.requireRequest(user, requestId); // 404 outside the caller's zones, before anything about the body
        List<FieldProblem> problems = new ArrayList<>();
        if (date == null) {
            problems.add(new FieldProblem("date", null, "give the day of the visit, e.g. 2026-12-08"));
        } else if (date.getYear() < 2000 || date.getYear() > 2200) {
            problems.add(new FieldProblem("date", date.toString(), "is outside the years 2000-2200"));
        }
        if (technicianId == null) {
            problems.add(new FieldProblem("technicianId", null, "choose a technician"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        String name = db.select(TECHNICIAN.NAME).from(TECHNICIAN).where(TECHNICIAN.ID.eq(technicianId))
                .fetchOne(TECHNICIAN.NAME);
        if (name == null) {
            throw new InvalidInputException("technicianId", technicianId, "is not a technician");
        }
        int others = db.fetchCount(db.selectOne().from(ROUTE_STOP).join(ROUTE).on(ROUTE.ID.eq(ROUTE_STOP.ROUTE_ID))
                .where(ROUTE.TECHNICIAN_ID.eq(technicianId), ROUTE.DAY.eq(date), ROUTE_STOP.REQUEST_ID.ne(requestId)));
        Board.Check best = null;
        int bestPosition = 0;
        for (int position = 0; position <= others; position++) {
            Board.Check check = board.move(date, requestId, technicianId, position, false, user);
            if (best == null || check.violations().size() < best.violations().size()) {
                best = check;
                bestPosition = position;
            }
            if (check.allowed()) {
                break;
            }
        }
        if (apply && best.allowed()) {
            // checked again under the day's lock and stored by the board; a change in between answers what it breaks now
            Board.Check stored = board.move(date, requestId, technicianId, bestPosition, true, user);
            return new Answer(stored.allowed(), stored.allowed(), words(stored.violations()), stored.arrival(), technicianId,
                    name, date, bestPosition);
        }
        return new Answer(best.allowed(), false, words(best.violations()), best.arrival(), technicianId, name, date,
                bestPosition);
    }

    /** The engine's English sentences in the caller's language (the page's: its cookie, else Accept-Language). */
    private List<String> words(List<String> violations) {
        return rules.translate(violations, LocaleContextHolder.getLocale());
    }
}
