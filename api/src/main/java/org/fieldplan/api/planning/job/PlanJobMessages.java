package org.fieldplan.api.planning.job;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What planning jobs store and answer. */
public final class PlanJobMessages {

    private PlanJobMessages() {}

    /** A dispatcher's request to plan. */
    public record NewJob(@Nullable LocalDate from, @Nullable LocalDate to, @Nullable List<Long> zoneIds,
            @Nullable Integer seconds) {}

    /**
     * A stop of a planned route; {@code member} is null for the request's own stop and 2..n for another technician
     * of a team (work for several people, who all start at {@code start}).
     */
    public record Stop(long requestId, String label, Instant arrival, Instant start, Instant end, int travelSeconds,
            @Nullable Integer member) {

        public Stop(long requestId, String label, Instant arrival, Instant start, Instant end, int travelSeconds) {
            this(requestId, label, arrival, start, end, travelSeconds, null);
        }
    }

    /** A planned route. */
    public record Route(long technicianId, String technicianName, LocalDate day, int travelSeconds, int distanceMetres,
            List<Stop> stops) {}

    /** A request the plan leaves out, and why (plain words). */
    public record Unassigned(long requestId, String label, List<String> reasons) {}

    /** The best plan of a job. */
    public record Plan(List<Route> routes, List<Unassigned> unassigned) {}

    /** A job as the API shows it. */
    public record Job(long id, LocalDate from, LocalDate to, List<Long> zoneIds, int seconds, PlanJobStatus status,
            String createdBy, Instant createdAt, @Nullable Instant startedAt, @Nullable Instant endedAt,
            @Nullable String score, @Nullable Integer assigned, @Nullable Integer unassigned,
            @Nullable Integer travelSeconds, @Nullable Integer distanceMetres, @Nullable Integer elapsedSeconds,
            @Nullable String error, @Nullable Instant publishedAt, @Nullable Plan plan) {}

    /**
     * One progress event of the SSE stream. A big job solved in parts (docs/planning.md, "Big jobs") also says the
     * stage that ended last ({@code stage}: the engine's name, e.g. {@code parts travel search},
     * {@code boundary round 2}) and into how many parts its scope is split ({@code parts}); both come from the job's row
     * (the solving instance stores them), so every instance sends them, and both are null for a job solved whole and
     * for a job that is not solving.
     */
    public record ProgressEvent(long jobId, PlanJobStatus status, @Nullable String score, @Nullable Integer assigned,
            @Nullable Integer unassigned, @Nullable Integer travelSeconds, @Nullable Integer elapsedSeconds,
            @Nullable String stage, @Nullable Integer parts) {

        public ProgressEvent(long jobId, PlanJobStatus status, @Nullable String score, @Nullable Integer assigned,
                @Nullable Integer unassigned, @Nullable Integer travelSeconds, @Nullable Integer elapsedSeconds) {
            this(jobId, status, score, assigned, unassigned, travelSeconds, elapsedSeconds, null, null);
        }

        ProgressEvent withStage(@Nullable String stageName, @Nullable Integer partCount) {
            return new ProgressEvent(jobId, status, score, assigned, unassigned, travelSeconds, elapsedSeconds,
                    stageName, partCount);
        }
    }

    /** A technician off on a day. */
    public record NewAbsence(@Nullable LocalDate day, @Nullable String reason) {}
}
