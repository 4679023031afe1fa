package org.fieldplan.bench.booking;

import java.io.File;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fieldplan.engine.travel.GeoPoint;
import org.fieldplan.bench.BenchArgs;
import org.jspecify.annotations.Nullable;

/**
 * {@code ./fieldplan bench windows-wrk [--seconds 30] [--connections 32] [--seed 1] [--plan-seconds 30] [--config L=ARGS]...
 * [--rounds 1]}: the window
 * search measured from outside with a standard load tool, as issue 18 measured it. The generated company of
 * {@link BenchCompany} (schema {@value #SCHEMA}) is served by the service as a process of its own, started like
 * {@code ./fieldplan demo} (G1 with short pauses, the default Tomcat and connection pool; only the per-address limits
 * are lifted, since every query comes from 127.0.0.1). wrk (Debian's, installed by benchmarks/scripts/wrk.sh; the path
 * in {@code FIELDPLAN_WRK}) then sends {@code GET /api/public/windows} for random addresses and services over 32
 * kept-alive connections: warm-up rounds of 10 s (until 20,000 queries or 2 minutes), then the measured run. Last line, like {@code bench windows}:
 * {@code window queries: N | p50 X ms | p99 Y ms | errors E}; the rate, p99.9, maximum and the queries over 100 ms go
 * into benchmarks/results/windows.md. wrk (not wrk2) is closed-loop: a connection sends its next query when the
 * previous one is answered.
 * <p>
 * Comparing settings on a shared machine: {@code --config 'LABEL=--property=value -JJVM-OPTION ...'} (repeatable)
 * starts one service process per configuration on the same company, warms each up, then alternates the measured runs
 * ({@code --rounds N}: A B, B A, A B, ...), one row per run. Every row also gives the service's GC pauses during the
 * measured seconds and all its safepoints (from {@code -Xlog:gc,safepoint}). A configuration may choose another collector
 * ({@code -J-XX:+UseZGC}, {@code -J-XX:+UseParallelGC}): then the service's default G1 options are left out.
 */
public final class WindowsWrkBenchmark {

    static final String SCHEMA = "bench_windows_wrk";

    private WindowsWrkBenchmark() {}

    public static void main(String[] args) throws Exception {
        int seconds = 30;
        int connections = 32;
        long seed = 1;
        int planSeconds = 30;
        List<String[]> configs = new ArrayList<>();
        int rounds = 1;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--seconds" -> seconds = BenchArgs.positive(args[i], value);
                case "--connections" -> connections = BenchArgs.positive(args[i], value);
                case "--seed" -> seed = BenchArgs.positive(args[i], value);
                case "--plan-seconds" -> planSeconds = BenchArgs.positive(args[i], value);
                case "--config" -> configs.add(config(value));
                case "--rounds" -> rounds = BenchArgs.positive(args[i], value);
                default -> {
                    System.err.println("unknown option " + args[i] + "; known: --seconds --connections --seed --plan-seconds --rounds "
                            + "--config 'LABEL=--property=value -JJVM-OPTION ...'");
                    System.exit(2);
                }
            }
            i++;
        }
        String wrk = System.getenv("FIELDPLAN_WRK");
        if (wrk == null || !new File(wrk).canExecute()) {
            System.err.println("wrk not found (FIELDPLAN_WRK); run through ./fieldplan bench windows-wrk, which installs it");
            System.exit(2);
        }
        String commit = org.fieldplan.bench.RunFacts.commit();
        String command = "./fieldplan bench windows-wrk " + String.join(" ", args);
        List<GeoPoint> addresses;
        int routedVisits;
        int routes;
        try (BenchCompany company = BenchCompany.start(SCHEMA, seed, planSeconds, Map.of(), BookingLoadBenchmark::say)) {
            addresses = company.spareAddresses;
            routedVisits = company.routedVisits;
            routes = company.routes;
        }
        if (configs.isEmpty()) {
            configs.add(new String[] {"service defaults"});
        }
        Path work = Files.createTempDirectory("fieldplan-wrk-");
        Path script = work.resolve("windows.lua");
        Files.writeString(script, luaScript(addresses, seed, 4096, connections), StandardCharsets.UTF_8);
        // several --config: every configuration's service process is started and warmed up on the same company, then
        // the measured runs alternate (A B C, C B A, ... for --rounds), so that the shared machine's load, which changes
        // from minute to minute, falls on every configuration alike. The last line is the last run's.
        List<Process> services = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        try {
            for (int c = 0; c < configs.size(); c++) {
                String[] config = configs.get(c);
                List<String> extra = List.of(config).subList(1, config.length);
                int port = ServiceProcesses.freePort();
                File log = work.resolve("service-" + c + ".log").toFile();
                Process service = startService(port, log, work.resolve("gc-" + c + ".log"), extra);
                services.add(service);
                ports.add(port);
                awaitReady(service, port, log);
            }
            for (int c = 0; c < configs.size(); c++) {
                String[] config = configs.get(c);
                int port = ports.get(c);
                BookingLoadBenchmark.say("configuration %s%s: warm-up", config[0],
                        config.length == 1 ? "" : " (" + String.join(" ", List.of(config).subList(1, config.length)) + ")");
                // the first query prepares the booking horizon
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                GeoPoint first = addresses.getFirst();
                HttpResponse<String> r = ServiceProcesses.send(http, port, "GET", "/api/public/windows?lat=" + first.lat()
                        + "&lon=" + first.lon() + "&service=cleaning", null, null);
                if (r == null || r.statusCode() != 200) {
                    throw new IllegalStateException("the first window query failed: " + (r == null ? "no answer" : r.body()));
                }
                // rounds of 10 s until the service's JIT has seen enough queries, 2 minutes at most
                long warmed = 0;
                long warmEnd = System.nanoTime() + BookingLoadBenchmark.WARM_UP_MAX_SECONDS * 1_000_000_000L;
                while (warmed < BookingLoadBenchmark.WARM_UP_QUERIES && System.nanoTime() < warmEnd) {
                    BookingLoadBenchmark.say("wrk: %d connections for %d s of warm-up (not counted; %d warm-up queries so far) ...",
                            connections, WARM_UP_SECONDS, warmed);
                    warmed += runWrk(wrk, script, port, connections, WARM_UP_SECONDS).requests();
                }
            }
            for (int round = 0; round < rounds; round++) {
                for (int k = 0; k < configs.size(); k++) {
                    int c = round % 2 == 0 ? k : configs.size() - 1 - k;
                    String[] config = configs.get(c);
                    String label = config[0];
                    List<String> extra = List.of(config).subList(1, config.length);
                    Path gcLog = work.resolve("gc-" + c + ".log");
                    BookingLoadBenchmark.say("wrk: %d connections for %d s%s ...", connections, seconds,
                            configs.size() > 1 || rounds > 1 ? " (" + label + ", round " + (round + 1) + " of " + rounds + ")" : "");
                    long gcFrom = Files.exists(gcLog) ? Files.size(gcLog) : 0;
                    Result result = runWrk(wrk, script, ports.get(c), connections, seconds);
                    GcPauses gc = GcPauses.read(gcLog, gcFrom);
                    String last = String.format("window queries: %d | p50 %.1f ms | p99 %.1f ms | errors %d", result.requests(),
                            result.p50(), result.p99(), result.errors());
                    BookingLoadBenchmark.say("%.0f queries a second; wrk's figures: p90 %.1f ms, p99.9 %.1f ms, max %.1f ms, about %d over "
                            + "100 ms", result.perSecond(), result.p90(), result.p999(), result.max(), result.over100());
                    BookingLoadBenchmark.say("%s", result.measured() == null ? "the answers as measured: unavailable (see the script)"
                            : result.measured().describe());
                    BookingLoadBenchmark.say("%s (%s)", gc.describe(), gcLog);
                    String setting = configs.size() == 1 && extra.isEmpty() && rounds == 1 ? ""
                            : label + (extra.isEmpty() ? "" : " (" + String.join(" ", extra) + ")")
                            + (rounds > 1 ? ", round " + (round + 1) + " of " + rounds : "") + "; ";
                    recordRow(commit, command, routedVisits, routes, connections, result, last, setting + gc.describe());
                    System.out.println((configs.size() > 1 ? label + ": " : "") + last);
                }
            }
        } finally {
            for (Process service : services) {
                service.destroy();
            }
            for (Process service : services) {
                if (!service.waitFor(60, TimeUnit.SECONDS)) {
                    service.destroyForcibly().waitFor();
                }
            }
        }
        System.exit(0);
    }

    /** {@code LABEL=ARG ARG ...}: ARGs {@code --property=value} for the service, {@code -JOPTION} for its JVM. */
    private static String[] config(@Nullable String value) {
        if (value == null || value.isBlank()) {
            System.err.println("--config needs LABEL=ARGS, e.g. --config 'platform=--spring.threads.virtual.enabled=false'");
            System.exit(2);
        }
        int eq = value.indexOf('=');
        String label = eq < 0 ? value.trim() : value.substring(0, eq).trim();
        List<String> parts = new ArrayList<>();
        parts.add(label);
        if (eq >= 0) {
            for (String a : value.substring(eq + 1).trim().split("\\s+")) {
                if (a.isEmpty()) {
                    continue;
                }
                if (!a.startsWith("--") && !a.startsWith("-J")) {
                    System.err.println("--config " + label + ": " + a + " is neither --property=value nor -JJVM-OPTION");
                    System.exit(2);
                }
                parts.add(a);
            }
        }
        return parts.toArray(String[]::new);
    }

    /**
     * The service's GC pauses in a stretch of its {@code -Xlog:gc,safepoint} file (from byte {@code from} on): G1's and
     * Parallel's "Pause" lines, and every stop-the-world pause as a safepoint (ZGC's short pauses show only there, and
     * so do the JVM's other safepoints).
     */
    record GcPauses(int pauses, double totalMillis, double maxMillis, int safepoints, double safepointMillis,
            double maxSafepointMillis) {
        private static final Pattern PAUSE = Pattern.compile("Pause.* ([0-9.]+)ms\\s*$");
        private static final Pattern SAFEPOINT = Pattern.compile("Safepoint \"[^\"]*\".* Total: (\\d+) ns");

        static GcPauses read(Path log, long from) throws IOException {
            if (!Files.exists(log)) {
                return new GcPauses(0, 0, 0, 0, 0, 0);
            }
            byte[] all = Files.readAllBytes(log);
            String text = new String(all, (int) Math.min(from, all.length), (int) (all.length - Math.min(from, all.length)),
                    StandardCharsets.UTF_8);
            int n = 0;
            double total = 0;
            double max = 0;
            int sp = 0;
            double spTotal = 0;
            double spMax = 0;
            for (String line : text.split("\n")) {
                Matcher m = PAUSE.matcher(line);
                if (m.find()) {
                    double ms = Double.parseDouble(m.group(1));
                    n++;
                    total += ms;
                    max = Math.max(max, ms);
                }
                Matcher s = SAFEPOINT.matcher(line);
                if (s.find()) {
                    double ms = Long.parseLong(s.group(1)) / 1e6;
                    sp++;
                    spTotal += ms;
                    spMax = Math.max(spMax, ms);
                }
            }
            return new GcPauses(n, total, max, sp, spTotal, spMax);
        }

        String describe() {
            return String.format("GC in the measured run: %d pauses, %.1f ms in all, longest %.1f ms; all safepoints: %d, "
                    + "%.1f ms in all, longest %.1f ms", pauses, totalMillis, maxMillis, safepoints, safepointMillis,
                    maxSafepointMillis);
        }
    }

    private static final int WARM_UP_SECONDS = BookingLoadBenchmark.WARM_UP_SECONDS;

    /** the collector ./fieldplan starts the service with (SERVICE_JAVA_OPTS); keep the two alike */
    static final List<String> SERVICE_GC = List.of("-XX:+UseG1GC", "-XX:MaxGCPauseMillis=10");

    /** The service as its own process, started like {@code ./fieldplan demo} on the benchmark's schema. */
    private static Process startService(int port, File log, Path gcLog, List<String> extra) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // ./fieldplan's SERVICE_JAVA_OPTS, unless the configuration chooses its own collector (-J-XX:+UseZGC, ...)
        command.add("--enable-native-access=ALL-UNNAMED");
        if (extra.stream().noneMatch(a -> a.matches("-J-XX:\\+Use[A-Za-z]*GC"))) {
            command.addAll(SERVICE_GC);
        }
        // the GC's pauses, read back for the measured seconds (one line per collection: costs nothing measurable)
        command.add("-Xlog:gc,safepoint:file=" + gcLog + ":uptime");
        extra.stream().filter(a -> a.startsWith("-J")).map(a -> a.substring(2)).forEach(command::add);
        command.add("-cp");
        command.add(ServiceProcesses.apiClasspath());
        command.add("org.fieldplan.api.FieldPlanApplication");
        Map<String, Object> props = new LinkedHashMap<>(BenchCompany.serviceProperties(SCHEMA));
        // like the demo: the service's own pool and Tomcat sizes, not the in-JVM benchmark's
        props.remove("spring.datasource.hikari.maximum-pool-size");
        props.remove("server.tomcat.threads.max");
        props.put("server.port", String.valueOf(port));
        props.forEach((k, v) -> command.add("--" + k + "=" + v));
        extra.stream().filter(a -> a.startsWith("--")).forEach(command::add);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    }

    private static void awaitReady(Process service, int port, File log) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        long t0 = System.nanoTime();
        while (true) {
            if (!service.isAlive()) {
                throw new IllegalStateException("the service exited with " + service.exitValue() + "; see " + log);
            }
            HttpResponse<String> health = ServiceProcesses.send(http, port, "GET", "/actuator/health/readiness", null, null);
            if (health != null && health.statusCode() == 200) {
                break;
            }
            if (System.nanoTime() - t0 > Duration.ofMinutes(5).toNanos()) {
                throw new IllegalStateException("the service was not ready within 5 minutes; see " + log);
            }
            Thread.sleep(250);
        }
        BookingLoadBenchmark.say("service process %d ready on :%d in %.1f s (log %s)", service.pid(), port,
                (System.nanoTime() - t0) / 1e9, log);
    }

    /**
     * A wrk script: {@code count} window queries for random addresses and services, each wrk thread starting at its own
     * place in the list; done() prints two lines the benchmark reads (latencies in microseconds).
     * <p>
     * {@code WRK-RESULT}: wrk's own figures, as wrk prints them. wrk 4 corrects its latency histogram for coordinated
     * omission after the run ({@code stats_correct}): every answer that took {@code n} >= 2E, E being the run's mean
     * interval per connection (duration / (requests / connections)), is also counted as answers of n-E, n-2E, ... down to
     * E, for the queries the connection would have sent meanwhile. One answer of 5 s at E = 7 ms adds about 700 such
     * samples, so wrk's p99 and its count over 100 ms describe a few slow answers many times over (its mean times its
     * requests then exceeds connections x duration).
     * <p>
     * {@code WRK-MEASURED}: the answers as wrk measured them, one sample each: the correction undone (LuaJIT's FFI reads
     * the histogram of wrk 4.1's {@code stats} struct; from the top down, n's raw count is its count less the raw counts
     * at n+E, n+2E, ...). Printed only when the samples recovered add up to the requests wrk counted, else
     * {@code WRK-MEASURED unavailable} (another wrk, another layout).
     */
    static String luaScript(List<GeoPoint> addresses, long seed, int count, int connections) {
        String[] services = {"meter-verification", "meter-installation", "cleaning", "electrical"};
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder lua = new StringBuilder("paths = {\n");
        for (int i = 0; i < count; i++) {
            GeoPoint p = addresses.get(random.nextInt(addresses.size()));
            lua.append("  \"/api/public/windows?lat=").append(p.lat()).append("&lon=").append(p.lon()).append("&service=")
                    .append(services[random.nextInt(services.length)]).append("\",\n");
        }
        lua.append("}\n").append("connections = ").append(connections).append("\n").append("""
                local started = 0
                function setup(thread)
                  started = started + 1
                  thread:set("offset", started * 997)
                end
                function init(args)
                  i = offset or 0
                end
                function request()
                  i = i % #paths + 1
                  return wrk.format("GET", paths[i], { ["Accept"] = "application/json" })
                end
                -- the share of samples over 100 ms, from the percentiles of wrk's histogram (bisection)
                local function over100(latency, n)
                  local lo, hi = 0.0, 100.0
                  if latency.max <= 100000 then
                    lo = 100.0
                  else
                    for k = 1, 40 do
                      local mid = (lo + hi) / 2
                      if latency:percentile(mid) > 100000 then hi = mid else lo = mid end
                    end
                  end
                  return math.floor(n * (100.0 - lo) / 100.0 + 0.5)
                end
                -- the samples as measured (wrk's coordinated-omission correction undone), or nil
                local function measured(summary, latency)
                  local okffi, ffi = pcall(require, "ffi")
                  if not okffi then return nil end
                  pcall(ffi.cdef, "typedef struct { uint64_t count; uint64_t limit; uint64_t min; uint64_t max; uint64_t data[1]; } fieldplan_wrk_stats;")
                  local ok, s = pcall(function() return ffi.cast("fieldplan_wrk_stats**", latency)[0] end)
                  if not ok or s == nil then return nil end
                  local lo, hi = tonumber(s.min), tonumber(s.max)
                  if hi ~= latency.max or lo > hi then return nil end
                  local per = math.floor(summary.requests / connections)
                  local e = per > 0 and math.floor(summary.duration / per) or 0
                  local raw, above, n = {}, {}, 0
                  for v = hi, lo, -1 do
                    local c = tonumber(s.data[v])
                    local r = c
                    if e > 0 and v > e then
                      local k = v % e
                      r = c - (above[k] or 0)
                      if r ~= 0 then above[k] = (above[k] or 0) + r end
                    end
                    if r < 0 then return nil end
                    if r > 0 then raw[v] = r; n = n + r end
                  end
                  -- every answer is one sample (answers over the 10 s timeout are not in the histogram)
                  if n > summary.requests or n < summary.requests - summary.errors.timeout then return nil end
                  local function pct(p)
                    local rank = math.floor(p / 100 * n + 1)
                    if rank > n then rank = n end
                    local t = 0
                    for v = lo, hi do
                      local r = raw[v]
                      if r then t = t + r; if t >= rank then return v end end
                    end
                    return hi
                  end
                  local over = 0
                  for v, r in pairs(raw) do if v > 100000 then over = over + r end end
                  return { n = n, p50 = pct(50), p90 = pct(90), p99 = pct(99), p999 = pct(99.9), max = hi, over = over }
                end
                function done(summary, latency, requests)
                  local e = summary.errors
                  io.write(string.format("WRK-RESULT requests=%d duration_us=%d p50=%d p90=%d p99=%d p999=%d max=%d over100=%d errors=%d\\n",
                    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
                    latency:percentile(99), latency:percentile(99.9), latency.max,
                    over100(latency, summary.requests),
                    e.connect + e.read + e.write + e.status + e.timeout))
                  local m = measured(summary, latency)
                  if m then
                    io.write(string.format("WRK-MEASURED samples=%d p50=%d p90=%d p99=%d p999=%d max=%d over100=%d\\n",
                      m.n, m.p50, m.p90, m.p99, m.p999, m.max, m.over))
                  else
                    io.write("WRK-MEASURED unavailable\\n")
                  end
                end
                """);
        return lua.toString();
    }

    /** wrk's own figures (with its correction); {@code measured} the answers one sample each, when they could be had. */
    record Result(long requests, double perSecond, double p50, double p90, double p99, double p999, double max,
            long over100, long errors, @Nullable Measured measured) {}

    /** The answers as wrk measured them, one sample each (wrk's coordinated-omission correction undone). */
    record Measured(long samples, double p50, double p90, double p99, double p999, double max, long over100) {
        String describe() {
            return String.format("as measured, one sample per answer: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, "
                    + "max %.1f ms, %d over 100 ms", p50, p90, p99, p999, max, over100);
        }
    }

    private static final Pattern RESULT = Pattern.compile("WRK-RESULT requests=(\\d+) duration_us=(\\d+) p50=(\\d+) "
            + "p90=(\\d+) p99=(\\d+) p999=(\\d+) max=(\\d+) over100=(\\d+) errors=(\\d+)");
    private static final Pattern MEASURED = Pattern.compile("WRK-MEASURED samples=(\\d+) p50=(\\d+) p90=(\\d+) p99=(\\d+) "
            + "p999=(\\d+) max=(\\d+) over100=(\\d+)");

    private static Result runWrk(String wrk, Path script, int port, int connections, int seconds)
            throws IOException, InterruptedException {
        List<String> command = List.of(wrk, "-t2", "-c" + connections, "-d" + seconds + "s", "--timeout", "10s",
                "--latency", "-s", script.toString(), "http://127.0.0.1:" + port);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        Matcher m = RESULT.matcher(out);
        if (exit != 0 || !m.find()) {
            throw new IllegalStateException("wrk failed (exit " + exit + "): " + out);
        }
        for (String line : out.split("\n")) {
            if (!line.startsWith("WRK-") && !line.startsWith("paths")) {
                System.out.println("[wrk] " + line);
            }
        }
        Matcher mm = MEASURED.matcher(out);
        Measured measured = mm.find() ? new Measured(Long.parseLong(mm.group(1)), ms(mm.group(2)), ms(mm.group(3)),
                ms(mm.group(4)), ms(mm.group(5)), ms(mm.group(6)), Long.parseLong(mm.group(7))) : null;
        long requests = Long.parseLong(m.group(1));
        double secondsRun = Long.parseLong(m.group(2)) / 1e6;
        return new Result(requests, requests / secondsRun, ms(m.group(3)), ms(m.group(4)), ms(m.group(5)), ms(m.group(6)),
                ms(m.group(7)), Long.parseLong(m.group(8)), Long.parseLong(m.group(9)), measured);
    }

    private static double ms(String micros) {
        return Long.parseLong(micros) / 1000.0;
    }

    private static void recordRow(String commit, String command, int routedVisits, int routes, int connections,
            Result r, String last, String setting) throws IOException {
        Path md = Path.of("benchmarks", "results", "windows.md");
        Files.createDirectories(md.getParent());
        if (!Files.exists(md)) {
            Files.writeString(md, BookingLoadBenchmark.WINDOWS_HEADER);
        }
        String mode = "wrk -t2 -c" + connections + ", service process; " + setting + "; wrk's figures"
                + (r.measured() == null ? "" : " (" + r.measured().describe() + ")");
        String row = String.format("| %s | %s | %s | %s | %s | %d routed visits on %d routes | %.0f/s | %.1f ms | %.1f ms | %d | `%s` | `%s` |%n",
                java.time.Instant.now().toString().substring(0, 16).replace('T', ' '), commit,
                System.getProperty("java.version"), org.fieldplan.bench.RunFacts.loadAverage(), mode, routedVisits,
                routes, r.perSecond(), r.p999(), r.max(), r.over100(), last, command);
        BookingLoadBenchmark.appendRow(md, row);
        BookingLoadBenchmark.say("results appended to %s", md);
    }
}
