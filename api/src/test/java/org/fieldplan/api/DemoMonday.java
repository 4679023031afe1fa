package org.fieldplan.api;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** The demo company's Monday as the service's clock: 1 June 2026, 07:00 in Malta (its schedules start that day). */
@TestConfiguration(proxyBeanMethods = false)
public class DemoMonday {

    @Bean
    @Primary
    Clock demoMondayClock() {
        return Clock.fixed(Instant.parse("2026-06-01T05:00:00Z"), ZoneId.of("Europe/Malta"));
    }
}
