package org.fieldplan.geo.problem;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.Skill;
import org.fieldplan.engine.domain.Visit;

/**
 * What is wrong with an assigned visit where it stands, in plain words, from the engine's own predicates (the ones
 * its hard constraints use); empty for a sound stop.
 */
public final class StopProblems {

    private StopProblems() {}

    public static List<String> of(FieldPlan plan, Visit visit) {
        List<String> problems = new ArrayList<>();
        if (!visit.isAssigned()) {
            return problems;
        }
        if (visit.isMissingSkill()) {
            problems.add("the technician lacks skill " + visit.missingSkills().stream().map(Skill::code).sorted()
                    .collect(Collectors.joining(", ")));
        }
        if (visit.secondsLateForWindow() > 0) {
            problems.add("starts " + minutes(visit.secondsLateForWindow()) + " after its time window closed");
        }
        if (visit.secondsAfterDeadline() > 0) {
            problems.add("ends " + minutes(visit.secondsAfterDeadline()) + " after its deadline ("
                    + SolutionWriter.time(plan, visit.getDeadline()) + ")");
        }
        if (visit.isOutsideZoneSchedule()) {
            problems.add("is served " + minutes(visit.secondsOutsideZoneSchedule()) + " outside the shift's hours"
                    + " for its zone");
        }
        if (visit.isUnreachableFromPrevious()) {
            problems.add("cannot be reached from the previous stop (no route in the travel matrix)");
        }
        return problems;
    }

    private static String minutes(long seconds) {
        long minutes = (seconds + 59) / 60;
        return minutes + (minutes == 1 ? " minute" : " minutes");
    }
}
