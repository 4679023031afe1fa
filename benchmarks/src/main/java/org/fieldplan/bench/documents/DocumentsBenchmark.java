package org.fieldplan.bench.documents;

import static org.fieldplan.api.persistence.jooq.Tables.CUSTOMER_ADDRESS;
import static org.fieldplan.bench.BenchArgs.env;
import static org.fieldplan.api.persistence.jooq.Tables.ZONE;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.fieldplan.api.FieldPlanApplication;
import org.fieldplan.api.demo.MaltaDemoLoader;
import org.fieldplan.api.request.NewServiceRequest;
import org.fieldplan.api.request.RequestIntake;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.bench.RunFacts;
import org.jooq.DSLContext;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code ./fieldplan bench documents}: the real service in this JVM on the demo company in a schema of its own
 * ({@value #SCHEMA}, dropped and created afresh), 200 requests of 5 services each; with 8 concurrent callers over HTTP
 * each request gets its specification (sent, then its PDF downloaded) and, after the work is agreed and reported
 * done, its act (issued, then its PDF downloaded), alternately in English and Russian: 400 documents, each timed from
 * the call that issues it to the last byte of its PDF. Then 200 generated photos of 3 MB are uploaded (type check,
 * checksum, thumbnail, store). 16 requests go through the same steps first to warm the JVM and are not counted.
 * The last line: {@code documents: N | p50 X ms | p99 Y ms | uploads U | errors E}; a row is appended to
 * benchmarks/results/documents.md.
 */
public final class DocumentsBenchmark {

    static final String SCHEMA = "bench_documents";
    static final String PASSWORD = "fieldplan-demo";
    static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
    static final Pattern NUMBER = Pattern.compile("\"number\"\\s*:\\s*(\\d+)");

    private DocumentsBenchmark() {}

    static void say(String format, Object... args) {
        System.err.println("bench documents: " + String.format(format, args));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        int requests = Integer.parseInt(o.getOrDefault("requests", "200"));
        int callers = Integer.parseInt(o.getOrDefault("callers", "8"));
        int uploads = Integer.parseInt(o.getOrDefault("uploads", "200"));
        int megabytes = Integer.parseInt(o.getOrDefault("upload-mb", "3"));
        long seed = Long.parseLong(o.getOrDefault("seed", "20261206"));
        String commit = RunFacts.commit();
        String command = "./fieldplan bench documents" + (args.length == 0 ? "" : " " + String.join(" ", args));
        Path files = Path.of("target", "bench-documents-files").toAbsolutePath();

        ConfigurableApplicationContext app = start(files);
        try {
            int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port", "0"));
            Client http = new Client("http://localhost:" + port, "admin", PASSWORD);
            say("loading the demo company ...");
            app.getBean(MaltaDemoLoader.class).load();
            DSLContext db = app.getBean(DSLContext.class);
            http.call("POST", "/api/service-types", json("{\"code\": \"inspection\", \"name\": \"Inspection of the installation\","
                    + " \"durationMinutes\": 20, \"basePrice\": 18.50}"), 201);
            long zone = db.select(ZONE.ID).from(ZONE).orderBy(ZONE.ID).limit(1).fetchSingle().value1();
            http.call("POST", "/api/price-modifiers", json("{\"name\": \"Benchmark discount\", \"effect\": \"discount\","
                    + " \"method\": \"percent\", \"amount\": 10, \"zoneId\": " + zone + "}"), 201);

            List<Long> ids = create(app, db, requests + 16, seed);
            say("%d requests of 5 services each registered; warming up on 16 ...", ids.size());
            run(http, ids.subList(0, 16), callers, new ArrayList<>(), new ArrayList<>(), new AtomicInteger());
            List<Long> timedDocs = Collections.synchronizedList(new ArrayList<>());
            List<Long> pdfTimes = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger errors = new AtomicInteger();
            Instant started = Instant.now();
            run(http, ids.subList(16, ids.size()), callers, timedDocs, pdfTimes, errors);
            double docSeconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;

            say("uploading %d photos of %d MB ...", uploads, megabytes);
            List<byte[]> photos = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                photos.add(photo(megabytes, seed + i));
            }
            List<Long> uploadTimes = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger uploaded = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(callers);
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < uploads; i++) {
                int n = i;
                work.add(pool.submit(() -> {
                    long request = ids.get(16 + n % requests);
                    long t0 = System.nanoTime();
                    try {
                        http.send("POST", "/api/requests/" + request + "/files?name=photo-" + n + ".png",
                                HttpRequest.BodyPublishers.ofByteArray(photos.get(n % photos.size())), "image/png", 201);
                        uploadTimes.add(System.nanoTime() - t0);
                        uploaded.incrementAndGet();
                    } catch (RuntimeException e) {
                        errors.incrementAndGet();
                        say("upload %d failed: %s", n, e.getMessage());
                    }
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
            pool.shutdown();

            List<Long> sorted = new ArrayList<>(timedDocs);
            Collections.sort(sorted);
            List<Long> up = new ArrayList<>(uploadTimes);
            Collections.sort(up);
            List<Long> pdfs = new ArrayList<>(pdfTimes);
            Collections.sort(pdfs);
            say("of which the PDF download alone: p50 %.0f ms, p99 %.0f ms", ms(percentile(pdfs, 50)), ms(percentile(pdfs, 99)));
            say("%d documents in %.1f s (%.1f per second) with %d callers; uploads p50 %.0f ms p99 %.0f ms (%d bytes each)",
                    sorted.size(), docSeconds, sorted.size() / docSeconds, callers, ms(percentile(up, 50)), ms(percentile(up, 99)),
                    photos.getFirst().length);
            String last = String.format("documents: %d | p50 %.0f ms | p99 %.0f ms | uploads %d | errors %d", sorted.size(),
                    ms(percentile(sorted, 50)), ms(percentile(sorted, 99)), uploaded.get(), errors.get());
            record(command, commit, last, String.format("PDF alone p50 %.0f / p99 %.0f ms; uploads p50 %.0f / p99 %.0f ms",
                    ms(percentile(pdfs, 50)), ms(percentile(pdfs, 99)), ms(percentile(up, 50)), ms(percentile(up, 99))));
            System.out.println(last);
        } finally {
            app.close();
            deleteTree(files);
        }
    }

    /** One request's specification and act, each timed from the issuing call to its PDF. */
    static void run(Client http, List<Long> ids, int callers, List<Long> times, List<Long> pdfTimes, AtomicInteger errors)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        List<Future<?>> work = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            long id = ids.get(i);
            String lang = i % 2 == 0 ? "en" : "ru";
            work.add(pool.submit(() -> {
                try {
                    long t0 = System.nanoTime();
                    String spec = http.call("POST", "/api/requests/" + id + "/specification",
                            json("{\"conditions\": \"Payment within 14 days of the act. Prices include VAT.\"}"), 201);
                    int number = Integer.parseInt(match(NUMBER, spec));
                    long p0 = System.nanoTime();
                    pdf(http, "/api/requests/" + id + "/documents/specification/" + number + ".pdf?lang=" + lang);
                    pdfTimes.add(System.nanoTime() - p0);
                    times.add(System.nanoTime() - t0);
                    http.call("POST", "/api/requests/" + id + "/specification/decision",
                            json("{\"number\": " + number + ", \"decision\": \"agree\"}"), 200);
                    http.status(id, "scheduled");
                    http.status(id, "in_progress");
                    long t1 = System.nanoTime();
                    http.status(id, "done");
                    long p1 = System.nanoTime();
                    pdf(http, "/api/requests/" + id + "/documents/act/1.pdf?lang=" + lang);
                    pdfTimes.add(System.nanoTime() - p1);
                    times.add(System.nanoTime() - t1);
                } catch (RuntimeException e) {
                    errors.incrementAndGet();
                    say("request %d failed: %s", id, e.getMessage());
                }
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        pool.shutdown();
    }

    static void pdf(Client http, String path) {
        byte[] body = http.bytes(path);
        if (body.length < 1000 || body[0] != '%' || body[1] != 'P' || body[2] != 'D' || body[3] != 'F') {
            throw new IllegalStateException(path + " is not a PDF (" + body.length + " bytes)");
        }
    }

    static List<Long> create(ConfigurableApplicationContext app, DSLContext db, int n, long seed) {
        RequestIntake intake = app.getBean(RequestIntake.class);
        var addresses = db.select(CUSTOMER_ADDRESS.ID, CUSTOMER_ADDRESS.CUSTOMER_ID).from(CUSTOMER_ADDRESS)
                .orderBy(CUSTOMER_ADDRESS.ID).fetch();
        SplittableRandom random = new SplittableRandom(seed);
        String[] codes = {"meter-verification", "meter-installation", "cleaning", "electrical", "inspection"};
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            var a = addresses.get(i % addresses.size());
            List<NewServiceRequest.ServiceLine> lines = new ArrayList<>();
            for (String code : codes) {
                lines.add(new NewServiceRequest.ServiceLine(null, code, 1 + random.nextInt(4)));
            }
            ids.add(intake.intake(new NewServiceRequest(a.value2(), a.value1(), null, lines, "phone", 3,
                    OffsetDateTime.now().plusDays(20), null, "Benchmark request " + i), CurrentUser.system("bench")).id());
        }
        return ids;
    }

    static byte[] photo(int megabytes, long seed) throws IOException {
        int side = (int) Math.sqrt(megabytes * 1024.0 * 1024.0 / 3.0);
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        SplittableRandom random = new SplittableRandom(seed);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        var g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.drawString("meter " + seed, 20, 40);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream(megabytes * 1024 * 1024 + 65536);
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    static ConfigurableApplicationContext start(Path files) throws Exception {
        String url = env("FIELDPLAN_DB_URL", "jdbc:postgresql://127.0.0.1:5433/fieldplan");
        String user = env("FIELDPLAN_DB_USER", "fieldplan");
        String password = env("FIELDPLAN_DB_PASSWORD", "fieldplan");
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
        deleteTree(files);
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("server.port", "0");
        props.put("spring.datasource.url", url);
        props.put("spring.datasource.username", user);
        props.put("spring.datasource.password", password);
        props.put("spring.datasource.hikari.maximum-pool-size", "16");
        props.put("spring.datasource.hikari.connection-init-sql", "SET search_path TO " + SCHEMA + ", public");
        props.put("spring.flyway.schemas", SCHEMA);
        props.put("spring.flyway.default-schema", SCHEMA);
        props.put("fieldplan.data-dir", env("FIELDPLAN_DATA_DIR", "../shared/data"));
        props.put("fieldplan.notifications.scheduling", "false");
        props.put("fieldplan.security.bcrypt-strength", "4");
        props.put("fieldplan.demo.password", PASSWORD);
        props.put("fieldplan.files.local-path", files.toString());
        props.put("logging.level.root", "warn");
        props.put("logging.level.com.openhtmltopdf", "warn");
        props.put("logging.level.org.apache.pdfbox.pdmodel.font", "error");
        props.put("spring.main.banner-mode", "off");
        say("starting the service on a fresh schema %s ...", SCHEMA);
        return new SpringApplicationBuilder(FieldPlanApplication.class)
                .run(props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }

    static void record(String command, String commit, String last, String uploads) throws IOException {
        Path dir = Path.of("benchmarks", "results");
        Files.createDirectories(dir);
        Path md = dir.resolve("documents.md");
        if (!Files.exists(md)) {
            Files.writeString(md, """
                    # Documents and uploads under load

                    `./fieldplan bench documents` (org.fieldplan.bench.documents.DocumentsBenchmark): the real service in this
                    JVM on the demo company in its own schema; 200 requests of 5 services; with 8 concurrent HTTP callers each
                    gets a specification and an act (issued, then the PDF downloaded; English and Russian alternately), each
                    document timed from the issuing call to the last byte of its PDF; then 200 generated 3 MB photos uploaded
                    (type from the content, SHA-256, thumbnail, local store). 16 requests warm up first, not counted.
                    Target: p99 per document at most 500 ms.

                    | date (UTC) | commit | JDK | load avg 1/5/15 | result | detail | command |
                    |---|---|---|---|---|---|---|
                    """);
        }
        String row = String.format("| %s | %s | %s | %s | `%s` | %s | `%s` |%n", Instant.now().toString().substring(0, 16).replace('T', ' '),
                commit, System.getProperty("java.version"), RunFacts.loadAverage(), last, uploads, command);
        Files.writeString(md, row, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        say("results appended to %s", md);
    }

    static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }

    static String match(Pattern p, String body) {
        Matcher m = p.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no " + p + " in " + body);
        }
        return m.group(1);
    }

    static HttpRequest.BodyPublisher json(String body) {
        return HttpRequest.BodyPublishers.ofString(body);
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        for (String a : args) {
            if (!a.startsWith("--") || !a.contains("=")) {
                throw new IllegalArgumentException("options are --name=value (requests, callers, uploads, upload-mb, seed); got " + a);
            }
            o.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        }
        return o;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var all = Files.walk(root)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A minimal HTTP client signed in as one user (HTTP Basic). */
    static final class Client {
        private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        private final String base;
        private final String authorization;

        Client(String base, String user, String password) {
            this.base = base;
            this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }

        String call(String method, String path, HttpRequest.BodyPublisher body, int expected) {
            return send(method, path, body, "application/json", expected);
        }

        String send(String method, String path, HttpRequest.BodyPublisher body, String type, int expected) {
            HttpResponse<String> r = exchange(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                    .header("Authorization", authorization).header("Content-Type", type).method(method, body).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != expected) {
                throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " " + r.body());
            }
            return r.body();
        }

        byte[] bytes(String path) {
            HttpResponse<byte[]> r = exchange(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                    .header("Authorization", authorization).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + ": " + r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
            }
            return r.body();
        }

        /** Moves a request with its current ETag. */
        void status(long id, String status) {
            HttpResponse<String> current = exchange(HttpRequest.newBuilder(URI.create(base + "/api/requests/" + id))
                    .header("Authorization", authorization).GET().build(), HttpResponse.BodyHandlers.ofString());
            String etag = current.headers().firstValue("ETag").orElseThrow();
            HttpResponse<String> r = exchange(HttpRequest.newBuilder(URI.create(base + "/api/requests/" + id + "/status"))
                    .header("Authorization", authorization).header("Content-Type", "application/json").header("If-Match", etag)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"status\": \"" + status + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("status " + status + " of " + id + ": " + r.statusCode() + " " + r.body());
            }
        }

        private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
            try {
                return client.send(request, handler);
            } catch (IOException e) {
                throw new IllegalStateException(request.method() + " " + request.uri() + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }
}
