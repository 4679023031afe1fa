package org.fieldplan.api.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.ActiveProfiles;

/**
 * The demo company loads through the real services on the real PostGIS, and loading it again adds nothing. Runs in
 * its own schema (the run's schema + "_demo") so its Malta zones never meet the zones other tests draw, with a fixed clock
 * (Monday 1 June 2026, 07:00 in Malta).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "spring.flyway.schemas=${fieldplan.it.schema:fieldplan_it}_demo",
        "spring.flyway.default-schema=${fieldplan.it.schema:fieldplan_it}_demo",
        "spring.datasource.hikari.connection-init-sql=SET search_path TO ${fieldplan.it.schema:fieldplan_it}_demo, public",
        "fieldplan.security.bcrypt-strength=4"})
@ActiveProfiles("it")
@Import({MaltaDemoLoaderIT.FixedClock.class})
class MaltaDemoLoaderIT {

    @TestConfiguration(proxyBeanMethods = false)
    static class FixedClock {
        @Bean
        @Primary
        Clock fixedClock() {
            return Clock.fixed(Instant.parse("2026-06-01T05:00:00Z"), ZoneId.of("Europe/Malta"));
        }

        @Bean
        org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy cleanThenMigrate() {
            return flyway -> {
                flyway.clean();
                flyway.migrate();
                org.fieldplan.api.TestDatabase.dropAtExit(flyway.getConfiguration().getDefaultSchema());
            };
        }
    }

    @Autowired
    MaltaDemoLoader loader;
    @Autowired
    DSLContext db;

    @Test
    void loadsTheCompanyOnceAndASecondLoadAddsNothing() {
        DemoSummary first = loader.load();

        assertThat(first.zones()).isEqualTo(6);
        assertThat(first.technicians()).isEqualTo(20);
        assertThat(first.customers()).isEqualTo(120);
        assertThat(first.serviceRequests()).isEqualTo(300);
        assertThat(first.requestsAdded()).isEqualTo(300);
        // 14 days from Monday 1 June: 10 weekdays; 5 of 20 work split days (2 intervals), 7 work Saturday mornings (2 Saturdays)
        assertThat(first.scheduleIntervals()).isEqualTo(15 * 10 + 5 * 10 * 2 + 7 * 2);
        assertThat(first.logins()).extracting(DemoSummary.Login::role)
                .contains("administrator", "dispatcher", "technician", "customer");

        // every zone has a responsible dispatcher; requests inside zones were routed to them, the rest flagged
        assertThat(db.fetchValue("SELECT count(*) FROM zone WHERE dispatcher_id IS NULL")).isEqualTo(0L);
        assertThat(db.fetchValue("SELECT count(*) FROM service_request WHERE zone_id IS NOT NULL AND dispatcher_id IS NULL")).isEqualTo(0L);
        assertThat(db.fetchValue("SELECT count(*) FROM service_request r JOIN zone z ON z.id = r.zone_id WHERE NOT ST_Contains(z.area, r.location)"))
                .isEqualTo(0L);
        assertThat((Long) db.fetchValue("SELECT count(*) FROM service_request WHERE outside_service_area")).isPositive();
        // technicians live inside their zones (on Malta, not in the sea off it)
        assertThat(db.fetchValue("SELECT count(*) FROM technician t WHERE NOT EXISTS (SELECT 1 FROM zone z WHERE ST_Contains(z.area, t.home))"))
                .isEqualTo(0L);

        // the office has been at work: a share of the requests moved along the lifecycle through the real service
        assertThat(db.fetch("SELECT DISTINCT status FROM service_request").getValues(0, String.class))
                .containsExactlyInAnyOrder("new", "quoted", "agreed", "scheduled", "accepted", "cancelled");
        assertThat(db.fetchValue("SELECT count(*) FROM service_request WHERE status IN ('scheduled', 'accepted') AND technician_id IS NULL"))
                .isEqualTo(0L);
        assertThat(db.fetchValue("SELECT count(*) FROM service_request WHERE outside_service_area AND status <> 'new'")).isEqualTo(0L);
        assertThat((Long) db.fetchValue("SELECT count(*) FROM service_request_history WHERE to_status = 'accepted'")).isPositive();

        DemoSummary second = loader.load();

        assertThat(second.requestsAdded()).isZero();
        assertThat(second.customersAdded()).isZero();
        assertThat(second.intervalsAdded()).isZero();
        assertThat(second.serviceRequests()).isEqualTo(300);
        assertThat(db.fetchValue("SELECT count(*) FROM service_request")).isEqualTo(300L);
        assertThat(db.fetchValue("SELECT count(*) FROM zone")).isEqualTo(6L);
        assertThat(db.fetchValue("SELECT count(*) FROM technician")).isEqualTo(20L);
        // administrator, 3 dispatchers, a director and 2 heads of department (issue 17), 20 technicians, 3 customers
        assertThat(db.fetchValue("SELECT count(*) FROM app_user")).isEqualTo(1L + 3 + 3 + 20 + 3);
    }
}
