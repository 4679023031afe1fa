package org.fieldplan.api.browser;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * A headless Chromium with one page, driven over the DevTools protocol, against a running service. Open one per
 * test with try-with-resources; {@link #close()} always ends the browser and deletes its profile.
 *
 * <pre>{@code
 * try (Browser browser = Browser.open(port, Viewport.PHONE, "en")) {
 *     browser.login("dispatcher", "secret");          // the form at /login (session + CSRF cookie)
 *     browser.go("/board");
 *     browser.click("#plan").waitForText("#status", "Planned");
 *     browser.screenshot("board-planned");           // target/screenshots/board-planned.png
 * }
 * }</pre>
 *
 * Elements are found by CSS selector. Clicks and typing are real input events (the mouse at the element's centre,
 * keys inserted into the focused field), so a hidden or covered element fails the test as it would fail a person.
 * Every wait polls up to {@link #timeout} and on failure saves a screenshot and names what it waited for.
 *
 * <p>The browser is {@code FIELDPLAN_CHROMIUM} / {@code -Dfieldplan.chromium}, else {@code /usr/bin/chromium}
 * (Debian's; {@code api/scripts/chromium.sh} installs it).
 */
public final class Browser implements AutoCloseable {

    /** Where screenshots go, relative to the module (failsafe runs in {@code api/}). */
    public static final Path SCREENSHOTS = Paths.get("target", "screenshots");

    /** A JavaScript predicate: the element takes space on the page and is not hidden. */
    private static final String SHOWN = "(e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden')";

    private final Process process;
    private final Path profile;
    private final DevTools devTools;
    private final String baseUrl;
    private final Viewport viewport;
    private final List<String> consoleErrors = new CopyOnWriteArrayList<>();
    private Duration timeout = Duration.ofSeconds(20);

    private Browser(Process process, Path profile, DevTools devTools, String baseUrl, Viewport viewport) {
        this.process = process;
        this.profile = profile;
        this.devTools = devTools;
        this.baseUrl = baseUrl;
        this.viewport = viewport;
    }

    /** A browser against the service on this local port, with this window, preferring this language ("en", "ru"). */
    public static Browser open(int port, Viewport viewport, String language) {
        return open("http://127.0.0.1:" + port, viewport, language);
    }

    public static Browser open(String baseUrl, Viewport viewport, String language) {
        Path profile;
        try {
            // under target/: a profile a killed run leaves behind goes with the next clean
            profile = Files.createTempDirectory(Files.createDirectories(Paths.get("target", "chromium")).toAbsolutePath(), "profile-");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a Chromium profile directory: " + e.getMessage(), e);
        }
        String binary = chromium();
        List<String> command = new ArrayList<>(List.of(binary, "--headless", "--no-sandbox", "--disable-gpu",
                // software WebGL (SwiftShader) for MapLibre: maps render without a GPU
                "--enable-unsafe-swiftshader", "--use-angle=swiftshader",
                "--disable-quic", "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-extensions", "--mute-audio",
                "--hide-scrollbars", "--remote-debugging-port=0", "--remote-allow-origins=*",
                "--user-data-dir=" + profile, "--window-size=" + viewport.width() + "," + viewport.height(),
                "--lang=" + language, "--accept-lang=" + language, "about:blank"));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(profile.resolve("chromium.log").toFile()).start();
        } catch (IOException e) {
            deleteQuietly(profile);
            throw new IllegalStateException("cannot start Chromium '" + binary + "': " + e.getMessage()
                    + " (install it with api/scripts/chromium.sh as root, or set FIELDPLAN_CHROMIUM)", e);
        }
        try {
            int devToolsPort = awaitPort(process, profile);
            DevTools devTools = DevTools.connect(pageWebSocket(devToolsPort));
            Browser browser = new Browser(process, profile, devTools, baseUrl.replaceAll("/$", ""), viewport);
            browser.setUp(language);
            return browser;
        } catch (RuntimeException e) {
            process.destroyForcibly();
            String log = readQuietly(profile.resolve("chromium.log"));
            deleteQuietly(profile);
            throw new IllegalStateException(e.getMessage() + "\nChromium's output:\n" + log, e);
        }
    }

    private static String chromium() {
        String configured = System.getProperty("fieldplan.chromium", System.getenv("FIELDPLAN_CHROMIUM"));
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return Files.isExecutable(Paths.get("/usr/bin/chromium")) ? "/usr/bin/chromium" : "chromium";
    }

    private static int awaitPort(Process process, Path profile) {
        Path file = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Chromium exited at start with code " + process.exitValue());
            }
            try {
                if (Files.exists(file)) {
                    List<String> lines = Files.readAllLines(file);
                    if (!lines.isEmpty() && !lines.getFirst().isBlank()) {
                        return Integer.parseInt(lines.getFirst().trim());
                    }
                }
                Thread.sleep(50);
            } catch (IOException | NumberFormatException e) {
                // written while we read: try again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while Chromium started", e);
            }
        }
        throw new IllegalStateException("Chromium did not open its DevTools port within 30 s");
    }

    private static String pageWebSocket(int port) {
        HttpClient http = HttpClient.newHttpClient();
        try {
            for (int attempt = 0; attempt < 100; attempt++) {
                HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                for (JsonNode target : DevTools.JSON.readTree(list.body())) {
                    if ("page".equals(target.path("type").asString())) {
                        return target.get("webSocketDebuggerUrl").asString();
                    }
                }
                Thread.sleep(50);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list Chromium's pages on port " + port + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while looking for Chromium's page", e);
        }
        throw new IllegalStateException("Chromium on port " + port + " has no page to drive");
    }

    private void setUp(String language) {
        devTools.onEvent(event -> {
            String method = event.path("method").asString();
            if ("Runtime.exceptionThrown".equals(method)) {
                consoleErrors.add(event.path("params").path("exceptionDetails").toString());
            } else if ("Runtime.consoleAPICalled".equals(method) && "error".equals(event.path("params").path("type").asString())) {
                consoleErrors.add(event.path("params").path("args").toString());
            }
        });
        devTools.send("Page.enable", Map.of());
        devTools.send("Runtime.enable", Map.of());
        devTools.send("Network.enable", Map.of());
        devTools.send("Emulation.setDeviceMetricsOverride", Map.of("width", viewport.width(), "height", viewport.height(),
                "deviceScaleFactor", viewport.scale(), "mobile", viewport.mobile()));
        devTools.send("Emulation.setTouchEmulationEnabled", Map.of("enabled", viewport.mobile()));
        String userAgent = devTools.send("Browser.getVersion", Map.of()).path("userAgent").asString()
                .replace("HeadlessChrome", "Chrome");
        devTools.send("Emulation.setUserAgentOverride", Map.of("userAgent", userAgent,
                "acceptLanguage", language, "platform", viewport.mobile() ? "Android" : "Linux"));
    }

    /** How long waits wait (default 20 s: the machine is shared). */
    public Browser timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    public Viewport viewport() {
        return viewport;
    }

    /** Sends this Authorization header with every request of the page from now on (HTTP Basic). */
    public Browser basicAuth(String username, String password) {
        String token = Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        devTools.send("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization", "Basic " + token)));
        return this;
    }

    /**
     * Signs in through the login form ({@code /login}); the browser then holds the session cookie and the
     * {@code XSRF-TOKEN} cookie that the pages' scripts send back as {@code X-XSRF-TOKEN}.
     */
    public Browser login(String username, String password) {
        go("/login");
        type("input[name=username]", username);
        type("input[name=password]", password);
        click("button[type=submit], input[type=submit]");
        waitUntil("the login to finish (still on " + "/login)", "!location.pathname.startsWith('/login') || location.search.includes('error')");
        if (url().contains("error")) {
            throw failure("login as " + username + " was refused (wrong password or no such user)");
        }
        return this;
    }

    /** Opens a path of the service (or a full URL) and waits until the document has loaded. */
    public Browser go(String pathOrUrl) {
        String url = pathOrUrl.startsWith("http") ? pathOrUrl : baseUrl + pathOrUrl;
        // a mark on the old document: the wait below must see the new one, not the old one still 'complete'
        try {
            eval("window.__fieldplanOldDocument = true");
        } catch (IllegalStateException e) {
            // no document yet
        }
        JsonNode result = devTools.send("Page.navigate", Map.of("url", url));
        if (result.hasNonNull("errorText")) {
            throw failure("cannot open " + url + ": " + result.get("errorText").asString());
        }
        boolean sameDocument = !result.hasNonNull("loaderId"); // a fragment change keeps the document
        waitUntil("the page " + url + " to load", (sameDocument ? "" : "!window.__fieldplanOldDocument && ")
                + "document.readyState === 'complete'");
        return this;
    }

    public String url() {
        return eval("location.href").asString();
    }

    /**
     * Runs a JavaScript expression in the page (promises are awaited) and returns its value as JSON
     * (missing node for undefined). A thrown error fails with the page's message.
     */
    public JsonNode eval(String expression) {
        JsonNode result = devTools.send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true,
                "awaitPromise", true, "userGesture", true));
        if (result.has("exceptionDetails")) {
            JsonNode details = result.get("exceptionDetails");
            throw new IllegalStateException("the page's script failed: " + details.path("exception").path("description").asString(
                    details.path("text").asString()) + "\n  in: " + expression);
        }
        return result.path("result").path("value");
    }

    /** Waits until an element matching the selector is in the page and visible. */
    public Browser waitFor(String selector) {
        waitUntil("a visible element " + selector, visible(selector));
        return this;
    }

    /** Whether a visible element matches the selector now (no waiting). */
    public boolean isShown(String selector) {
        return eval(visible(selector)).asBoolean();
    }

    /** Waits until no visible element matches the selector. */
    public Browser waitForGone(String selector) {
        waitUntil("no visible element " + selector, "!(" + visible(selector) + ")");
        return this;
    }

    /** Waits until a visible element matching the selector contains this text. */
    public Browser waitForText(String selector, String text) {
        waitUntil("the text \"" + text + "\" in " + selector,
                "Array.from(document.querySelectorAll(" + js(selector) + ")).some(e => (" + SHOWN + ")(e) "
                        + "&& e.innerText.includes(" + js(text) + "))");
        return this;
    }

    /** Waits until the JavaScript condition is true; {@code what} names it in the failure. */
    public Browser waitUntil(String what, String condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (true) {
            try {
                if (eval("Boolean(" + condition + ")").asBoolean()) {
                    return this;
                }
            } catch (IllegalStateException e) {
                last = e.getMessage(); // a navigation can destroy the context between polls
            }
            if (System.nanoTime() > deadline) {
                throw failure("waited " + timeout.toSeconds() + " s for " + what + (last.isEmpty() ? "" : " (" + last + ")"));
            }
            sleep(100);
        }
    }

    /** The visible text of the first element matching the selector. */
    public String text(String selector) {
        waitFor(selector);
        return eval("document.querySelector(" + js(selector) + ").innerText").asString();
    }

    /** The texts of every element matching the selector, in document order. */
    public List<String> texts(String selector) {
        List<String> texts = new ArrayList<>();
        eval("Array.from(document.querySelectorAll(" + js(selector) + ")).map(e => e.innerText)").forEach(n -> texts.add(n.asString()));
        return texts;
    }

    /** The value of a form field. */
    public String value(String selector) {
        waitFor(selector);
        return eval("document.querySelector(" + js(selector) + ").value").asString();
    }

    /** Clicks the middle of the first visible element matching the selector with the mouse (a tap on phones). */
    public Browser click(String selector) {
        waitFor(selector);
        JsonNode box = eval("(() => { const e = Array.from(document.querySelectorAll(" + js(selector) + ")).find(" + SHOWN + ");"
                + " e.scrollIntoView({block: 'center', inline: 'center'}); const r = e.getBoundingClientRect();"
                + " return {x: r.left + r.width / 2, y: r.top + r.height / 2}; })()");
        double x = box.get("x").asDouble();
        double y = box.get("y").asDouble();
        String hit = eval("(() => { const e = document.elementFromPoint(" + x + ", " + y + "); const t = Array.from(document.querySelectorAll("
                + js(selector) + ")); return e && t.some(x => x === e || x.contains(e)) ? '' : (e ? e.outerHTML.slice(0, 200) : 'nothing'); })()").asString();
        if (!hit.isEmpty()) {
            throw failure("cannot click " + selector + ": another element covers it: " + hit);
        }
        Map<String, Object> at = new LinkedHashMap<>(Map.of("x", x, "y", y, "button", "left", "clickCount", 1));
        devTools.send("Input.dispatchMouseEvent", with(at, "type", "mouseMoved"));
        devTools.send("Input.dispatchMouseEvent", with(at, "type", "mousePressed"));
        devTools.send("Input.dispatchMouseEvent", with(at, "type", "mouseReleased"));
        return this;
    }

    /** Clicks the first visible element matching the selector whose text contains this text. */
    public Browser clickText(String selector, String text) {
        waitForText(selector, text);
        eval("(() => { document.querySelectorAll('[data-fp-click]').forEach(e => e.removeAttribute('data-fp-click'));"
                + " const e = Array.from(document.querySelectorAll(" + js(selector) + ")).find(e => " + SHOWN + "(e) && e.innerText.includes("
                + js(text) + ")); e.setAttribute('data-fp-click', ''); })()");
        return click("[data-fp-click]");
    }

    /** Empties a field, focuses it and types the text into it (input events as from a keyboard). */
    public Browser type(String selector, String text) {
        waitFor(selector);
        eval("(() => { const e = document.querySelector(" + js(selector) + "); e.scrollIntoView({block: 'center'}); e.focus();"
                + " e.select && e.select(); })()");
        devTools.send("Input.dispatchKeyEvent", Map.of("type", "keyDown", "key", "Backspace", "code", "Backspace",
                "windowsVirtualKeyCode", 8));
        devTools.send("Input.dispatchKeyEvent", Map.of("type", "keyUp", "key", "Backspace", "code", "Backspace",
                "windowsVirtualKeyCode", 8));
        if (!text.isEmpty()) {
            devTools.send("Input.insertText", Map.of("text", text));
        }
        return this;
    }

    /** Chooses the option with this value in a select element (a change event follows, as from a person). */
    public Browser select(String selector, String value) {
        waitFor(selector);
        JsonNode done = eval("(() => { const s = document.querySelector(" + js(selector) + "); if (!Array.from(s.options).some(o => o.value === "
                + js(value) + ")) return false; s.value = " + js(value) + "; s.dispatchEvent(new Event('input', {bubbles: true}));"
                + " s.dispatchEvent(new Event('change', {bubbles: true})); return true; })()");
        if (!done.asBoolean()) {
            throw failure("the select " + selector + " has no option with the value " + value);
        }
        return this;
    }

    /** Saves a PNG of the viewport as {@code target/screenshots/NAME-VIEWPORT.png} and returns its path. */
    public Path screenshot(String name) {
        return screenshot(name, false);
    }

    /** As {@link #screenshot(String)}; {@code fullPage} captures the whole scrollable page. */
    public Path screenshot(String name, boolean fullPage) {
        Map<String, Object> params = new LinkedHashMap<>(Map.of("format", "png"));
        if (fullPage) {
            params.put("captureBeyondViewport", true);
        }
        String data = devTools.send("Page.captureScreenshot", params).get("data").asString();
        Path file = SCREENSHOTS.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + viewport.name() + ".png");
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(file, Base64.getDecoder().decode(data));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the screenshot " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        return file;
    }

    /** Uncaught script errors and console.error calls of the page so far. */
    public List<String> consoleErrors() {
        return List.copyOf(consoleErrors);
    }

    /** An assertion failure that saves a screenshot and quotes the start of the page's text. */
    public AssertionError failure(String message) {
        String shot = "";
        String body = "";
        try {
            shot = " (screenshot " + screenshot("failure-" + System.currentTimeMillis()).toAbsolutePath() + ")";
            body = eval("document.body ? document.body.innerText.slice(0, 1500) : ''").asString();
        } catch (RuntimeException e) {
            shot = " (no screenshot: " + e.getMessage() + ")";
        }
        return new AssertionError(message + shot + "\nat " + safeUrl() + "\npage text:\n" + body
                + (consoleErrors.isEmpty() ? "" : "\nscript errors: " + consoleErrors));
    }

    private String safeUrl() {
        try {
            return url();
        } catch (RuntimeException e) {
            return "?";
        }
    }

    /** Ends the browser (politely, then by force) and deletes its profile. */
    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        try {
            devTools.send("Browser.close", Map.of());
        } catch (RuntimeException e) {
            // already gone: the process is ended below
        }
        devTools.close();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            for (ProcessHandle child : children) { // renderers and helpers end just after the browser
                try {
                    child.onExit().get(3, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                    child.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
        }
        deleteQuietly(profile);
        if (Files.exists(profile)) {
            sleep(200);
            deleteQuietly(profile);
        }
    }

    /** A JavaScript string literal. */
    public static String js(String text) {
        return DevTools.JSON.writeValueAsString(text);
    }

    /** A query-string value. */
    public static String query(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String visible(String selector) {
        return "Array.from(document.querySelectorAll(" + js(selector) + ")).some(" + SHOWN + ")";
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(base);
        copy.put(key, value);
        return copy;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting in the browser", e);
        }
    }

    private static String readQuietly(Path file) {
        try {
            String text = Files.readString(file);
            return text.length() > 3000 ? text.substring(text.length() - 3000) : text;
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory: the OS cleans it
        }
    }

}
