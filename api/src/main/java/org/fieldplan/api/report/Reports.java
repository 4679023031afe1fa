package org.fieldplan.api.report;

import static org.fieldplan.api.persistence.jooq.Tables.DEPARTMENT_MEMBER;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST_ITEM;
import static org.fieldplan.api.persistence.jooq.Tables.TECHNICIAN;
import static org.fieldplan.api.persistence.jooq.Tables.ZONE;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.fieldplan.api.config.FieldPlanProperties;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.ZoneScope;
import org.fieldplan.api.web.FieldProblem;
import org.fieldplan.api.web.InvalidInputException;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.QueryPart;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reports (docs/reports.md), computed from the stored history each time: the requests, their status history
 * ({@code service_request_history}), their routes and stops, ratings and prices. No counter is kept on the side, so a
 * report over any past period is right.
 *
 * <p>Each counted figure is one SQL condition over the period's requests ({@link Figure#drill()} names it); the
 * drill-down ({@link #drill}) lists the requests that meet exactly that condition, so a figure and its requests
 * cannot disagree. The period's requests are those received in it, with a history entry in it, a deadline or a
 * rating in it, or a visit on a route of one of its days; the caller's scope ({@link ZoneScope#requests}) and the
 * filter apply first.
 */
@Service
public class Reports {

    /** A request untouched this long after it arrived counts as forgotten. */
    public static final int FORGOTTEN_HOURS = 24;
    /** The most requests one drill-down lists (the count is always complete). */
    public static final int DRILL_LIMIT = 5000;

    public record Figure(String key, @Nullable Double value, String unit, @Nullable String drill) {
    }

    public record TableRow(List<@Nullable Object> cells, @Nullable String drill) {
    }

    public record Table(String key, List<String> columns, List<TableRow> rows) {
    }

    public record Section(String key, List<Figure> figures, List<Table> tables) {
    }

    /** A report: its filter, whose scope it was computed in, and its sections. */
    public record Report(Map<String, String> filter, String role, boolean everything, Set<Long> zoneIds, List<Section> sections) {

        public Figure figure(String key) {
            return sections.stream().flatMap(s -> s.figures().stream()).filter(f -> f.key().equals(key)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no figure " + key));
        }
    }

    public record DrillRow(long id, String registrationNumber, String status, OffsetDateTime createdAt, @Nullable String zone,
                           @Nullable String technician) {
    }

    public record Drill(String figure, int count, List<DrillRow> requests) {
    }

    /** What a drill-down names: a figure and, for a table's row, the row's key (a day and source, a technician, ...). */
    public record DrillKey(String figure, @Nullable LocalDate day, @Nullable String source, @Nullable String technician,
                           @Nullable Long service, @Nullable String modifier) {
    }

    private final DSLContext db;
    private final ZoneScope scope;
    private final ZoneId timeZone;
    private final Clock clock;

    Reports(DSLContext db, ZoneScope scope, FieldPlanProperties properties, Clock clock) {
        this.db = db;
        this.scope = scope;
        this.timeZone = properties.timeZone();
        this.clock = clock;
    }

    public LocalDate today() {
        return LocalDate.now(clock.withZone(timeZone));
    }

    // ---- the SQL: conditions over the facts of the period's requests (CTE f), {1} = from, {2} = to, {3} = now ----------

    private static final String RECEIVED = "(f.created_at >= {1} AND f.created_at < {2})";
    private static final String FORGOTTEN = "(" + RECEIVED + " AND coalesce(f.first_action, {3}) > f.created_at + interval '"
            + FORGOTTEN_HOURS + " hours')";
    private static final String DONE = "(f.first_done >= {1} AND f.first_done < {2})";
    private static final String CANCELLED = "(f.first_cancelled >= {1} AND f.first_cancelled < {2})";
    private static final String REFUSED = "(f.first_refused >= {1} AND f.first_refused < {2})";
    private static final String DISPUTED = "(f.first_disputed >= {1} AND f.first_disputed < {2})";
    private static final String DUE = "(f.deadline >= {1} AND f.deadline < {2} AND f.deadline < {3} AND f.created_at < {2}"
            + " AND (f.first_cancelled IS NULL OR f.first_cancelled > f.deadline) AND (f.first_refused IS NULL OR f.first_refused > f.deadline))";
    private static final String OVERDUE = "(" + DUE + " AND (f.first_done IS NULL OR f.first_done > f.deadline))";
    private static final String HIT = "(" + DUE + " AND f.first_done <= f.deadline)";
    private static final String BOOKED = "(" + RECEIVED + " AND f.first_cancelled IS NULL AND f.first_refused IS NULL)";
    private static final String RATED = "(f.rating IS NOT NULL AND f.rated_at >= {1} AND f.rated_at < {2})";
    private static final String VISITED = "(f.id IN (SELECT s.request_id FROM route_stop s JOIN route ro ON ro.id = s.route_id"
            + " WHERE ro.day >= {4} AND ro.day <= {5} AND s.finished_at IS NOT NULL))";

    private static final Map<String, String> FIGURES = Map.ofEntries(
            Map.entry("received", RECEIVED), Map.entry("forgotten", FORGOTTEN), Map.entry("done", DONE),
            Map.entry("cancelled", CANCELLED), Map.entry("refused", REFUSED), Map.entry("disputed", DISPUTED),
            Map.entry("overdue", OVERDUE), Map.entry("deadlineHit", HIT), Map.entry("booked", BOOKED), Map.entry("rated", RATED),
            Map.entry("visits", VISITED));

    /** The figures that can be drilled into. */
    public static Set<String> drillFigures() {
        return new TreeSet<>(FIGURES.keySet());
    }

    /**
     * The period's requests in scope with their milestones ({@code request_milestone}, derived from the history by the
     * request feature in the same transaction as each history row): {0} selects them.
     */
    private static final String FACTS = "WITH f AS MATERIALIZED ({0})\n";

    private static String minutes(String from, String to) {
        return "extract(epoch FROM " + to + " - " + from + ") / 60.0";
    }

    /** The median and the 90th percentile in one sort: a JSON array [p50, p90]. */
    private static String percentiles(String value, String where) {
        return "percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY " + value + ") FILTER (WHERE " + where + ")";
    }

    // ---- the report ---------------------------------------------------------------------------------------------------

    @Transactional(readOnly = true)
    public Report report(CurrentUser user, ReportFilter filter) {
        settings();
        Scoped base = base(user, filter);
        Period p = period(filter);
        // the rollup (V143) answers every filter but the service; the service filter reads the milestones themselves
        boolean rollup = rollup(user, filter);
        // the percentiles from the per-month histograms (V145), which know the zone but not the source or technician
        boolean histograms = rollup && filter.technicianId() == null && filter.source() == null;
        Record all = rollup ? fromRollup(base, p, !histograms) : fromMilestones(base, p);
        JsonNode a = JSON.readTree(all.get("totals", String.class));
        @Nullable Double[] pct = histograms ? percentilesFromHistograms(base, p) : new @Nullable Double[] {
                number(a.path("first_p"), 0), number(a.path("first_p"), 1), number(a.path("assigned_p"), 0), number(a.path("assigned_p"), 1),
                number(a.path("completion_p"), 0), number(a.path("completion_p"), 1)};

        long received = count(a, "received");
        long overdue = count(a, "overdue");
        long hit = count(a, "hit");
        List<Section> sections = new ArrayList<>();

        // intake
        List<TableRow> perDay = new ArrayList<>();
        for (JsonNode r : JSON.readTree(all.get("per_day", String.class))) {
            String day = r.path("day").asString();
            String source = r.path("source").asString();
            perDay.add(new TableRow(List.of(day, source, count(r, "n")), "figure=received&day=" + day + "&daySource=" + source));
        }
        sections.add(new Section("intake", List.of(
                new Figure("received", (double) received, "count", "figure=received"),
                new Figure("reactionFirstP50", pct[0], "minutes", null),
                new Figure("reactionFirstP90", pct[1], "minutes", null),
                new Figure("reactionAssignedP50", pct[2], "minutes", null),
                new Figure("reactionAssignedP90", pct[3], "minutes", null),
                new Figure("forgotten", (double) count(a, "forgotten"), "count", "figure=forgotten"),
                new Figure("forgottenShare", share(count(a, "forgotten"), received), "percent", null)),
                List.of(new Table("receivedByDay", List.of("day", "source", "requests"), perDay))));

        // delivery: the figures from the history, then the routes of the period's days
        Result<Record> crews = rollup(user, filter) ? crewsFromRollup(base, filter) : crews(base, filter);
        double travel = 0;
        double shiftSeconds = 0;
        double[] delay = new double[2];
        double[] planned = new double[2];
        double[] actual = new double[2];
        double shifts = 0;
        double visits = 0;
        double labour = 0;
        double labourCount = 0;
        List<TableRow> perTechnician = new ArrayList<>();
        for (Record r : crews) {
            long s = r.get("shifts", Long.class);
            long v = r.get("visits", Long.class);
            shifts += s;
            visits += v;
            labour += r.get("labour", BigDecimal.class) == null ? 0 : r.get("labour", BigDecimal.class).doubleValue();
            labourCount += r.get("labour_count", Long.class);
            travel += r.get("travel", Double.class);
            shiftSeconds += r.get("shift", Double.class);
            perTechnician.add(new TableRow(java.util.Arrays.asList(r.get("name", String.class), s, v, round(s == 0 ? null : (double) v / s),
                    round(mean(r, "delay", delay)), round(mean(r, "planned", planned)), round(mean(r, "actual", actual))),
                    "figure=visits&technician=" + r.get("technician_id", Long.class)));
        }
        sections.add(new Section("delivery", List.of(
                new Figure("done", (double) count(a, "done"), "count", "figure=done"),
                new Figure("cancelled", (double) count(a, "cancelled"), "count", "figure=cancelled"),
                new Figure("refused", (double) count(a, "refused"), "count", "figure=refused"),
                new Figure("overdue", (double) overdue, "count", "figure=overdue"),
                new Figure("deadlineHit", (double) hit, "count", "figure=deadlineHit"),
                new Figure("deadlineHitRate", share(hit, hit + overdue), "percent", null),
                new Figure("completionP50", pct[4], "hours", null),
                new Figure("completionP90", pct[5], "hours", null),
                new Figure("visits", (double) (crews.isEmpty() ? 0 : crews.get(0).get("visited", Long.class)), "count", "figure=visits"),
                new Figure("visitsPerShift", round(shifts == 0 ? null : visits / shifts), "ratio", null),
                new Figure("labourMinutesPerRequest", round(labourCount == 0 ? null : labour / labourCount), "minutes", null),
                new Figure("drivingShare", crews.isEmpty() || shiftSeconds == 0 ? null : round(100.0 * travel / shiftSeconds), "percent", null),
                new Figure("startDelay", round(delay[1] == 0 ? null : delay[0] / delay[1]), "minutes", null),
                new Figure("plannedDuration", round(planned[1] == 0 ? null : planned[0] / planned[1]), "minutes", null),
                new Figure("actualDuration", round(actual[1] == 0 ? null : actual[0] / actual[1]), "minutes", null)),
                List.of(new Table("technicians", List.of("technician", "shifts", "visits", "visitsPerShift", "startDelay",
                        "plannedDuration", "actualDuration"), perTechnician))));

        // quality
        List<TableRow> byTechnician = new ArrayList<>();
        for (JsonNode r : JSON.readTree(all.get("by_technician", String.class))) {
            String id = r.path("id").isNull() ? "none" : String.valueOf(r.path("id").asLong());
            byTechnician.add(new TableRow(java.util.Arrays.asList(text(r, "name"), count(r, "n"), round(number(r, "stars"))),
                    "figure=rated&technician=" + id));
        }
        List<TableRow> byService = new ArrayList<>();
        for (JsonNode r : JSON.readTree(all.get("by_service", String.class))) {
            byService.add(new TableRow(java.util.Arrays.asList(text(r, "name"), count(r, "n"), round(number(r, "stars"))),
                    "figure=rated&service=" + r.path("id").asLong()));
        }
        List<TableRow> comments = new ArrayList<>();
        for (JsonNode r : JSON.readTree(all.get("comments", String.class))) {
            comments.add(new TableRow(java.util.Arrays.asList(text(r, "number"), r.path("rating").asInt(), text(r, "name"), text(r, "text")),
                    "request=" + r.path("id").asLong()));
        }
        sections.add(new Section("quality", List.of(
                new Figure("rated", (double) count(a, "rated"), "count", "figure=rated"),
                new Figure("ratingAverage", round(number(a, "rating_avg")), "stars", null),
                new Figure("disputed", (double) count(a, "disputed"), "count", "figure=disputed")),
                List.of(new Table("ratingsByTechnician", List.of("technician", "ratings", "stars"), byTechnician),
                        new Table("ratingsByService", List.of("service", "ratings", "stars"), byService),
                        new Table("ratingComments", List.of("number", "stars", "technician", "comment"), comments))));

        // money
        List<TableRow> modifiers = new ArrayList<>();
        for (JsonNode r : JSON.readTree(all.get("modifiers", String.class))) {
            String name = text(r, "name");
            modifiers.add(new TableRow(java.util.Arrays.asList(name, text(r, "effect"), count(r, "lines"), count(r, "n")),
                    "figure=booked&modifier=" + java.net.URLEncoder.encode(String.valueOf(name), java.nio.charset.StandardCharsets.UTF_8)));
        }
        BigDecimal commissionBase = all.get("commission", BigDecimal.class);
        sections.add(new Section("money", List.of(
                new Figure("booked", (double) count(a, "booked"), "count", "figure=booked"),
                new Figure("bookedValue", a.path("booked_value").asDouble(0), "money", null),
                new Figure("doneValue", a.path("done_value").asDouble(0), "money", null),
                new Figure("commissionBase", commissionBase == null ? 0.0 : commissionBase.doubleValue(), "money", null)),
                List.of(new Table("modifiers", List.of("modifier", "effect", "lines", "requests"), modifiers))));

        ZoneScope.Zones zones = scope.zones(user);
        return new Report(filter.parameters(), user.role().code(), zones.everything(), new TreeSet<>(zones.ids()), sections);
    }

    /** Whether the rollup answers this report: every filter but the service, for the office's roles. */
    private static boolean rollup(CurrentUser user, ReportFilter filter) {
        return filter.serviceTypeId() == null && switch (user.role()) {
            case ADMINISTRATOR, DIRECTOR, HEAD_OF_DEPARTMENT, DISPATCHER -> true;
            default -> false;
        };
    }

    /**
     * Every part of the report but the routes', from the per-day rollups ({@code report_day}, {@code report_day_service},
     * V143: the milestones' counts and sums per day, zone, source and technician, kept with each milestone row) over the
     * period's days, with the same column names as {@link #fromMilestones}. What depends on the present moment is taken
     * from the milestones themselves: the untouched requests younger than a day (not forgotten yet) and the due ones
     * whose deadline has not passed (or that arrived after the period) are subtracted. The percentiles come from the
     * per-month histograms ({@link #percentilesFromHistograms}) unless {@code exactPercentiles} (a source or technician
     * filter, which those do not carry): then exact, read from the covering indexes over the period's arrivals and first
     * done moves.
     */
    private Record fromRollup(Scoped base, Period p, boolean exactPercentiles) {
        // {0} first day, {1} last day, {2} from, {3} to, {4} now, {5} scope and filter over m, {6} from or a day ago, {7} from or now
        String days = "m.day >= {0} AND m.day <= {1} AND {5}";
        // the period's report_day rows summed per day and source (g: the table per day, and summed again the totals),
        // their ratings per technician (gt), and report_day_service per service type (sv)
        String grouped = "WITH g AS MATERIALIZED (SELECT m.day, m.source, sum(m.received) AS received, sum(m.untouched) AS untouched,"
                + " sum(m.late_action) AS late_action, sum(m.booked) AS booked, sum(m.booked_value) AS booked_value, sum(m.done) AS done,"
                + " sum(m.done_value) AS done_value, sum(m.cancelled) AS cancelled, sum(m.refused) AS refused, sum(m.disputed) AS disputed,"
                + " sum(m.rated) AS rated, sum(m.rating_sum) AS rating_sum, sum(m.due_hit) AS due_hit, sum(m.due_missed) AS due_missed"
                + " FROM report_day m WHERE " + days + " GROUP BY m.day, m.source),"
                + " gt AS (SELECT m.technician_id, sum(m.rated) AS rated, sum(m.rating_sum) AS rating_sum FROM report_day m WHERE " + days
                + " GROUP BY m.technician_id),"
                + " sv AS MATERIALIZED (SELECT m.service_type_id, sum(m.rated) AS rated, sum(m.rating_sum) AS rating_sum,"
                + " sum(m.done_total) AS done_total FROM report_day_service m WHERE " + days + " GROUP BY m.service_type_id)\n";
        String sums = "SELECT coalesce(sum(g.received), 0) AS received, coalesce(sum(g.untouched), 0) AS untouched,"
                + " coalesce(sum(g.late_action), 0) AS late_action, coalesce(sum(g.booked), 0) AS booked,"
                + " coalesce(sum(g.booked_value), 0) AS booked_value, coalesce(sum(g.done), 0) AS done,"
                + " coalesce(sum(g.done_value), 0) AS done_value, coalesce(sum(g.cancelled), 0) AS cancelled,"
                + " coalesce(sum(g.refused), 0) AS refused, coalesce(sum(g.disputed), 0) AS disputed, coalesce(sum(g.rated), 0) AS rated,"
                + " coalesce(sum(g.rating_sum), 0) AS rating_sum, coalesce(sum(g.due_hit), 0) AS due_hit,"
                + " coalesce(sum(g.due_missed), 0) AS due_missed FROM g";
        String young = "SELECT count(*) AS young FROM request_milestone m WHERE m.first_action IS NULL AND m.created_at >= {6}"
                + " AND m.created_at < {3} AND {5}";
        String kept = "(m.first_cancelled IS NULL OR m.first_cancelled > m.deadline) AND (m.first_refused IS NULL OR m.first_refused > m.deadline)";
        String notDue = "SELECT count(*) FILTER (WHERE coalesce(m.first_done <= m.deadline, false)) AS hit,"
                + " count(*) FILTER (WHERE NOT coalesce(m.first_done <= m.deadline, false)) AS missed FROM ("
                + "SELECT m.* FROM request_milestone m WHERE m.deadline >= {7} AND m.deadline < {3} AND " + kept + " AND {5}"
                + " UNION ALL SELECT m.* FROM request_milestone m WHERE m.deadline < m.created_at AND m.deadline >= {2} AND m.deadline < {7}"
                + " AND m.deadline < {3} AND m.created_at >= {3} AND " + kept + " AND {5}) m";
        String arrivals = "SELECT percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY m.first_action_minutes) AS first_p,"
                + " percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY m.scheduled_minutes) AS assigned_p"
                + " FROM request_milestone m WHERE m.created_at >= {2} AND m.created_at < {3} AND {5}";
        String completions = "SELECT percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY m.completion_hours) AS completion_p"
                + " FROM request_milestone m WHERE m.first_done >= {2} AND m.first_done < {3} AND {5}";
        String totals = "SELECT d.received, d.late_action + d.untouched - c.young AS forgotten, pa.first_p, pa.assigned_p, d.done,"
                + " d.cancelled, d.refused, d.due_missed - n.missed AS overdue, d.due_hit - n.hit AS hit, pd.completion_p, d.disputed,"
                + " d.rated, d.rating_sum::float8 / nullif(d.rated, 0) AS rating_avg, d.booked, d.booked_value, d.done_value"
                + " FROM (" + sums + ") d, (" + young + ") c, (" + notDue + ") n, ("
                + (exactPercentiles ? arrivals : "SELECT NULL::float8[] AS first_p, NULL::float8[] AS assigned_p") + ") pa, ("
                + (exactPercentiles ? completions : "SELECT NULL::float8[] AS completion_p") + ") pd";
        String perDaySql = "SELECT g.day, g.source, g.received AS n FROM g WHERE g.received > 0";
        String byTechnicianSql = "SELECT gt.technician_id AS id, t.name, gt.rated AS n, gt.rating_sum::float8 / gt.rated AS stars"
                + " FROM gt LEFT JOIN technician t ON t.id = gt.technician_id WHERE gt.rated > 0";
        String byServiceSql = "SELECT st.id, st.name, sv.rated AS n, sv.rating_sum::float8 / sv.rated AS stars"
                + " FROM sv JOIN service_type st ON st.id = sv.service_type_id WHERE sv.rated > 0";
        String commentsSql = "SELECT m.request_id AS id, sr.registration_number AS number, m.rating, sr.rating_text AS text, t.name, m.rated_at"
                + " FROM request_milestone m JOIN service_request sr ON sr.id = m.request_id LEFT JOIN technician t ON t.id = m.technician_id"
                + " WHERE m.rating IS NOT NULL AND m.rated_at >= {2} AND m.rated_at < {3} AND sr.rating_text IS NOT NULL AND {5}"
                + " ORDER BY m.rated_at DESC LIMIT 200";
        String modifiersSql = "SELECT mo.name, mo.effect, count(*) AS lines, count(DISTINCT mo.request_id) AS n"
                + " FROM service_request_item_modifier mo JOIN request_milestone m ON m.request_id = mo.request_id"
                + " WHERE m.created_at >= {2} AND m.created_at < {3} AND m.first_cancelled IS NULL AND m.first_refused IS NULL AND {5}"
                + " GROUP BY mo.name, mo.effect";
        String commissionSql = "SELECT coalesce(sum(sv.done_total), 0) FROM sv JOIN service_type st ON st.id = sv.service_type_id"
                + " WHERE st.counts_for_commission";
        OffsetDateTime dayAgo = p.now().minusHours(FORGOTTEN_HOURS);
        return db.resultQuery(grouped + "SELECT (SELECT row_to_json(a) FROM (" + totals + ") a)::text AS totals, "
                        + json(perDaySql, "x.day, x.source") + " AS per_day, "
                        + json(byTechnicianSql, "x.name") + " AS by_technician, "
                        + json(byServiceSql, "x.name") + " AS by_service, "
                        + json(commentsSql, "x.rated_at DESC") + " AS comments, "
                        + json(modifiersSql, "x.name") + " AS modifiers, "
                        + "(" + commissionSql + ") AS commission",
                DSL.val(p.firstDay()), DSL.val(p.lastDay()), DSL.val(p.from()), DSL.val(p.to()), DSL.val(p.now()), base.condition(),
                DSL.val(dayAgo.isAfter(p.from()) ? dayAgo : p.from()), DSL.val(p.now().isAfter(p.from()) ? p.now() : p.from())).fetchSingle();
    }

    /**
     * The medians and 90th percentiles of the reaction times (minutes) and the time to completion (hours), in the order
     * of the figures, from the per-month histograms (V145, {@code report_month_hist}) of the period's whole months and the
     * exact values of its partial months, bucketed alike ({@link ReportHistogram}): off by less than a bucket's width.
     */
    private @Nullable Double[] percentilesFromHistograms(Scoped base, Period p) {
        LocalDate fullFrom = p.firstDay().getDayOfMonth() == 1 ? p.firstDay() : p.firstDay().withDayOfMonth(1).plusMonths(1);
        LocalDate end = p.lastDay().plusDays(1);
        LocalDate fullTo = end.withDayOfMonth(1);
        OffsetDateTime edgeTo;
        OffsetDateTime edgeFrom;
        if (fullFrom.isBefore(fullTo)) {
            edgeTo = fullFrom.atStartOfDay(timeZone).toOffsetDateTime();
            edgeFrom = fullTo.atStartOfDay(timeZone).toOffsetDateTime();
        } else { // no whole month: every value is read
            fullFrom = fullTo;
            edgeTo = p.to();
            edgeFrom = p.to();
        }
        // {0} first whole month, {1} the month after the last whole one, {2} scope, {3} from, {4} edgeTo, {5} edgeFrom, {6} to
        String arrivals = "SELECT v.measure, report_bucket(v.x) AS bucket, 1 AS n FROM request_milestone m CROSS JOIN LATERAL"
                + " (VALUES (1, m.first_action_minutes), (2, m.scheduled_minutes)) v(measure, x)"
                + " WHERE m.created_at >= %s AND m.created_at < %s AND v.x IS NOT NULL AND {2}";
        String done = "SELECT 3, report_bucket(m.completion_hours * 60), 1 FROM request_milestone m"
                + " WHERE m.first_done >= %s AND m.first_done < %s AND m.completion_hours IS NOT NULL AND {2}";
        String sql = "SELECT x.measure, x.bucket, sum(x.n)::bigint AS n FROM ("
                + "SELECT m.measure, i AS bucket, m.counts[i] AS n FROM report_month_hist m, generate_subscripts(m.counts, 1) i"
                + " WHERE m.month >= {0} AND m.month < {1} AND {2}"
                + " UNION ALL " + arrivals.formatted("{3}", "{4}") + " UNION ALL " + arrivals.formatted("{5}", "{6}")
                + " UNION ALL " + done.formatted("{3}", "{4}") + " UNION ALL " + done.formatted("{5}", "{6}")
                + ") x WHERE x.n <> 0 GROUP BY x.measure, x.bucket";
        List<java.util.SortedMap<Integer, Long>> measures = List.of(new java.util.TreeMap<>(), new java.util.TreeMap<>(), new java.util.TreeMap<>());
        db.resultQuery(sql, DSL.val(fullFrom), DSL.val(fullTo), base.condition(), DSL.val(p.from()), DSL.val(edgeTo), DSL.val(edgeFrom),
                DSL.val(p.to())).forEach(r -> measures.get(r.get(0, Integer.class) - 1).put(r.get(1, Integer.class), r.get(2, Long.class)));
        @Nullable Double[] out = new @Nullable Double[6];
        for (int m = 0; m < 3; m++) {
            for (int q = 0; q < 2; q++) {
                Double v = ReportHistogram.percentile(measures.get(m), q == 0 ? 0.5 : 0.9);
                out[2 * m + q] = v == null ? null : round(m == 2 ? v / 60 : v);
            }
        }
        return out;
    }

    /** Every part of the report but the routes', from the period's milestones (CTE f): the service filter's way. */
    private Record fromMilestones(Scoped base, Period p) {
        QueryPart facts = facts(base.condition(), p, false);
        String firstAction = minutes("f.created_at", "f.first_action");
        String assigned = minutes("f.created_at", "f.first_scheduled");
        String completion = "extract(epoch FROM f.first_done - f.created_at) / 3600.0";
        // one statement: the period's facts (CTE f) are computed once and read by every part, each part a JSON value
        String totals = "SELECT "
                + "count(*) FILTER (WHERE " + RECEIVED + ") AS received, "
                + "count(*) FILTER (WHERE " + FORGOTTEN + ") AS forgotten, "
                + percentiles(firstAction, RECEIVED + " AND f.first_action IS NOT NULL") + " AS first_p, "
                + percentiles(assigned, RECEIVED + " AND f.first_scheduled IS NOT NULL") + " AS assigned_p, "
                + "count(*) FILTER (WHERE " + DONE + ") AS done, "
                + "count(*) FILTER (WHERE " + CANCELLED + ") AS cancelled, "
                + "count(*) FILTER (WHERE " + REFUSED + ") AS refused, "
                + "count(*) FILTER (WHERE " + OVERDUE + ") AS overdue, "
                + "count(*) FILTER (WHERE " + HIT + ") AS hit, "
                + percentiles(completion, DONE) + " AS completion_p, "
                + "count(*) FILTER (WHERE " + DISPUTED + ") AS disputed, "
                + "count(*) FILTER (WHERE " + RATED + ") AS rated, "
                + "avg(f.rating) FILTER (WHERE " + RATED + ") AS rating_avg, "
                + "count(*) FILTER (WHERE " + BOOKED + ") AS booked, "
                + "coalesce(sum(f.price_total) FILTER (WHERE " + BOOKED + "), 0) AS booked_value, "
                + "coalesce(sum(f.price_total) FILTER (WHERE " + DONE + "), 0) AS done_value "
                + "FROM f";
        String perDaySql = "SELECT (f.created_at AT TIME ZONE {6})::date AS day, f.source, count(*) AS n FROM f WHERE "
                + RECEIVED + " GROUP BY 1, 2";
        String byTechnicianSql = "SELECT f.technician_id AS id, t.name, count(*) AS n, avg(f.rating) AS stars FROM f"
                + " LEFT JOIN technician t ON t.id = f.technician_id WHERE " + RATED + " GROUP BY f.technician_id, t.name";
        String byServiceSql = "SELECT st.id, st.name, count(DISTINCT f.id) AS n, avg(f.rating) AS stars FROM f"
                + " JOIN service_request_item i ON i.request_id = f.id JOIN service_type st ON st.id = i.service_type_id WHERE " + RATED
                + " GROUP BY st.id, st.name";
        String commentsSql = "SELECT f.id, sr.registration_number AS number, f.rating, sr.rating_text AS text, t.name, f.rated_at FROM f"
                + " JOIN service_request sr ON sr.id = f.id"
                + " LEFT JOIN technician t ON t.id = f.technician_id WHERE " + RATED + " AND sr.rating_text IS NOT NULL"
                + " ORDER BY f.rated_at DESC LIMIT 200";
        String modifiersSql = "SELECT m.name, m.effect, count(*) AS lines, count(DISTINCT m.request_id) AS n"
                + " FROM service_request_item_modifier m JOIN f ON f.id = m.request_id WHERE " + BOOKED + " GROUP BY m.name, m.effect";
        String commissionSql = "SELECT coalesce(sum(i.line_total), 0) FROM f JOIN service_request_item i"
                + " ON i.request_id = f.id JOIN service_type st ON st.id = i.service_type_id WHERE st.counts_for_commission AND " + DONE;
        return db.resultQuery(FACTS + "SELECT (SELECT row_to_json(a) FROM (" + totals + ") a)::text AS totals, "
                + json(perDaySql, "x.day, x.source") + " AS per_day, "
                + json(byTechnicianSql, "x.name") + " AS by_technician, "
                + json(byServiceSql, "x.name") + " AS by_service, "
                + json(commentsSql, "x.rated_at DESC") + " AS comments, "
                + json(modifiersSql, "x.name") + " AS modifiers, "
                + "(" + commissionSql + ") AS commission", p.args(facts, base.condition())).fetchSingle();
    }

    // ---- drill-down ---------------------------------------------------------------------------------------------------

    @Transactional(readOnly = true)
    public Drill drill(CurrentUser user, ReportFilter filter, DrillKey key) {
        String condition = FIGURES.get(key.figure());
        if (condition == null) {
            throw new InvalidInputException(List.of(new FieldProblem("figure", key.figure(), "must be one of " + drillFigures())));
        }
        settings();
        Scoped base = base(user, filter);
        Period p = period(filter);
        QueryPart facts = facts(base.condition(), p, true);
        List<QueryPart> args = new ArrayList<>(List.of(p.args(facts, base.condition())));
        StringBuilder where = new StringBuilder(condition);
        if (key.day() != null) {
            where.append(" AND (f.created_at AT TIME ZONE {6})::date = {").append(args.size()).append('}');
            args.add(DSL.val(key.day()));
        }
        if (key.source() != null) {
            where.append(" AND f.source = {").append(args.size()).append('}');
            args.add(DSL.val(key.source()));
        }
        if (key.technician() != null) {
            if (key.figure().equals("visits")) {
                // the technician's finished visits: their own stops and their places in a team (route_stop_member)
                where.append(key.technician().equals("none") ? " AND false" : " AND f.id IN (SELECT s.request_id FROM route_stop s JOIN route ro"
                        + " ON ro.id = s.route_id WHERE ro.day >= {4} AND ro.day <= {5} AND s.finished_at IS NOT NULL AND ro.technician_id = {"
                        + args.size() + "} UNION SELECT sm.request_id FROM route_stop_member sm JOIN route ro ON ro.id = sm.route_id"
                        + " JOIN route_stop s ON s.request_id = sm.request_id WHERE ro.day >= {4} AND ro.day <= {5} AND s.finished_at IS NOT NULL"
                        + " AND ro.technician_id = {" + args.size() + "})");
            } else {
                where.append(key.technician().equals("none") ? " AND f.technician_id IS NULL" : " AND f.technician_id = {" + args.size() + "}");
            }
            if (!key.technician().equals("none")) {
                args.add(DSL.val(parseId("technician", key.technician())));
            }
        }
        if (key.service() != null) {
            where.append(" AND EXISTS (SELECT 1 FROM service_request_item i WHERE i.request_id = f.id AND i.service_type_id = {")
                    .append(args.size()).append("})");
            args.add(DSL.val(key.service()));
        }
        if (key.modifier() != null) {
            where.append(" AND EXISTS (SELECT 1 FROM service_request_item_modifier m WHERE m.request_id = f.id AND m.name = {")
                    .append(args.size()).append("})");
            args.add(DSL.val(key.modifier()));
        }
        QueryPart[] all = args.toArray(QueryPart[]::new);
        int count = db.resultQuery(FACTS + "SELECT count(*) FROM f WHERE " + where, all).fetchSingle().get(0, Integer.class);
        List<DrillRow> rows = db.resultQuery(FACTS + "SELECT f.id, sr.registration_number, sr.status, f.created_at, z.name AS zone, t.name AS technician"
                + " FROM f JOIN service_request sr ON sr.id = f.id LEFT JOIN zone z ON z.id = f.zone_id LEFT JOIN technician t ON t.id = f.technician_id WHERE " + where
                + " ORDER BY f.id LIMIT " + DRILL_LIMIT, all).fetch(r -> new DrillRow(r.get("id", Long.class),
                r.get("registration_number", String.class), r.get("status", String.class), r.get("created_at", OffsetDateTime.class),
                r.get("zone", String.class), r.get("technician", String.class)));
        return new Drill(key.figure(), count, rows);
    }

    private static long parseId(String field, String value) {
        try {
            long id = Long.parseLong(value.strip());
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw new InvalidInputException(List.of(new FieldProblem(field, value, "must be a positive id or none")));
    }

    // ---- the parts ----------------------------------------------------------------------------------------------------

    /**
     * {0} the period's requests, {1} from, {2} to (instants), {3} now, {4} first day, {5} last day, {6} the time zone,
     * {7} the scope and filter over {@code request_milestone m}.
     */
    private record Period(OffsetDateTime from, OffsetDateTime to, OffsetDateTime now, LocalDate firstDay, LocalDate lastDay, String zone) {
        QueryPart[] args(QueryPart facts, Condition base) {
            return new QueryPart[] {facts, DSL.val(from), DSL.val(to), DSL.val(now), DSL.val(firstDay), DSL.val(lastDay), DSL.val(zone), base};
        }
    }

    private Period period(ReportFilter f) {
        return new Period(f.from().atStartOfDay(timeZone).toOffsetDateTime(), f.to().plusDays(1).atStartOfDay(timeZone).toOffsetDateTime(),
                OffsetDateTime.now(clock), f.from(), f.to(), timeZone.getId());
    }

    /**
     * For the report's transaction: no JIT (the statements are short and many-sided: compiling them costs more than it
     * saves); a plan for each call's own period (a prepared statement's generic plan cannot know whether a month or two
     * years are asked for); 32 MB per sort, so a year's percentiles (about 125,000 values each) sort in memory.
     */
    private void settings() {
        db.execute("SET LOCAL jit = off");
        db.execute("SET LOCAL plan_cache_mode = force_custom_plan");
        db.execute("SET LOCAL work_mem = '32MB'");
        // many reports at once on few cores: a parallel plan's workers only add their start-up to the queue
        db.execute("SET LOCAL max_parallel_workers_per_gather = 0");
    }

    /** The scope and filter as a condition over {@code request_milestone m}; {@code everything}: it is no condition at all. */
    record Scoped(Condition condition, boolean everything) {
    }

    private static final org.jooq.Table<?> M = DSL.table(DSL.name("m"));
    private static final org.jooq.Field<Long> M_ID = DSL.field(DSL.name("m", "request_id"), Long.class);
    private static final org.jooq.Field<Long> M_ZONE = DSL.field(DSL.name("m", "zone_id"), Long.class);
    private static final org.jooq.Field<Long> M_TECHNICIAN = DSL.field(DSL.name("m", "technician_id"), Long.class);
    private static final org.jooq.Field<String> M_SOURCE = DSL.field(DSL.name("m", "source"), String.class);

    /**
     * The caller's scope ({@link ZoneScope}: the same rows as {@link ZoneScope#requests}) and the filter, over the
     * milestones {@code m} (not the period): their zone, source and technician are the request's, kept with each write.
     */
    Scoped base(CurrentUser user, ReportFilter f) {
        Condition c = switch (user.role()) {
            case ADMINISTRATOR, DIRECTOR -> DSL.trueCondition();
            case HEAD_OF_DEPARTMENT, DISPATCHER -> M_ZONE.in(ZoneScope.zoneIds(user));
            default -> M_ID.in(DSL.select(SERVICE_REQUEST.ID).from(SERVICE_REQUEST).where(ZoneScope.requests(user)));
        };
        boolean everything = ZoneScope.seesEverything(user);
        if (f.zoneId() != null) {
            scope.requireZone(user, f.zoneId()); // 403 for a zone not theirs, as everywhere
            c = c.and(M_ZONE.eq(f.zoneId()));
            everything = false;
        }
        if (f.city() != null) {
            c = c.and(M_ZONE.in(DSL.select(ZONE.ID).from(ZONE).where(ZONE.CITY.eq(f.city()))));
            everything = false;
        }
        if (f.departmentId() != null) {
            c = c.and(M_ZONE.in(DSL.select(ZONE.ID).from(ZONE).where(ZONE.DISPATCHER_ID.in(
                    DSL.select(DEPARTMENT_MEMBER.USER_ID).from(DEPARTMENT_MEMBER).where(DEPARTMENT_MEMBER.DEPARTMENT_ID.eq(f.departmentId()))))));
            everything = false;
        }
        if (f.administratorId() != null) {
            c = c.and(M_ZONE.in(DSL.select(ZONE.ID).from(ZONE).where(ZONE.DISPATCHER_ID.eq(f.administratorId()))));
            everything = false;
        }
        if (f.technicianId() != null) {
            c = c.and(M_TECHNICIAN.eq(f.technicianId()));
            everything = false;
        }
        if (f.source() != null) {
            c = c.and(M_SOURCE.eq(f.source()));
            everything = false;
        }
        if (f.serviceTypeId() != null) {
            c = c.and(DSL.exists(DSL.selectOne().from(SERVICE_REQUEST_ITEM).where(SERVICE_REQUEST_ITEM.REQUEST_ID.eq(M_ID),
                    SERVICE_REQUEST_ITEM.SERVICE_TYPE_ID.eq(f.serviceTypeId()))));
            everything = false;
        }
        return new Scoped(c, everything);
    }

    /**
     * The period's requests in scope, from their milestones: received, done, cancelled, refused, disputed, due or rated
     * in the period (each through its own index), and for a drill-down also those visited on one of its days. Every
     * counted figure is a condition on one of these, so the report needs no more.
     */
    private QueryPart facts(Condition base, Period p, boolean withVisits) {
        String range = "(m.%1$s >= {0} AND m.%1$s < {1})";
        StringBuilder period = new StringBuilder("(");
        for (String column : List.of("created_at", "first_done", "first_cancelled", "first_refused", "first_disputed", "rated_at")) {
            period.append(range.formatted(column)).append(" OR ");
        }
        period.append("(" + range.formatted("deadline") + " AND m.created_at < {1})");
        if (withVisits) {
            period.append(" OR m.request_id IN (SELECT s.request_id FROM route_stop s JOIN route ro ON ro.id = s.route_id"
                    + " WHERE ro.day >= {2} AND ro.day <= {3})");
        }
        period.append(')');
        return DSL.sql("SELECT m.request_id AS id, m.created_at, m.zone_id, m.source, m.technician_id, m.deadline, m.rated_at, m.rating,"
                + " m.price_total, m.first_action, m.first_scheduled, m.first_done, m.first_cancelled, m.first_refused, m.first_disputed"
                + " FROM request_milestone m WHERE {4} AND " + period, DSL.val(p.from()), DSL.val(p.to()), DSL.val(p.firstDay()),
                DSL.val(p.lastDay()), base);
    }

    /**
     * Per technician over the routes of the period's days that carry a request in scope: shifts (routes), finished
     * visits, labour, start delay, planned and actual duration (sums and counts, so the totals are exact means), and
     * the routes' planned travel and length; and (column {@code visited}, the same in every row) the requests with a
     * finished visit, the figure VISITED counts. One pass over the stops, grouped by route, then by technician. A team
     * visit (issue 12) counts for every member: members #2..n are their {@code route_stop_member} rows on their own routes,
     * with the times and labour the request's own stop reports (the team starts together), so each worker's shift has the
     * visit and the labour per worker and visit counts each of them; the visits figure still counts the request once.
     */
    private Result<Record> crews(Scoped base, ReportFilter f) {
        String scoped = base.everything() ? "" : " JOIN request_milestone m ON m.request_id = s.request_id";
        // a team's members #2..n (route_stop_member) on their own routes: the visit as the request's own stop reports it
        return db.resultQuery("""
                WITH sx AS MATERIALIZED (
                  SELECT s.route_id, s.request_id, s.start_at, s.end_at, s.started_at, s.finished_at, s.labour_minutes
                  FROM route ro JOIN route_stop s ON s.route_id = ro.id""" + scoped + """
                   WHERE ro.day >= {0} AND ro.day <= {1} AND {2}
                  UNION ALL
                  SELECT sm.route_id, sm.request_id, sm.start_at, sm.end_at, s.started_at, s.finished_at, s.labour_minutes
                  FROM route ro JOIN route_stop_member sm ON sm.route_id = ro.id JOIN route_stop s ON s.request_id = sm.request_id""" + scoped + """
                   WHERE ro.day >= {0} AND ro.day <= {1} AND {2}),
                st AS (
                  SELECT s.route_id, count(s.finished_at) AS visits, sum(s.labour_minutes) AS labour, count(s.labour_minutes) AS labour_count,
                         sum(extract(epoch FROM s.started_at - s.start_at) / 60.0)::float8 AS delay_sum,
                         count(s.started_at - s.start_at) AS delay_n,
                         sum(extract(epoch FROM s.end_at - s.start_at) / 60.0) FILTER (WHERE s.finished_at IS NOT NULL AND s.started_at IS NOT NULL)::float8 AS planned_sum,
                         count(s.end_at - s.start_at) FILTER (WHERE s.finished_at IS NOT NULL AND s.started_at IS NOT NULL) AS planned_n,
                         sum(extract(epoch FROM s.finished_at - s.started_at) / 60.0)::float8 AS actual_sum,
                         count(s.finished_at - s.started_at) AS actual_n
                  FROM sx s GROUP BY s.route_id)
                SELECT ro.technician_id, t.name, count(*) AS shifts, sum(st.visits)::bigint AS visits, sum(st.labour) AS labour,
                       sum(st.labour_count)::bigint AS labour_count, sum(st.delay_sum) AS delay_sum, sum(st.delay_n)::bigint AS delay_n,
                       sum(st.planned_sum) AS planned_sum, sum(st.planned_n)::bigint AS planned_n, sum(st.actual_sum) AS actual_sum,
                       sum(st.actual_n)::bigint AS actual_n, sum(ro.travel_seconds)::float8 AS travel,
                       sum(extract(epoch FROM ro.ends_at - ro.starts_at))::float8 AS shift,
                       (SELECT count(DISTINCT sx.request_id) FROM sx WHERE sx.finished_at IS NOT NULL) AS visited
                FROM st JOIN route ro ON ro.id = st.route_id JOIN technician t ON t.id = ro.technician_id
                GROUP BY ro.technician_id, t.name ORDER BY t.name""",
                DSL.val(f.from()), DSL.val(f.to()), base.everything() ? DSL.trueCondition() : base.condition()).fetch();
    }

    /**
     * What {@link #crews} computes, from the per-route rollup ({@code report_route}, V144: per route and per the
     * request's zone, source and technician, the counts and sums over the route's places, kept with each write of the
     * stops, team places and milestones): the rows of the period's days in scope, summed per route (a route with a place
     * in scope is a shift), then per technician, with the same column names. Durations are summed as whole microseconds,
     * so the means are the exact means over the places.
     */
    private Result<Record> crewsFromRollup(Scoped base, ReportFilter f) {
        return db.resultQuery("""
                WITH st AS (
                  SELECT m.route_id, sum(m.visits) AS visits, sum(m.visited) AS visited, sum(m.labour) AS labour, sum(m.labour_n) AS labour_count,
                         sum(m.delay_us::float8) AS delay_us, sum(m.delay_n) AS delay_n, sum(m.planned_us::float8) AS planned_us,
                         sum(m.planned_n) AS planned_n, sum(m.actual_us::float8) AS actual_us, sum(m.actual_n) AS actual_n
                  FROM report_route m WHERE m.day >= {0} AND m.day <= {1} AND {2}
                  GROUP BY m.route_id HAVING sum(m.places) > 0)
                SELECT ro.technician_id, t.name, count(*) AS shifts, sum(st.visits)::bigint AS visits, sum(st.labour)::numeric AS labour,
                       sum(st.labour_count)::bigint AS labour_count, sum(st.delay_us) / 60e6::float8 AS delay_sum, sum(st.delay_n)::bigint AS delay_n,
                       sum(st.planned_us) / 60e6::float8 AS planned_sum, sum(st.planned_n)::bigint AS planned_n,
                       sum(st.actual_us) / 60e6::float8 AS actual_sum, sum(st.actual_n)::bigint AS actual_n, sum(ro.travel_seconds)::float8 AS travel,
                       sum(extract(epoch FROM ro.ends_at - ro.starts_at))::float8 AS shift,
                       (SELECT coalesce(sum(st.visited), 0) FROM st)::bigint AS visited
                FROM st JOIN route ro ON ro.id = st.route_id JOIN technician t ON t.id = ro.technician_id
                GROUP BY ro.technician_id, t.name ORDER BY t.name""",
                DSL.val(f.from()), DSL.val(f.to()), base.condition()).fetch();
    }

    /** A technician's mean of {@code what} (null without values), adding its sum and count to {@code total}. */
    private static @Nullable Double mean(Record r, String what, double[] total) {
        Double sum = r.get(what + "_sum", Double.class);
        long n = r.get(what + "_n", Long.class);
        if (sum != null) {
            total[0] += sum;
            total[1] += n;
        }
        return n == 0 || sum == null ? null : sum / n;
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A part of the report as a JSON array, in the given order ("[]" when empty). */
    private static String json(String select, String order) {
        return "(SELECT coalesce(json_agg(x ORDER BY " + order + "), '[]'::json) FROM (" + select + ") x)::text";
    }

    private static long count(JsonNode r, String field) {
        return r.path(field).asLong(0);
    }

    private static @Nullable Double number(JsonNode r, String field) {
        JsonNode n = r.path(field);
        return n.isNumber() ? round(n.asDouble()) : null;
    }

    /** The i-th number of a JSON array (a percentile_cont array), or null. */
    private static @Nullable Double number(JsonNode array, int i) {
        JsonNode n = array.path(i);
        return n.isNumber() ? round(n.asDouble()) : null;
    }

    private static @Nullable String text(JsonNode r, String field) {
        JsonNode n = r.path(field);
        return n.isNull() || n.isMissingNode() ? null : n.asString();
    }

    private static long count(Record r, String field) {
        Number n = r.get(field, Long.class);
        return n == null ? 0 : n.longValue();
    }

    private static @Nullable Double number(Record r, String field) {
        Double d = r.get(field, Double.class);
        return d == null ? null : round(d);
    }

    private static @Nullable Double share(long part, long whole) {
        return whole == 0 ? null : round(100.0 * part / whole);
    }

    private static @Nullable Double round(@Nullable Double d) {
        return d == null ? null : Math.round(d * 10.0) / 10.0;
    }
}
