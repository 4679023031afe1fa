package org.fieldplan.api;

import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * For integration tests that run in a schema of their own (the run's schema plus a suffix, set by their
 * {@code spring.flyway.*} and {@code connection-init-sql} properties): the schema is emptied and migrated when the
 * context starts and dropped when the test JVM ends.
 */
@TestConfiguration(proxyBeanMethods = false)
public class OwnSchema {

    @Bean
    FlywayMigrationStrategy cleanThenMigrate() {
        return flyway -> {
            flyway.clean();
            flyway.migrate();
            TestDatabase.dropAtExit(flyway.getConfiguration().getDefaultSchema());
        };
    }

}
