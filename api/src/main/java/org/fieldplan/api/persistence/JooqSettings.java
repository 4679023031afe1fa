package org.fieldplan.api.persistence;

import org.springframework.boot.jooq.autoconfigure.DefaultConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** jOOQ settings shared by every feature. */
@Configuration(proxyBeanMethods = false)
class JooqSettings {

    /** A stored record reads back every column, so database defaults (version, created_at) are never null in Java. */
    @Bean
    DefaultConfigurationCustomizer fieldPlanJooqSettings() {
        return configuration -> configuration.settings()
                .withReturnAllOnUpdatableRecord(true)
                .withRenderSchema(false);
    }
}
