package org.fieldplan.api.request;

import java.util.Collection;
import java.util.List;

import org.jooq.DSLContext;

/**
 * The one writer of {@code request_milestone} (V142; docs/reports.md): each request's arrival, first action and first
 * move into scheduled, done, cancelled, refused and disputed, with the dimensions the reports filter and sum by (zone,
 * source, technician, deadline, rating, price). Every column is a function of {@code service_request} and
 * {@code service_request_history}: {@link #refresh} recomputes a request's row from them, and the request feature calls it
 * in the same transaction as every history row it writes and every change of those columns (intake, import, moves,
 * edits, ratings, prices). {@link #rebuild} recomputes the whole table with the same statement, so the table can always
 * be derived again from the stored history (the migration's backfill is that statement too).
 *
 * <p>Each row also carries the request's service types with their line totals, for the per-day rollups
 * {@code report_day} and {@code report_day_service} (V143) that the trigger on this table keeps in the same statement
 * as every row written here; {@link #rebuild} derives those again too.
 */
public final class RequestMilestones {

    private RequestMilestones() {}

    /** The milestones and dimensions of the requests that {@code {0}} selects from {@code service_request r}. */
    static final String REFRESH = """
            INSERT INTO request_milestone (request_id, created_at, zone_id, source, technician_id, deadline, rated_at, rating,
                                           price_total, first_action, first_scheduled, first_done, first_cancelled, first_refused,
                                           first_disputed, service_ids, service_totals)
            SELECT r.id, r.created_at, r.zone_id, r.source, r.technician_id, r.deadline, r.rated_at, r.rating, r.price_total,
                   e.first_action, e.first_scheduled, e.first_done, e.first_cancelled, e.first_refused, e.first_disputed,
                   sv.ids, sv.totals
            FROM service_request r LEFT JOIN LATERAL (
                SELECT min(h.changed_at) FILTER (WHERE h.from_status IS NOT NULL) AS first_action,
                       min(h.changed_at) FILTER (WHERE h.to_status = 'scheduled' AND h.from_status IS DISTINCT FROM 'scheduled') AS first_scheduled,
                       min(h.changed_at) FILTER (WHERE h.to_status = 'done' AND h.from_status IS DISTINCT FROM 'done') AS first_done,
                       min(h.changed_at) FILTER (WHERE h.to_status = 'cancelled' AND h.from_status IS DISTINCT FROM 'cancelled') AS first_cancelled,
                       min(h.changed_at) FILTER (WHERE h.to_status = 'refused' AND h.from_status IS DISTINCT FROM 'refused') AS first_refused,
                       min(h.changed_at) FILTER (WHERE h.to_status = 'disputed' AND h.from_status IS DISTINCT FROM 'disputed') AS first_disputed
                FROM service_request_history h WHERE h.request_id = r.id) e ON true
            LEFT JOIN LATERAL (
                SELECT array_agg(x.service_type_id ORDER BY x.service_type_id) AS ids, array_agg(x.total ORDER BY x.service_type_id) AS totals
                FROM (SELECT i.service_type_id, coalesce(sum(i.line_total), 0) AS total FROM service_request_item i
                      WHERE i.request_id = r.id GROUP BY i.service_type_id) x) sv ON true
            %s
            ON CONFLICT (request_id) DO UPDATE SET created_at = excluded.created_at, zone_id = excluded.zone_id,
                source = excluded.source, technician_id = excluded.technician_id, deadline = excluded.deadline,
                rated_at = excluded.rated_at, rating = excluded.rating, price_total = excluded.price_total,
                first_action = excluded.first_action, first_scheduled = excluded.first_scheduled, first_done = excluded.first_done,
                first_cancelled = excluded.first_cancelled, first_refused = excluded.first_refused,
                first_disputed = excluded.first_disputed, service_ids = excluded.service_ids,
                service_totals = excluded.service_totals
            """;

    /** Recomputes the rows of these requests from their stored history, in the caller's transaction. */
    static void refresh(DSLContext db, long requestId) {
        db.execute(REFRESH.formatted("WHERE r.id = ?"), requestId);
    }

    /** Recomputes the rows of these requests from their stored history, in the caller's transaction. */
    static void refresh(DSLContext db, Collection<Long> requestIds) {
        if (!requestIds.isEmpty()) {
            db.execute(REFRESH.formatted("WHERE r.id = ANY(?)"), (Object) requestIds.toArray(Long[]::new));
        }
    }

    /**
     * Derives the whole table again from {@code service_request} and its history (after data was written into those
     * tables by other means: a restore, a set-based load). Blocks the request writers until the caller's transaction
     * ends, so no change slips between the read and the write; run it in a transaction. Returns the rows written.
     */
    public static int rebuild(DSLContext db) {
        db.execute("LOCK TABLE service_request, service_request_history, service_request_item IN SHARE MODE");
        // the per-day rollups (V143) are derived once at the end, set-based, instead of row by row by the trigger
        db.execute("SET LOCAL fieldplan.rollup_off = 'on'");
        db.execute("DELETE FROM request_milestone m WHERE NOT EXISTS (SELECT 1 FROM service_request r WHERE r.id = m.request_id)");
        int rows = db.execute(REFRESH.formatted(""));
        db.execute("SET LOCAL fieldplan.rollup_off = 'off'");
        db.execute("SELECT report_rollup_rebuild()");
        return rows;
    }

    /** Derives these requests' rows again from their stored history (test data written straight into the tables). */
    public static void rebuild(DSLContext db, List<Long> requestIds) {
        refresh(db, requestIds);
    }
}
