package org.fieldplan.api.planning.replan;

import static org.fieldplan.api.persistence.jooq.Tables.REPLAN_PROPOSAL;
import static org.fieldplan.api.persistence.jooq.Tables.ROUTE;
import static org.fieldplan.api.persistence.jooq.Tables.ROUTE_STOP;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.fieldplan.api.cluster.ClusterTimer;
import org.fieldplan.api.config.FieldPlanProperties;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The overrun watch (issue 12): a visit the technician started on the phone page ({@code route_stop.started_at}) and
 * has not finished by its planned end plus {@code fieldplan.replan.overrun-margin} (default 20 min) today gets a replan
 * proposal of the day with few changes ({@link ReplanProposals#proposeOverrun}), once per visit. Runs once across the
 * cluster every {@code fieldplan.replan.overrun-check} (default 1 min) as a {@link ClusterTimer}; off with
 * {@code fieldplan.replan.overrun-watch=false}.
 */
@Configuration
public class OverrunWatch {

    private static final Logger LOG = LoggerFactory.getLogger(OverrunWatch.class);

    private final DSLContext db;
    private final ReplanProposals proposals;
    private final Clock clock;
    private final FieldPlanProperties fieldPlan;
    private final Duration margin;

    OverrunWatch(DSLContext db, ReplanProposals proposals, Clock clock, FieldPlanProperties fieldPlan,
            @Value("${fieldplan.replan.overrun-margin:20m}") Duration margin) {
        this.db = db;
        this.proposals = proposals;
        this.clock = clock;
        this.fieldPlan = fieldPlan;
        this.margin = margin;
    }

    @Bean
    ClusterTimer overrunWatchTimer(@Value("${fieldplan.replan.overrun-check:1m}") Duration every,
            @Value("${fieldplan.replan.overrun-watch:true}") boolean enabled) {
        return new ClusterTimer("replan-overrun-watch", every, () -> {
            if (enabled) {
                runOnce();
            }
        });
    }

    /**
     * One look: the overrunning visits of today and the urgent requests for today not proposed for yet, each proposed
     * for. Returns the proposals made.
     */
    public List<Long> runOnce() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        LocalDate today = now.atZoneSameInstant(fieldPlan.timeZone()).toLocalDate();
        OffsetDateTime latestEnd = now.minus(margin);
        List<Long> made = new ArrayList<>();
        for (var r : db.select(ROUTE_STOP.REQUEST_ID, ROUTE_STOP.END_AT).from(ROUTE_STOP).join(ROUTE)
                .on(ROUTE.ID.eq(ROUTE_STOP.ROUTE_ID))
                .where(ROUTE.DAY.eq(today), ROUTE_STOP.STARTED_AT.isNotNull(), ROUTE_STOP.FINISHED_AT.isNull(),
                        ROUTE_STOP.END_AT.lt(latestEnd),
                        DSL.notExists(DSL.selectOne().from(REPLAN_PROPOSAL).where(REPLAN_PROPOSAL.CAUSE.eq("overrun"),
                                REPLAN_PROPOSAL.CAUSE_REQUEST_ID.eq(ROUTE_STOP.REQUEST_ID))))
                .orderBy(ROUTE_STOP.END_AT).fetch()) {
            int minutes = (int) Duration.between(r.value2(), now).toMinutes();
            try {
                proposals.proposeOverrun(r.value1(), minutes).ifPresent(made::add);
            } catch (RuntimeException e) {
                LOG.warn("replan after the overrun of request {} failed: {}", r.value1(), e.toString(), e);
            }
        }
        // urgent requests for today (priority 5 = urgent, due today, agreed, on no route): a proposal that places each
        OffsetDateTime tomorrow = today.plusDays(1).atStartOfDay(fieldPlan.timeZone()).toOffsetDateTime();
        List<Long> waiting = db.select(SERVICE_REQUEST.ID).from(SERVICE_REQUEST)
                .where(SERVICE_REQUEST.PRIORITY.eq((short) 5), SERVICE_REQUEST.STATUS.eq("agreed"),
                        SERVICE_REQUEST.DEADLINE.lt(tomorrow), SERVICE_REQUEST.DEADLINE.gt(now),
                        DSL.notExists(DSL.selectOne().from(ROUTE_STOP).where(ROUTE_STOP.REQUEST_ID.eq(SERVICE_REQUEST.ID))),
                        DSL.notExists(DSL.selectOne().from(REPLAN_PROPOSAL).where(REPLAN_PROPOSAL.CAUSE.eq("urgent"),
                                REPLAN_PROPOSAL.CAUSE_REQUEST_ID.eq(SERVICE_REQUEST.ID))))
                .orderBy(SERVICE_REQUEST.DEADLINE).fetch(SERVICE_REQUEST.ID);
        // one nobody could take is solved for again only after the plan data changed (ReplanProposals#proposeUrgent)
        proposals.forgetUrgentExcept(waiting);
        for (Long id : waiting) {
            try {
                proposals.proposeUrgent(id).ifPresent(made::add);
            } catch (RuntimeException e) {
                LOG.warn("replan for the urgent request {} failed: {}", id, e.toString(), e);
            }
        }
        return made;
    }
}
