package org.fieldplan.bench.booking;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the benchmarks that run the service as processes of its own share (bench chaos, bench cluster): the api's class
 * path, a free port, and the generated company's database schema read directly.
 */
final class ServiceProcesses {

    private ServiceProcesses() {
    }

    /** api/target/classes and its dependencies (api/target/classpath.txt), else this JVM's own classpath. */
    static String apiClasspath() throws IOException {
        Path list = Path.of("api", "target", "classpath.txt");
        if (Files.exists(list)) {
            return Path.of("api", "target", "classes").toAbsolutePath() + File.pathSeparator + Files.readString(list).trim();
        }
        return System.getProperty("java.class.path");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A connection to the benchmark's database with {@code schema} first on the search path. */
    static Connection connect(String schema) throws SQLException {
        String[] database = BenchCompany.database();
        Connection c = DriverManager.getConnection(database[0], database[1], database[2]);
        try (Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schema + ", public");
        }
        return c;
    }

    /** The outbox by status, e.g. "logged 12, pending 3", or why it could not be read. */
    static String outboxCounts(String schema) {
        try (Connection c = connect(schema); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT status, count(*) FROM notification_outbox GROUP BY status ORDER BY status")) {
            List<String> parts = new ArrayList<>();
            while (r.next()) {
                parts.add(r.getString(1) + " " + r.getLong(2));
            }
            return String.join(", ", parts);
        } catch (SQLException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** Outbox rows due now and not yet sent (0 when the database cannot be read). */
    static long pendingNotifications(String schema) {
        try (Connection c = connect(schema); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM notification_outbox WHERE status = 'pending' AND next_attempt_at <= now()")) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            return 0;
        }
    }

    /**
     * One JSON call to the service on {@code port} ({@code json} and {@code idempotencyKey} optional); null when it got
     * no answer (the process is down or was killed meanwhile).
     */
    static @Nullable HttpResponse<String> send(HttpClient http, int port, String method, String path, @Nullable String json,
            @Nullable String idempotencyKey) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
