package org.fieldplan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The migrations from an empty schema on the real PostGIS: every script applies, geometry columns have the
 * PostGIS types and SRID, and the spatial indexes are GiST. Uses a throwaway schema so it never touches the
 * schema the other integration tests share.
 */
class MigrationsIT {

    private final String url = System.getProperty("spring.datasource.url", "jdbc:postgresql://127.0.0.1:5433/fieldplan_test");
    private final String user = System.getProperty("spring.datasource.username", "fieldplan");
    private final String password = System.getProperty("spring.datasource.password", "fieldplan");
    private final String schema = "it_migrations_" + ProcessHandle.current().pid();
    private Connection connection;

    @BeforeEach
    void connect() throws SQLException {
        connection = DriverManager.getConnection(url, user, password);
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    @AfterEach
    void dropSchema() throws SQLException {
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        connection.close();
    }

    @Test
    void migratesAnEmptySchemaToTheLatestVersion() throws SQLException {
        MigrateResult result = flyway().migrate();

        assertThat(result.success).isTrue();
        assertThat(result.migrationsExecuted).isGreaterThanOrEqualTo(1);
        assertThat(result.migrations.getFirst().version).isEqualTo("1");
        assertThat(strings("SELECT table_name FROM information_schema.tables WHERE table_schema = '" + schema + "'"))
                .contains("zone", "technician", "skill", "technician_skill", "team", "schedule_interval",
                        "service_type", "service_type_skill", "customer", "customer_contact", "customer_address",
                        "app_user", "app_role", "app_user_role", "zone_service_type");
        assertThat(flyway().migrate().migrationsExecuted).as("a second run applies nothing").isZero();
    }

    @Test
    void geometryColumnsArePostgisTypesWithSrid4326() throws SQLException {
        flyway().migrate();

        assertThat(strings("""
                SELECT c.table_name || '.' || c.column_name || ' ' || format_type(t.typbasetype, t.typtypmod)
                FROM information_schema.columns c
                JOIN pg_type t ON t.typname = c.domain_name
                JOIN pg_namespace n ON n.oid = t.typnamespace AND n.nspname = c.domain_schema
                WHERE c.table_schema = '%s' AND c.domain_name LIKE 'geo\\_%%' ORDER BY 1""".formatted(schema)))
                .containsExactly(
                        "address_entry.location geometry(Point,4326)",
                        "booking_hold.location geometry(Point,4326)",
                        "contract_service.location geometry(Point,4326)",
                        "customer_address.location geometry(Point,4326)",
                        "service_request.location geometry(Point,4326)",
                        "technician.home geometry(Point,4326)",
                        "zone.area geometry(MultiPolygon,4326)");
    }

    @Test
    void spatialIndexesAreGist() throws SQLException {
        flyway().migrate();

        assertThat(strings("SELECT indexname || ' ' || substring(indexdef from 'USING (\\w+)') FROM pg_indexes"
                + " WHERE schemaname = '" + schema + "' AND indexname LIKE '%gist' ORDER BY 1"))
                .containsExactly("address_entry_location_gist gist", "customer_address_location_gist gist", "service_request_location_gist gist",
                        "technician_home_gist gist", "zone_area_gist gist");
    }

    @Test
    void zoneAreaRejectsAPointAndAnotherSrid() throws SQLException {
        flyway().migrate();
        execute("SET search_path TO " + schema + ", public");

        execute("INSERT INTO zone (name, city, area) VALUES ('Valletta', 'Valletta',"
                + " ST_Multi(ST_GeomFromText('POLYGON((14.50 35.89, 14.52 35.89, 14.52 35.91, 14.50 35.91, 14.50 35.89))', 4326)))");
        assertThatThrownBy(() -> execute("INSERT INTO zone (name, city, area) VALUES ('Point', 'Valletta',"
                + " ST_GeomFromText('POINT(14.5 35.9)', 4326))"))
                .isInstanceOf(SQLException.class).hasMessageContaining("MultiPolygon");
        assertThatThrownBy(() -> execute("INSERT INTO zone (name, city, area) VALUES ('Mercator', 'Valletta',"
                + " ST_Multi(ST_GeomFromText('POLYGON((0 0, 1 0, 1 1, 0 0))', 3857)))"))
                .isInstanceOf(SQLException.class).hasMessageContaining("SRID");
        assertThat(strings("SELECT name FROM zone WHERE ST_Contains(area, ST_SetSRID(ST_MakePoint(14.51, 35.90), 4326))"))
                .containsExactly("Valletta");
    }

    /**
     * Features number their migrations in ranges of their own (docs/service.md), so a release may bring migrations
     * numbered below one a database already has. A database migrated without the lower ones, as the previous release
     * left it, must take them at the next start, as the service's configuration does; without out-of-order Flyway
     * refuses to start.
     */
    @Test
    void aDatabaseOfThePreviousReleaseTakesTheLowerNumberedMigrationsOfThisOne() throws Exception {
        // four that no later migration of another range builds on (V90's team places are, since V144's per-route rollup,
        // so it left the list; V99 builds on V98 in the same range and arrives with it)
        List<String> later = List.of("V98__", "V99__", "V101__", "V125__");
        String lowerTable = "SELECT count(*) FROM information_schema.tables WHERE table_schema = '" + schema
                + "' AND table_name = 'replan_proposal'";
        Path previous = Files.createTempDirectory("previous-release");
        try {
            // the scripts as the service reads them (from the jar when the tests run against it)
            var scripts = new org.springframework.core.io.support.PathMatchingResourcePatternResolver()
                    .getResources("classpath:db/migration/*.sql");
            assertThat(scripts).hasSizeGreaterThan(20);
            for (var script : scripts) {
                String name = script.getFilename();
                if (later.stream().noneMatch(name::startsWith)) {
                    try (var in = script.getInputStream()) {
                        Files.copy(in, previous.resolve(name));
                    }
                }
            }
            Flyway previousRelease = Flyway.configure().dataSource(url, user, password).schemas(schema).defaultSchema(schema)
                    .locations("filesystem:" + previous).load();
            assertThat(previousRelease.migrate().success).isTrue();
            assertThat(strings(lowerTable)).containsExactly("0");

            assertThatThrownBy(() -> flyway().migrate()).as("in order only, Flyway refuses the lower versions")
                    .hasMessageContaining("98");

            var yaml = new org.springframework.beans.factory.config.YamlPropertiesFactoryBean();
            yaml.setResources(new org.springframework.core.io.ClassPathResource("application.yml"));
            assertThat(yaml.getObject().getProperty("spring.flyway.out-of-order")).as("the service's setting").isEqualTo("true");
            MigrateResult result = Flyway.configure().dataSource(url, user, password).schemas(schema).defaultSchema(schema)
                    .locations("classpath:db/migration").outOfOrder(true).load().migrate();
            assertThat(result.success).isTrue();
            assertThat(result.migrations.stream().map(m -> m.version).toList()).containsExactly("98", "99", "101", "125");
            assertThat(strings(lowerTable)).as("V98's table").containsExactly("1");
        } finally {
            try (var left = Files.list(previous)) {
                for (Path p : left.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(previous);
        }
    }

    private Flyway flyway() {
        return Flyway.configure()
                .dataSource(url, user, password)
                .schemas(schema)
                .defaultSchema(schema)
                .locations("classpath:db/migration")
                .load();
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private List<String> strings(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
