package org.fieldplan.api.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

import org.fieldplan.api.ApiIntegrationTest;
import org.fieldplan.api.TestHttp.Response;
import org.fieldplan.api.security.CurrentUser;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code request_milestone} (V142, the reports' per-request milestones) is kept by the request feature in the same
 * transaction as each history row: after intake, every move (through the API and through {@link RequestWriter}), an
 * edit and a rating, the row equals what this test derives on its own from the stored history and the request's
 * columns; a damaged or missing row comes back from {@link RequestMilestones#rebuild(DSLContext)}.
 */
@ApiIntegrationTest
class RequestMilestonesIT extends RequestItSupport {

    @Autowired DSLContext db;
    @Autowired RequestWriter writer;
    @Autowired TransactionTemplate transactions;

    @Test
    void theMilestonesFollowEveryHistoryRowAndTheRequestsColumnsAndTheRebuildRestoresThem() {
        Company c = company();
        long id = intake(c.customer(), c.customer().customerId(), c.insideLat(), c.insideLon(), c.serviceTypeId()).path("id").asLong();
        assertMatchesHistory(id);
        assertThat(row(id).get("first_action")).as("nothing after the intake yet").isNull();

        move(c.dispatcher(), id, "quoted");
        assertMatchesHistory(id);
        assertThat(row(id).get("first_action")).isNotNull();
        move(c.customer(), id, "agreed");
        // scheduling through the one writer the board and planning use
        transactions.executeWithoutResult(t -> writer.schedule(id, c.technician().technicianId(), null, "test schedule",
                CurrentUser.system("milestones-test")));
        assertMatchesHistory(id);
        assertThat(row(id).get("technician_id", Long.class)).isEqualTo(c.technician().technicianId());
        move(c.technician(), id, "in_progress");
        move(c.technician(), id, "done");
        assertMatchesHistory(id);
        OffsetDateTime firstDone = row(id).get("first_done", OffsetDateTime.class);
        assertThat(firstDone).isNotNull();
        move(c.customer(), id, "disputed");
        move(c.technician(), id, "in_progress");
        move(c.technician(), id, "done");
        assertMatchesHistory(id);
        assertThat(row(id).get("first_done", OffsetDateTime.class)).as("the first done stays the first").isEqualTo(firstDone);
        assertThat(row(id).get("first_disputed")).isNotNull();
        move(c.customer(), id, "accepted");
        Response rated = as(c.customer()).put("/api/requests/" + id + "/rating", "{\"stars\": 4, \"text\": \"tidy\"}");
        assertThat(rated.status()).as(rated.toString()).isEqualTo(200);
        assertMatchesHistory(id);
        assertThat(row(id).get("rating", Integer.class)).isEqualTo(4);
        assertRollupsAreTheirDerivation(); // the per-day rollups followed every one of those writes

        long cancelled = intake(c.dispatcher(), c.customer().customerId(), c.insideLat(), c.insideLon(), c.serviceTypeId()).path("id").asLong();
        move(c.dispatcher(), cancelled, "cancelled");
        assertMatchesHistory(cancelled);
        assertThat(row(cancelled).get("first_cancelled")).isNotNull();

        // damage both rows, lose one: the rebuild derives them again from the history alone
        db.execute("UPDATE request_milestone SET first_done = NULL, zone_id = NULL, first_action = now() WHERE request_id = ?", id);
        db.execute("DELETE FROM request_milestone WHERE request_id = ?", cancelled);
        assertThat(db.fetchOne("SELECT first_done FROM request_milestone WHERE request_id = ?", id).get(0)).isNull();
        // and the rollups beside them: a per-route row no route has, a histogram count nobody made, a day's count gone
        db.execute("INSERT INTO report_route VALUES (-1, current_date, NULL, 'phone', NULL, 1, 1, 1, 30, 1, 0, 1, 0, 1, 0, 1)");
        db.execute("UPDATE report_month_hist SET counts[1] = coalesce(counts[1], 0) + 7");
        db.execute("DELETE FROM report_day WHERE day = (SELECT max(day) FROM report_day)");
        Integer rows = transactions.execute(t -> RequestMilestones.rebuild(db));
        assertThat(rows).isGreaterThanOrEqualTo(2);
        assertMatchesHistory(id);
        assertMatchesHistory(cancelled);
        assertThat(row(id).get("first_done", OffsetDateTime.class)).isEqualTo(firstDone);
        assertThat((Long) db.fetchValue("SELECT count(*) FROM service_request r WHERE NOT EXISTS"
                + " (SELECT 1 FROM request_milestone m WHERE m.request_id = r.id)")).as("every request has its row").isZero();
        assertRollupsAreTheirDerivation();
    }

    /**
     * The per-day rollups (V143), the per-route rollup (V144) and the per-month histograms (V145) as their triggers kept
     * them, row for row, equal their derivation from the milestones and routes as they are now (report_day_derived, report_day_service_derived; rows whose figures are all zero aside), over the
     * whole schema: every request any test wrote counts, so a write path that missed the rollup shows here.
     */
    private void assertRollupsAreTheirDerivation() {
        String day = "SELECT * FROM %s WHERE (received, untouched, late_action, booked, booked_value, done, done_value, cancelled,"
                + " refused, disputed, rated, rating_sum, due_hit, due_missed) <> (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)";
        String service = "SELECT * FROM %s WHERE (done_total, rated, rating_sum) <> (0, 0, 0)";
        for (String[] t : new String[][] {{day, "report_day"}, {service, "report_day_service"}}) {
            String kept = t[0].formatted(t[1]);
            String derived = t[0].formatted(t[1] + "_derived");
            List<String> differences = db.fetch("(" + kept + " EXCEPT " + derived + ") UNION ALL (" + derived + " EXCEPT " + kept + ")")
                    .map(Record::toString);
            assertThat(differences).as("%s differs from its derivation from the milestones", t[1]).isEmpty();
            assertThat((Long) db.fetchValue("SELECT count(*) FROM " + t[1])).as(t[1]).isPositive();
        }
        // the per-route rollup (V144) and the per-month histograms (V145), kept by their triggers
        for (String[] t : new String[][] {{"report_route", "report_route_derived"}, {"report_month_hist_cells", "report_month_hist_derived"}}) {
            List<String> differences = db.fetch("(SELECT * FROM " + t[0] + " EXCEPT SELECT * FROM " + t[1] + ") UNION ALL (SELECT * FROM "
                    + t[1] + " EXCEPT SELECT * FROM " + t[0] + ")").map(Record::toString);
            assertThat(differences).as("%s differs from its derivation", t[0]).isEmpty();
        }
        assertThat((Long) db.fetchValue("SELECT count(*) FROM report_month_hist")).as("report_month_hist").isPositive();
    }

    private Record row(long id) {
        return db.fetchOne("SELECT * FROM request_milestone WHERE request_id = ?", id);
    }

    /** The row against this test's own reading of the history (first entry moving into a status) and the request. */
    private void assertMatchesHistory(long id) {
        List<Record> history = db.fetch("SELECT from_status, to_status, changed_at FROM service_request_history WHERE request_id = ?"
                + " ORDER BY changed_at, id", id);
        Record r = db.fetchOne("SELECT created_at, zone_id, source, technician_id, deadline, rated_at, rating, price_total"
                + " FROM service_request WHERE id = ?", id);
        Record m = row(id);
        assertThat(m).as("the milestones of request %d", id).isNotNull();
        List<Object> expected = new ArrayList<>(Arrays.asList(r.get("created_at", OffsetDateTime.class), r.get("zone_id", Long.class),
                r.get("source", String.class), r.get("technician_id", Long.class), r.get("deadline", OffsetDateTime.class),
                r.get("rated_at", OffsetDateTime.class), r.get("rating", Integer.class), r.get("price_total", java.math.BigDecimal.class)));
        expected.add(first(history, h -> h.get("from_status") != null));
        for (String status : List.of("scheduled", "done", "cancelled", "refused", "disputed")) {
            expected.add(first(history, h -> status.equals(h.get("to_status")) && !status.equals(h.get("from_status"))));
        }
        List<Object> actual = Arrays.asList(m.get("created_at", OffsetDateTime.class), m.get("zone_id", Long.class),
                m.get("source", String.class), m.get("technician_id", Long.class), m.get("deadline", OffsetDateTime.class),
                m.get("rated_at", OffsetDateTime.class), m.get("rating", Integer.class), m.get("price_total", java.math.BigDecimal.class),
                m.get("first_action", OffsetDateTime.class), m.get("first_scheduled", OffsetDateTime.class),
                m.get("first_done", OffsetDateTime.class), m.get("first_cancelled", OffsetDateTime.class),
                m.get("first_refused", OffsetDateTime.class), m.get("first_disputed", OffsetDateTime.class));
        List<Long> services = db.fetch("SELECT DISTINCT service_type_id FROM service_request_item WHERE request_id = ? ORDER BY 1", id)
                .getValues(0, Long.class);
        Long[] kept = m.get("service_ids", Long[].class);
        assertThat(kept == null ? List.of() : Arrays.asList(kept)).as("request %d's service types", id).isEqualTo(services);
        for (int i = 0; i < expected.size(); i++) {
            Object e = expected.get(i);
            Object a = actual.get(i);
            boolean same = e instanceof OffsetDateTime x && a instanceof OffsetDateTime y ? x.isEqual(y)
                    : e instanceof java.math.BigDecimal x && a instanceof java.math.BigDecimal y ? x.compareTo(y) == 0 : Objects.equals(e, a);
            assertThat(same).as("column %d of request %d's milestones: expected %s, found %s (history %s)", i, id, e, a, history).isTrue();
        }
    }

    private static OffsetDateTime first(List<Record> history, Predicate<Record> which) {
        return history.stream().filter(which).map(h -> h.get("changed_at", OffsetDateTime.class)).findFirst().orElse(null);
    }
}
