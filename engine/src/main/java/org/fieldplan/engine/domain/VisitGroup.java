package org.fieldplan.engine.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Work that needs several technicians at once (two electricians, a team of cleaners for a large yard): one visit per
 * person ({@link Visit#inGroup}), each with the skills that person needs, all at the same place, starting together at
 * the group's {@link #start()}. A fact shared by the members.
 * <p>
 * The common start is a fixed moment of the problem (offered by the booking search as a moment when enough people
 * are free together, or chosen with {@link #startInside} from the customer's window), so each member's route is timed
 * around it on its own: a member that arrives early waits until {@code start}, one that would arrive later breaks
 * {@code serviceStartsAfterWindow}. The solver plans the members as one unit: all of them or none
 * ({@code visitGroupPartlyAssigned}), each with a different technician ({@code visitGroupSameTechnician}), and every
 * start equal ({@code visitGroupStartsApart}, which can only fire when a member is late).
 *
 * @param id    the group's id (e.g. the service request's); the members' visit ids are their own
 * @param size  how many technicians the work needs (at least 2)
 * @param start when every member starts the service, seconds since the plan's origin
 */
public record VisitGroup(String id, int size, long start) {

    public VisitGroup {
        if (id.isBlank()) {
            throw new IllegalArgumentException("A visit group id is blank.");
        }
        if (size < 2) {
            throw new IllegalArgumentException("The visit group (" + id + ") has size " + size
                    + "; a group needs at least 2 technicians (a visit for one is an ordinary visit).");
        }
    }

    /**
     * The common start for a group whose customer was promised {@code windows} (sorted): the start of the first window,
     * or {@code fallback} when there is none. The solver does not move it: members wait for it.
     */
    public static long startInside(List<TimeWindow> windows, long fallback) {
        return windows.isEmpty() ? fallback : windows.getFirst().start();
    }

    /**
     * The {@code size} member visits of a group at {@code location}, one per entry of {@code skillsPerPerson} (the
     * skills that person needs; the list's size is the group's size), ids {@code id#1..#n}.
     */
    public static List<Visit> members(String id, String label, Location location, long serviceDuration, long start,
            List<Set<Skill>> skillsPerPerson, Set<Zone> zones, int priority, long deadline) {
        VisitGroup group = new VisitGroup(id, skillsPerPerson.size(), start);
        List<Visit> members = new ArrayList<>(skillsPerPerson.size());
        for (int i = 0; i < skillsPerPerson.size(); i++) {
            Visit member = new Visit(memberId(id, i), label, location, serviceDuration, List.of(), skillsPerPerson.get(i),
                    zones, priority, deadline, null, 0);
            members.add(member.inGroup(group));
        }
        return members;
    }

    /** The visit id of member {@code index} (0-based) of group {@code id}. */
    public static String memberId(String id, int index) {
        return id + "#" + (index + 1);
    }
}
