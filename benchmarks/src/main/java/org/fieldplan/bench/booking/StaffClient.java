package org.fieldplan.bench.booking;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a dispatcher's browser does, over real HTTP with Basic auth: planning jobs (start, follow, resume, publish) and
 * board moves. A connection failure (the service is down) answers status 0, never throws.
 */
public final class StaffClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** An answer: status (0 when the service could not be reached) and the parsed body (null when not JSON). */
    public record Answer(int status, @Nullable JsonNode json, String body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private volatile String base;
    private final String authorization;

    public StaffClient(int port, String username, String password) {
        this.base = "http://127.0.0.1:" + port;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public void port(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public Answer get(String path) {
        return send("GET", path, null);
    }

    public Answer post(String path, @Nullable String json) {
        return send("POST", path, json);
    }

    private Answer send(String method, String path, @Nullable String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", authorization).header("Accept", "application/json, application/problem+json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode node = null;
            try {
                node = r.body().isBlank() ? null : JSON.readTree(r.body());
            } catch (RuntimeException notJson) {
                // an HTML error page or nothing: keep the text
            }
            return new Answer(r.statusCode(), node, r.body());
        } catch (IOException e) {
            return new Answer(0, null, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, null, "interrupted");
        }
    }

    /** Starts a planning job over the days (all zones: an administrator's job); its id, or -1 with the reason printed. */
    public long startJob(LocalDate from, LocalDate to, int seconds) {
        Answer a = post("/api/plan-jobs", "{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"seconds\":" + seconds + "}");
        return a.ok() && a.json() != null ? a.json().get("id").asLong() : -1;
    }

    /** The job's status, or null when the service cannot be reached. */
    public @Nullable String jobStatus(long id) {
        Answer a = get("/api/plan-jobs/" + id);
        return a.ok() && a.json() != null ? a.json().get("status").asString() : null;
    }

    /** Waits until the job is no longer queued or solving (or the time is up); its last status. */
    public @Nullable String awaitJob(long id, Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        String status = jobStatus(id);
        while (System.nanoTime() < end && (status == null || status.equals("queued") || status.equals("solving"))) {
            Thread.sleep(500);
            status = jobStatus(id);
        }
        return status;
    }

    /** What one round of board moves did. */
    public record Moves(int applied, int refused, int failed) {}

    /**
     * One board move on the day, as a dispatcher drags a bar: a random visit of a random route to a random place on
     * another technician's route, applied if it breaks no hard rule. {@code failed} counts 5xx answers.
     */
    public Moves moveOnce(LocalDate day, SplittableRandom random) {
        Answer board = get("/api/board/day?date=" + day);
        if (!board.ok() || board.json() == null) {
            return new Moves(0, 0, board.status() >= 500 ? 1 : 0);
        }
        List<JsonNode> rows = new ArrayList<>();
        board.json().get("rows").forEach(rows::add);
        List<JsonNode> withBars = rows.stream().filter(r -> !r.get("bars").isEmpty()).toList();
        if (withBars.isEmpty() || rows.size() < 2) {
            return new Moves(0, 0, 0);
        }
        JsonNode from = withBars.get(random.nextInt(withBars.size()));
        JsonNode bar = from.get("bars").get(random.nextInt(from.get("bars").size()));
        // half the moves reorder a route, half move a visit to another technician
        JsonNode to = random.nextBoolean() ? from : rows.get(random.nextInt(rows.size()));
        int position = random.nextInt(to.get("bars").size() + 1);
        Answer moved = post("/api/board/move", JSON.writeValueAsString(Map.of("date", day.toString(),
                "requestId", bar.get("requestId").asLong(), "technicianId", to.get("technicianId").asLong(),
                "position", position, "apply", true)));
        if (moved.status() >= 500) {
            return new Moves(0, 0, 1);
        }
        boolean applied = moved.ok() && moved.json() != null && moved.json().get("allowed").asBoolean();
        return new Moves(applied ? 1 : 0, applied ? 0 : 1, 0);
    }
}
