package org.fieldplan.api.config;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one clock of the service, in the company's time zone; tests replace it with a fixed one. */
@Configuration(proxyBeanMethods = false)
class TimeConfig {

    @Bean
    Clock clock(FieldPlanProperties properties) {
        return Clock.system(properties.timeZone());
    }
}
