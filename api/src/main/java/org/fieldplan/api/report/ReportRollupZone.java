package org.fieldplan.api.report;

import org.fieldplan.api.config.FieldPlanProperties;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The per-day rollups (V143, docs/reports.md) count each event on its day in the company's time zone, which the
 * database keeps in {@code report_setting}. When the service starts with another zone configured
 * ({@code fieldplan.time-zone}), the zone is written there and the rollups are derived again from the milestones, in one
 * transaction (the row lock on the setting makes a second instance starting at once wait, then find nothing to do).
 */
@Component
class ReportRollupZone {

    private static final Logger LOG = LoggerFactory.getLogger(ReportRollupZone.class);

    private final DSLContext db;
    private final FieldPlanProperties properties;

    ReportRollupZone(DSLContext db, FieldPlanProperties properties) {
        this.db = db;
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Transactional
    public void onStart() {
        String zone = properties.timeZone().getId();
        int changed = db.execute("UPDATE report_setting SET time_zone = ? WHERE time_zone <> ?", zone, zone);
        if (changed > 0) {
            LOG.info("the company's time zone is now {}: deriving the reports' per-day rollups again", zone);
            db.execute("SELECT report_rollup_rebuild()");
        }
    }
}
