package org.fieldplan.api.booking;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.fieldplan.api.planning.LoadOptions;
import org.fieldplan.api.planning.LoadedPlan;
import org.fieldplan.api.planning.PlanScope;
import org.fieldplan.api.planning.PlanningProblems;
import org.fieldplan.api.planning.route.RouteWriter;
import org.fieldplan.api.request.RequestWriter;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Skill;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.domain.VisitGroup;
import org.fieldplan.engine.edit.RouteEditor;
import org.fieldplan.engine.slots.DailyWindow;
import org.fieldplan.engine.slots.GroupWindowSearch;
import org.fieldplan.engine.slots.WindowSettings;
import org.fieldplan.engine.slots.NewVisit;
import org.fieldplan.engine.slots.WindowAnswer;
import org.fieldplan.engine.slots.WindowSearch;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The last step of every booking (the public form's and the desk's): inside the caller's transaction, with the day
 * locked, the window is checked again against the routes as they are now and every other customer's hold, and the
 * request is inserted into the route the window search chose and scheduled with the promised window.
 */
@Component
class WindowPlacement {

    private final BookingHorizon horizon;
    private final PlanningProblems problems;
    private final RouteWriter routes;
    private final RequestWriter requestWriter;

    WindowPlacement(BookingHorizon horizon, PlanningProblems problems, RouteWriter routes, RequestWriter requestWriter) {
        this.horizon = horizon;
        this.problems = problems;
        this.routes = routes;
        this.requestWriter = requestWriter;
    }

    /** Null when the request is on a route now; otherwise the code of the reason the window is not free any more. */
    @Nullable String place(long requestId, LocalDate day, DailyWindow window, String serviceCode, @Nullable UUID holdId,
            RequestWriter.PromisedWindow promised, String note, CurrentUser actor) {
        LoadedPlan loaded = problems.load(new PlanScope(day, day, Set.of()),
                new LoadOptions(horizon.holds(day, day, holdId), 0, true, Set.of(requestId)));
        Visit visit = loaded.visitOf(requestId);
        if (visit.getGroup() != null) {
            return placeTeam(loaded, visit, requestId, day, window, serviceCode, promised, note, actor);
        }
        NewVisit newVisit = new NewVisit(visit.getLabel(), visit.getLocation(), visit.getServiceDuration(),
                visit.getRequiredSkills(), visit.getZones(), Visit.NO_DEADLINE, 0, serviceCode);
        WindowAnswer answer = WindowSearch.prepare(loaded.plan()).check(newVisit, day, window);
        if (!answer.available()) {
            return WindowAnswers.code(answer);
        }
        Shift shift = loaded.plan().getShifts().stream().filter(x -> x.getId().equals(answer.insertion().shiftId()))
                .findFirst().orElseThrow();
        RouteEditor.insert(shift, visit, answer.insertion().position());
        routes.saveShifts(loaded, java.util.List.of(shift), null, null);
        requestWriter.schedule(requestId, loaded.technicianId(shift), promised, note + ".", actor);
        return null;
    }

    /**
     * A request whose work needs a team: the group search for this window against the routes as they are now; every
     * member goes into the route of the technician found for that person, all starting at the moment found (the
     * members' common start); all routes are written in one go, so the team is booked whole or not at all.
     */
    private @Nullable String placeTeam(LoadedPlan loaded, Visit lead, long requestId, LocalDate day, DailyWindow window,
            String serviceCode, RequestWriter.PromisedWindow promised, String note, CurrentUser actor) {
        VisitGroup group = lead.getGroup();
        List<Visit> members = new ArrayList<>();
        for (Visit v : loaded.plan().getVisits()) {
            if (v.getGroup() == group) {
                members.add(v);
            }
        }
        // member #1 (the request's own visit) first, then #2..n
        members.sort(Comparator.comparingInt(v -> loaded.member(v) == null ? 1 : loaded.member(v).number()));
        List<Set<Skill>> team = members.stream().map(Visit::getRequiredSkills).toList();
        NewVisit newVisit = new NewVisit(lead.getLabel(), lead.getLocation(), lead.getServiceDuration(), Set.of(),
                lead.getZones(), Visit.NO_DEADLINE, 0, serviceCode);
        GroupWindowSearch.GroupWindowAnswer answer = GroupWindows.check(WindowSearch.prepare(loaded.plan()), newVisit,
                team, new WindowSettings(day, day, List.of(window), Map.of(), Map.of()));
        if (!answer.available()) {
            return "FULL";
        }
        VisitGroup booked = new VisitGroup(group.id(), group.size(), answer.groupStart());
        Map<String, Shift> shifts = new HashMap<>();
        loaded.plan().getShifts().forEach(x -> shifts.put(x.getId(), x));
        List<Shift> written = new ArrayList<>();
        for (int k = 0; k < members.size(); k++) {
            Visit member = members.get(k).inGroup(booked); // they start together at the moment the search found
            Shift shift = shifts.get(answer.insertions().get(k).shiftId());
            RouteEditor.insert(shift, member, answer.insertions().get(k).position());
            written.add(shift);
        }
        routes.saveShifts(loaded, written, null, null);
        requestWriter.schedule(requestId, loaded.technicianId(written.getFirst()), promised, note + ".", actor);
        return null;
    }
}
