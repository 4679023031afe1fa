package org.fieldplan.api.browser;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.ElementNotInteractableException;
import org.openqa.selenium.JavascriptException;
import org.openqa.selenium.Keys;
import org.openqa.selenium.ScriptTimeoutException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * One page of the run's shared headless Chromium ({@link SharedChrome}, Selenium WebDriver over Debian's
 * chromedriver), against a running service. Open one per test with try-with-resources: {@link #open} resets the
 * shared browser (cookies, storage, extra headers) and sets the window, touch and language; {@link #close()} leaves
 * the browser running for the next test. One page at a time.
 *
 * <pre>{@code
 * try (Browser browser = Browser.open(port, Viewport.PHONE, "en")) {
 *     browser.login("dispatcher", "secret");          // the form at /login (session + CSRF cookie)
 *     browser.go("/board");
 *     browser.click("#plan").waitForText("#status", "Planned");
 *     browser.screenshot("board-planned");           // target/screenshots/board-planned-phone.png
 * }
 * }</pre>
 *
 * Elements are found by CSS selector. Clicks and typing are WebDriver's (native input), so a hidden or covered
 * element fails the test as it would fail a person. Every wait polls up to {@link #timeout} and on failure saves a
 * screenshot and names what it waited for.
 */
public final class Browser implements AutoCloseable {

    /** Where screenshots go, relative to the module (failsafe runs in {@code api/}). */
    public static final Path SCREENSHOTS = Paths.get("target", "screenshots");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A JavaScript predicate: the element takes space on the page and is not hidden. */
    private static final String SHOWN = "(e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden')";

    /** Installed in every new document: collects uncaught errors and console.error calls. */
    private static final String ERROR_COLLECTOR = """
            window.__fpErrors = [];
            window.addEventListener('error', e => window.__fpErrors.push(String(e.message) + ' at ' + e.filename + ':' + e.lineno));
            window.addEventListener('unhandledrejection', e => window.__fpErrors.push('unhandled rejection: ' + String(e.reason)));
            (orig => { console.error = function (...a) { window.__fpErrors.push(a.map(String).join(' ')); return orig.apply(console, a); }; })(console.error);
            """;

    private static @Nullable Browser current;

    private final ChromeDriver driver;
    private final String baseUrl;
    private final Viewport viewport;
    private final String collectorId;
    private final List<String> consoleErrors = new ArrayList<>();
    private Duration timeout = Duration.ofSeconds(20);

    private Browser(ChromeDriver driver, String baseUrl, Viewport viewport, String collectorId) {
        this.driver = driver;
        this.baseUrl = baseUrl;
        this.viewport = viewport;
        this.collectorId = collectorId;
    }

    /** A page against the service on this local port, with this window, preferring this language ("en", "ru"). */
    public static Browser open(int port, Viewport viewport, String language) {
        return open("http://127.0.0.1:" + port, viewport, language);
    }

    public static synchronized Browser open(String baseUrl, Viewport viewport, String language) {
        if (current != null) {
            throw new IllegalStateException("a Browser is still open: the run shares one Chromium page; close the first one"
                    + " (try-with-resources) before opening another");
        }
        ChromeDriver driver = SharedChrome.driver();
        driver.get("about:blank");
        cdp(driver, "Network.enable", Map.of());
        cdp(driver, "Network.clearBrowserCookies", Map.of());
        cdp(driver, "Network.setExtraHTTPHeaders", Map.of("headers", Map.of()));
        cdp(driver, "Storage.clearDataForOrigin", Map.of("origin", baseUrl.replaceAll("/$", ""), "storageTypes", "all"));
        cdp(driver, "Emulation.setDeviceMetricsOverride", Map.of("width", viewport.width(), "height", viewport.height(),
                "deviceScaleFactor", viewport.scale(), "mobile", viewport.mobile()));
        cdp(driver, "Emulation.setTouchEmulationEnabled", Map.of("enabled", viewport.mobile()));
        String userAgent = String.valueOf(cdp(driver, "Browser.getVersion", Map.of()).get("userAgent")).replace("HeadlessChrome", "Chrome");
        cdp(driver, "Emulation.setUserAgentOverride", Map.of("userAgent", userAgent, "acceptLanguage", language,
                "platform", viewport.mobile() ? "Android" : "Linux"));
        cdp(driver, "Emulation.setLocaleOverride", Map.of()); // clears the last one: setting over another fails
        cdp(driver, "Emulation.setLocaleOverride", Map.of("locale", language));
        String collector = String.valueOf(cdp(driver, "Page.addScriptToEvaluateOnNewDocument", Map.of("source", ERROR_COLLECTOR))
                .get("identifier"));
        current = new Browser(driver, baseUrl.replaceAll("/$", ""), viewport, collector);
        return current;
    }

    private static Map<String, Object> cdp(ChromeDriver driver, String command, Map<String, Object> params) {
        return driver.executeCdpCommand(command, params);
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
        cdp(driver, "Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization", "Basic " + token)));
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
        waitUntil("the login to finish (still on /login)", "!location.pathname.startsWith('/login') || location.search.includes('error')");
        if (url().contains("error")) {
            throw failure("login as " + username + " was refused (wrong password or no such user)");
        }
        return this;
    }

    /** Opens a path of the service (or a full URL) and waits until the document has loaded. */
    public Browser go(String pathOrUrl) {
        collectErrors();
        String url = pathOrUrl.startsWith("http") ? pathOrUrl : baseUrl + pathOrUrl;
        try {
            driver.get(url);
        } catch (WebDriverException e) {
            throw failure("cannot open " + url + ": " + firstLine(e));
        }
        waitUntil("the page " + url + " to load", "document.readyState === 'complete'");
        return this;
    }

    /** Continues inside the iframe that {@code selector} finds (waits for it) until {@link #leaveFrame()}. */
    public Browser enterFrame(String selector) {
        waitFor(selector);
        driver.switchTo().frame(driver.findElement(org.openqa.selenium.By.cssSelector(selector)));
        return this;
    }

    /** Back to the top-level page after {@link #enterFrame(String)}. */
    public Browser leaveFrame() {
        driver.switchTo().defaultContent();
        return this;
    }

    public String url() {
        return driver.getCurrentUrl();
    }

    /**
     * Runs a JavaScript expression in the page (promises are awaited) and returns its value as JSON
     * (missing node for undefined). A thrown error fails with the page's message.
     */
    public JsonNode eval(String expression) {
        Object answer;
        try {
            answer = driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + " try { Promise.resolve((" + expression + "\n)).then(v => done(v === undefined ? [] : [v]),"
                    + " e => done({error: String(e && e.stack || e)})); } catch (e) { done({error: String(e && e.stack || e)}); }");
        } catch (JavascriptException e) {
            throw new IllegalStateException("the page's script failed: " + firstLine(e) + "\n  in: " + expression, e);
        } catch (ScriptTimeoutException e) {
            throw new IllegalStateException("the page's script did not answer: " + firstLine(e) + "\n  in: " + expression, e);
        }
        if (answer instanceof Map<?, ?> map && map.containsKey("error")) {
            throw new IllegalStateException("the page's script failed: " + map.get("error") + "\n  in: " + expression);
        }
        if (answer instanceof List<?> list) {
            return list.isEmpty() ? MissingNode.getInstance() : JSON.valueToTree(list.getFirst());
        }
        return MissingNode.getInstance(); // the page navigated away before answering
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
            } catch (IllegalStateException | WebDriverException e) {
                last = firstLine(e); // a navigation can destroy the context between polls
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

    /** Clicks the first visible element matching the selector (WebDriver's click: fails if something covers it). */
    public Browser click(String selector) {
        waitFor(selector);
        WebElement element = shown(selector);
        driver.executeScript("arguments[0].scrollIntoView({block: 'center', inline: 'center'})", element);
        try {
            element.click();
        } catch (ElementClickInterceptedException e) {
            throw failure("cannot click " + selector + ": another element covers it: " + firstLine(e));
        } catch (ElementNotInteractableException e) {
            throw failure("cannot click " + selector + ": " + firstLine(e));
        }
        return this;
    }

    /**
     * Clicks inside the first visible element matching the selector at (x, y) CSS pixels from its top left corner, as
     * a mouse does (pointer and mouse events, then click): for maps and grids that react to where they are clicked.
     */
    public Browser clickAt(String selector, double x, double y) {
        waitFor(selector);
        WebElement element = shown(selector);
        driver.executeScript("arguments[0].scrollIntoView({block: 'center', inline: 'center'})", element);
        org.openqa.selenium.Rectangle box = element.getRect();
        new org.openqa.selenium.interactions.Actions(driver)
                .moveToElement(element, (int) Math.round(x - box.getWidth() / 2.0), (int) Math.round(y - box.getHeight() / 2.0))
                .click().perform();
        return this;
    }

    /**
     * Presses the mouse inside the first visible element matching the selector at (x1, y1) from its top left corner,
     * moves it in small steps to (x2, y2) and releases it there: a drag as a person makes it.
     */
    public Browser drag(String selector, double x1, double y1, double x2, double y2) {
        waitFor(selector);
        WebElement element = shown(selector);
        driver.executeScript("arguments[0].scrollIntoView({block: 'center', inline: 'center'})", element);
        org.openqa.selenium.Rectangle box = element.getRect();
        var actions = new org.openqa.selenium.interactions.Actions(driver)
                .moveToElement(element, (int) Math.round(x1 - box.getWidth() / 2.0), (int) Math.round(y1 - box.getHeight() / 2.0))
                .clickAndHold();
        int steps = 8;
        int doneX = 0;
        int doneY = 0;
        for (int i = 1; i <= steps; i++) {
            int toX = (int) Math.round((x2 - x1) * i / steps);
            int toY = (int) Math.round((y2 - y1) * i / steps);
            actions = actions.moveByOffset(toX - doneX, toY - doneY);
            doneX = toX;
            doneY = toY;
        }
        actions.release().perform();
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

    /** Empties a field, focuses it and types the text into it (key events as from a keyboard). */
    public Browser type(String selector, String text) {
        waitFor(selector);
        WebElement element = shown(selector);
        driver.executeScript("arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus();", element);
        element.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        if (!text.isEmpty()) {
            element.sendKeys(text);
        }
        return this;
    }

    /** Picks a file in a file input, as a person choosing a photo (the input's change event follows). */
    public Browser attach(String selector, Path file) {
        waitFor(selector);
        shown(selector).sendKeys(file.toAbsolutePath().toString());
        return this;
    }

    /** Chooses the option with this value in a select element (input and change events follow, as from a person). */
    public Browser select(String selector, String value) {
        waitFor(selector);
        Select select = new Select(shown(selector));
        if (select.getOptions().stream().noneMatch(o -> value.equals(o.getDomAttribute("value")) || value.equals(o.getDomProperty("value")))) {
            throw failure("the select " + selector + " has no option with the value " + value);
        }
        select.selectByValue(value);
        return this;
    }

    /** Presses a key in the focused element (Keys.ENTER, Keys.TAB, ...). */
    public Browser press(CharSequence key) {
        driver.switchTo().activeElement().sendKeys(key);
        return this;
    }

    /** Saves a PNG of the viewport as {@code target/screenshots/NAME-VIEWPORT.png} and returns its path. */
    public Path screenshot(String name) {
        return screenshot(name, false);
    }

    /** As {@link #screenshot(String)}; {@code fullPage} captures the whole scrollable page. */
    public Path screenshot(String name, boolean fullPage) {
        Map<String, Object> params = new HashMap<>(Map.of("format", "png"));
        if (fullPage) {
            params.put("captureBeyondViewport", true);
        }
        String data = String.valueOf(cdp(driver, "Page.captureScreenshot", params).get("data"));
        Path file = SCREENSHOTS.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + viewport.name() + ".png");
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(file, Base64.getDecoder().decode(data));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the screenshot " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        return file;
    }

    /** Uncaught script errors and console.error calls of the pages so far. */
    public List<String> consoleErrors() {
        collectErrors();
        return List.copyOf(consoleErrors);
    }

    private void collectErrors() {
        try {
            Object errors = driver.executeScript("const e = window.__fpErrors || []; window.__fpErrors = []; return e;");
            if (errors instanceof List<?> list) {
                list.forEach(e -> consoleErrors.add(String.valueOf(e)));
            }
        } catch (WebDriverException e) {
            // no document yet
        }
    }

    /** An assertion failure that saves a screenshot and quotes the start of the page's text. */
    public AssertionError failure(String message) {
        String shot = "";
        String body = "";
        try {
            shot = " (screenshot " + screenshot("failure-" + System.currentTimeMillis()).toAbsolutePath() + ")";
            body = String.valueOf(driver.executeScript("return document.body ? document.body.innerText.slice(0, 1500) : ''"));
        } catch (RuntimeException e) {
            shot = " (no screenshot: " + firstLine(e) + ")";
        }
        List<String> errors = consoleErrors();
        return new AssertionError(message + shot + "\nat " + safeUrl() + "\npage text:\n" + body
                + (errors.isEmpty() ? "" : "\nscript errors: " + errors));
    }

    private String safeUrl() {
        try {
            return url();
        } catch (RuntimeException e) {
            return "?";
        }
    }

    /** Leaves the page (cookies, headers and storage are reset by the next {@link #open}); the browser stays up. */
    @Override
    public void close() {
        synchronized (Browser.class) {
            current = null;
        }
        try {
            cdp(driver, "Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", collectorId));
            cdp(driver, "Network.setExtraHTTPHeaders", Map.of("headers", Map.of()));
            driver.get("about:blank");
        } catch (WebDriverException e) {
            SharedChrome.quit(); // a broken browser: the next open starts a new one
        }
    }

    /** A JavaScript string literal. */
    public static String js(String text) {
        return JSON.writeValueAsString(text);
    }

    /** A query-string value. */
    public static String query(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private WebElement shown(String selector) {
        return driver.findElements(By.cssSelector(selector)).stream().filter(WebElement::isDisplayed).findFirst()
                .orElseThrow(() -> failure("no visible element " + selector));
    }

    private static String visible(String selector) {
        return "Array.from(document.querySelectorAll(" + js(selector) + ")).some(" + SHOWN + ")";
    }

    private static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage());
        return message.lines().findFirst().orElse(message);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting in the browser", e);
        }
    }
}
