package org.fieldplan.api;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Starts every test run from an empty schema of its own ({@code fieldplan.it.schema}, {@code it_<UTC time>}, set by
 * failsafe), so two runs on one machine never clean each other's data. The first Spring context migrates it from
 * V1; the schema is dropped when the JVM ends, and schemas of runs that were killed are dropped after a day.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestDatabase {

    private static final AtomicBoolean CLEANED = new AtomicBoolean();
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss_SSS");

    @Bean
    FlywayMigrationStrategy cleanOnceThenMigrate() {
        return flyway -> {
            if (CLEANED.compareAndSet(false, true)) {
                dropStaleSchemas();
                flyway.clean();
                dropAtExit(flyway.getConfiguration().getDefaultSchema());
            }
            flyway.migrate();
        };
    }

    /** Drops the schema when the test JVM ends (a new connection: the pools are closing by then). */
    public static void dropAtExit(String schema) {
        if (!schema.startsWith("it_")) {
            return; // a schema given by hand is left alone
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
            } catch (SQLException e) {
                System.err.println("could not drop the test schema " + schema + ": " + e.getMessage());
            }
        }, "drop-" + schema));
    }

    private static void dropStaleSchemas() {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            List<String> stale = new ArrayList<>();
            try (ResultSet rows = s.executeQuery("SELECT nspname FROM pg_namespace WHERE nspname ~ '^it_[0-9]{8}_[0-9]{6}_[0-9]{3}(_demo)?$'")) {
                while (rows.next()) {
                    String name = rows.getString(1);
                    try {
                        LocalDateTime started = LocalDateTime.parse(name.substring(3, 22), STAMP);
                        if (started.isBefore(LocalDateTime.now(ZoneOffset.UTC).minusDays(1))) {
                            stale.add(name);
                        }
                    } catch (DateTimeParseException e) {
                        // not one of ours
                    }
                }
            }
            for (String name : stale) {
                s.execute("DROP SCHEMA IF EXISTS \"" + name + "\" CASCADE");
            }
        } catch (SQLException e) {
            System.err.println("could not look for stale test schemas: " + e.getMessage());
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(
                System.getProperty("spring.datasource.url", "jdbc:postgresql://127.0.0.1:5433/fieldplan_test"),
                System.getProperty("spring.datasource.username", "fieldplan"),
                System.getProperty("spring.datasource.password", "fieldplan"));
    }
}
