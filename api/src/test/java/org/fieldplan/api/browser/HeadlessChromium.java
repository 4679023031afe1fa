package org.fieldplan.api.browser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Debian's Chromium, headless, driven over the DevTools protocol (a WebSocket from the JDK; no driver binary, no
 * extra library): navigate, wait for a condition, click at an element's centre with real mouse events, type with
 * real text input, run JavaScript, take PNG screenshots into {@code target/screenshots/}. One browser per instance,
 * with a fresh profile; {@link #close()} ends it.
 * <pre>
 * try (HeadlessChromium browser = HeadlessChromium.start(390, 844, true)) {
 *     browser.open("http://127.0.0.1:" + port + "/book?lang=en");
 *     browser.type("#address", "Triq");
 *     browser.click("#find");
 *     browser.waitFor("document.querySelector('#windows button') !== null");
 *     browser.screenshot("booking-phone");
 * }
 * </pre>
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final String session;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    /** JavaScript exceptions and console errors of the page, for failure messages */
    private final java.util.List<String> pageErrors = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    /** The Chromium executable: {@code FIELDPLAN_CHROMIUM}, else Debian's {@code /usr/bin/chromium}. */
    public static Path executable() {
        String configured = System.getenv("FIELDPLAN_CHROMIUM");
        Path path = Path.of(configured == null || configured.isBlank() ? "/usr/bin/chromium" : configured);
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException("Chromium is not installed at " + path + "; ./fieldplan test installs Debian's "
                    + "chromium package (as root), or set FIELDPLAN_CHROMIUM to a Chromium/Chrome executable.");
        }
        return path;
    }

    /** A browser showing a window of {@code width} x {@code height} CSS pixels; {@code mobile} emulates a phone. */
    public static HeadlessChromium start(int width, int height, boolean mobile) {
        try {
            return new HeadlessChromium(width, height, mobile);
        } catch (IOException e) {
            throw new IllegalStateException("Chromium did not start: " + e.getMessage(), e);
        }
    }

    private HeadlessChromium(int width, int height, boolean mobile) throws IOException {
        profile = Files.createTempDirectory("fieldplan-chromium-");
        process = new ProcessBuilder(executable().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--remote-debugging-port=0",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height, "about:blank")
                .redirectErrorStream(true).start();
        String endpoint = null;
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        for (String line = out.readLine(); line != null && System.nanoTime() < deadline; line = out.readLine()) {
            seen.append(line).append('\n');
            int at = line.indexOf("ws://");
            if (line.contains("DevTools listening on") && at >= 0) {
                endpoint = line.substring(at).trim();
                break;
            }
        }
        if (endpoint == null) {
            process.destroyForcibly();
            throw new IOException("no DevTools endpoint in Chromium's output:\n" + seen);
        }
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // keep the pipe empty
                }
            } catch (IOException ignored) {
                // the browser ended
            }
        }, "chromium-output");
        drain.setDaemon(true);
        drain.start();
        socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(endpoint), new Listener())
                .join();
        String target = call(null, "Target.createTarget", Map.of("url", "about:blank")).get("targetId").asString();
        session = call(null, "Target.attachToTarget", Map.of("targetId", target, "flatten", true)).get("sessionId").asString();
        send("Page.enable", Map.of());
        send("Runtime.enable", Map.of());
        send("Log.enable", Map.of());
        send("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", 1,
                "mobile", mobile));
        if (mobile) {
            send("Emulation.setTouchEmulationEnabled", Map.of("enabled", true));
        }
    }

    /** Opens {@code url} and waits until the document has loaded. */
    public void open(String url) {
        send("Page.navigate", Map.of("url", url));
        waitFor("document.readyState === 'complete' && location.href !== 'about:blank'");
    }

    /** Runs JavaScript in the page (promises awaited) and returns its value as JSON. */
    public JsonNode eval(String expression) {
        JsonNode result = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true,
                "awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("JavaScript failed: " + expression + "\n" + result.get("exceptionDetails"));
        }
        JsonNode value = result.get("result").get("value");
        return value == null ? JSON.nullNode() : value;
    }

    public String text(String selector) {
        return eval("(() => { const e = document.querySelector(" + quote(selector) + "); return e ? e.textContent : null; })()")
                .asString("");
    }

    /** Waits until the JavaScript condition is true, or fails naming it. */
    public void waitFor(String condition) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (eval("!!(" + condition + ")").asBoolean()) {
                return;
            }
            sleep(50);
        }
        throw new AssertionError("waited " + TIMEOUT.toSeconds() + " s in vain for: " + condition + "\npage text: "
                + eval("document.body ? document.body.innerText.slice(0, 1500) : ''").asString("")
                + "\nerror lines: " + eval("[...document.querySelectorAll('.error, [role=alert]')].map(e => e.textContent)"
                + ".filter(t => t).join(' | ')").asString("") + "\npage errors: " + pageErrors);
    }

    /** Scrolls the element into view and clicks its centre with real mouse events. */
    public void click(String selector) {
        waitFor("document.querySelector(" + quote(selector) + ") !== null");
        // scroll it into view and wait until it stops moving (the page may be scrolling smoothly)
        String where = "(() => { const e = document.querySelector(" + quote(selector) + ");"
                + " const r = e.getBoundingClientRect(); return {x: r.left + r.width / 2, y: r.top + r.height / 2}; })()";
        eval("document.querySelector(" + quote(selector) + ").scrollIntoView({block: 'center', behavior: 'instant'})");
        JsonNode box = eval(where);
        for (int i = 0; i < 40; i++) {
            sleep(50);
            JsonNode again = eval(where);
            if (again.equals(box)) {
                break;
            }
            box = again;
        }
        double x = box.get("x").asDouble();
        double y = box.get("y").asDouble();
        send("Input.dispatchMouseEvent", Map.of("type", "mouseMoved", "x", x, "y", y));
        send("Input.dispatchMouseEvent", Map.of("type", "mousePressed", "x", x, "y", y, "button", "left", "clickCount", 1));
        send("Input.dispatchMouseEvent", Map.of("type", "mouseReleased", "x", x, "y", y, "button", "left", "clickCount", 1));
    }

    /** Clicks into the field, clears it and types {@code text} as keyboard input. */
    public void type(String selector, String text) {
        click(selector);
        eval("(() => { const e = document.querySelector(" + quote(selector) + "); e.select && e.select(); })()");
        send("Input.insertText", Map.of("text", text));
    }

    /** Chooses the option with {@code value} in a select element (as a user's choice: a change event follows). */
    public void select(String selector, String value) {
        eval("(() => { const e = document.querySelector(" + quote(selector) + "); e.value = " + quote(value)
                + "; e.dispatchEvent(new Event('change', {bubbles: true})); return e.value; })()");
    }

    /** A PNG of the page as shown, into target/screenshots/{name}.png; returns the file. */
    public Path screenshot(String name) {
        JsonNode shot = send("Page.captureScreenshot", Map.of("format", "png"));
        try {
            Path dir = Path.of("target", "screenshots");
            Files.createDirectories(dir);
            Path file = dir.resolve(name + ".png");
            Files.write(file, Base64.getDecoder().decode(shot.get("data").asString()));
            return file;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the screenshot " + name + ": " + e.getMessage(), e);
        }
    }

    public static String quote(String s) {
        return JSON.writeValueAsString(s);
    }

    private JsonNode send(String method, Map<String, ?> params) {
        return call(session, method, params);
    }

    private JsonNode call(@Nullable String sessionId, String method, Map<String, ?> params) {
        int id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode();
        message.put("id", id);
        message.put("method", method);
        message.set("params", JSON.valueToTree(params));
        if (sessionId != null) {
            message.put("sessionId", sessionId);
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        synchronized (socket) {
            socket.sendText(JSON.writeValueAsString(message), true).join();
        }
        try {
            JsonNode reply = answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (reply.has("error")) {
                throw new IllegalStateException(method + " failed: " + reply.get("error"));
            }
            return reply.get("result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " interrupted", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(method + " got no answer within " + TIMEOUT.toSeconds() + " s", e);
        } finally {
            pending.remove(id);
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder buffer = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            buffer.append(data);
            if (last) {
                JsonNode message = JSON.readTree(buffer.toString());
                buffer.setLength(0);
                if (message.has("id")) {
                    CompletableFuture<JsonNode> f = pending.get(message.get("id").asInt());
                    if (f != null) {
                        f.complete(message);
                    }
                } else if (message.has("method")) {
                    String method = message.get("method").asString();
                    if (method.equals("Runtime.exceptionThrown")) {
                        pageErrors.add(message.get("params").get("exceptionDetails").toString());
                    } else if (method.equals("Runtime.consoleAPICalled")
                            && message.get("params").get("type").asString().equals("error")) {
                        pageErrors.add(message.get("params").get("args").toString());
                    } else if (method.equals("Log.entryAdded")) {
                        pageErrors.add(message.get("params").get("entry").toString());
                    }
                }
            }
            webSocket.request(1);
            return null;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        try {
            call(null, "Browser.close", Map.of());
        } catch (RuntimeException ignored) {
            // ending it below anyway
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try (var files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }

    /** Waits until {@code condition} holds (for checks outside the page, e.g. in the database). */
    public static void eventually(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            sleep(100);
        }
        throw new AssertionError("waited in vain for " + what);
    }
}
