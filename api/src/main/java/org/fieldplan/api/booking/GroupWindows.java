package org.fieldplan.api.booking;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.fieldplan.engine.domain.Skill;
import org.fieldplan.engine.slots.GroupWindowSearch;
import org.fieldplan.engine.slots.GroupWindowSearch.GroupWindowAnswer;
import org.fieldplan.engine.slots.Insertion;
import org.fieldplan.engine.slots.NewVisit;
import org.fieldplan.engine.slots.Unavailability;
import org.fieldplan.engine.slots.WindowAnswer;
import org.fieldplan.engine.slots.WindowSearch;
import org.fieldplan.engine.slots.WindowSearchResult;
import org.fieldplan.engine.slots.WindowSettings;

/**
 * Booking windows for work that needs a team (a service type with {@code team_size} above 1): the engine's
 * {@link GroupWindowSearch} over the same prepared horizon as the one-technician search, which offers a window only
 * when enough qualified people are free <em>together</em> at one moment inside it (the group's start). Kept apart
 * from {@link BookingWindows}' one-technician path, which it does not slow down: that path only asks the service
 * type's team size.
 * <p>
 * The answers are turned into the one-technician form ({@link WindowAnswer}) for the booking form and the desk: an
 * available window carries the lead's insertion with the team's added travel, ranked by that travel; an unavailable
 * one is {@link Unavailability#FULL} with the engine's reason ("fewer than 2 technicians ... are free together").
 */
final class GroupWindows {

    private GroupWindows() {}

    /** Every window of {@code settings}, in day and time order, ranked by the team's added travel. */
    static WindowSearchResult search(WindowSearch search, NewVisit visit, List<Set<Skill>> team, WindowSettings settings) {
        return result(new GroupWindowSearch(search).search(visit, team, settings));
    }

    /** One window of one day for the team, with every person's insertion (to hold or book it). */
    static GroupWindowAnswer check(WindowSearch search, NewVisit visit, List<Set<Skill>> team, WindowSettings oneWindow) {
        return new GroupWindowSearch(search).search(visit, team, oneWindow).getFirst();
    }

    static WindowSearchResult result(List<GroupWindowAnswer> answers) {
        List<GroupWindowAnswer> available = new ArrayList<>(answers.stream().filter(GroupWindowAnswer::available).toList());
        available.sort(Comparator.comparingLong(GroupWindowAnswer::cost));
        List<WindowAnswer> out = new ArrayList<>(answers.size());
        for (GroupWindowAnswer a : answers) {
            out.add(answer(a, available.indexOf(a) + 1));
        }
        return new WindowSearchResult(out);
    }

    /** The team's answer in the one-technician form: the lead's insertion with the team's added travel. */
    static WindowAnswer answer(GroupWindowAnswer a, int rank) {
        if (!a.available()) {
            return new WindowAnswer(a.day(), a.window(), a.start(), a.end(), null, 0, 0, Unavailability.FULL, a.reason());
        }
        Insertion lead = a.insertions().getFirst();
        Insertion team = new Insertion(lead.shiftId(), lead.technicianId(), lead.position(), a.groupStart(),
                (int) Math.min(Integer.MAX_VALUE, a.cost()), lead.addedTravelMetres(), lead.routeWorkSeconds());
        return new WindowAnswer(a.day(), a.window(), a.start(), a.end(), team, a.cost(), rank, null, null);
    }
}
