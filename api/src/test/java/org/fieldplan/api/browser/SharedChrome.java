package org.fieldplan.api.browser;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The one headless Chromium of a test run, driven by Debian's {@code chromedriver} (Selenium WebDriver). Started by the
 * first {@link Browser#open}, reused by every later one (each resets cookies, storage, headers and emulation), ended
 * by a shutdown hook when the test JVM exits; its profile is a fresh directory under {@code target/chromium/}.
 *
 * <p>The browser is {@code FIELDPLAN_CHROMIUM} / {@code -Dfieldplan.chromium}, else {@code /usr/bin/chromium}; the driver
 * {@code FIELDPLAN_CHROMEDRIVER} / {@code -Dfieldplan.chromedriver}, else {@code /usr/bin/chromedriver} (Debian's
 * {@code chromium} and {@code chromium-driver}, installed by {@code api/scripts/chromium.sh}: same version, so no driver is
 * ever downloaded).
 */
final class SharedChrome {

    private static @Nullable ChromeDriver driver;
    private static @Nullable Path profile;
    private static boolean hooked;

    private SharedChrome() {}

    /** The run's browser, started on first use (or again if it died). */
    static synchronized ChromeDriver driver() {
        if (driver != null) {
            try {
                driver.getWindowHandles(); // alive?
                return driver;
            } catch (WebDriverException e) {
                quit();
            }
        }
        try {
            profile = Files.createTempDirectory(Files.createDirectories(Paths.get("target", "chromium")).toAbsolutePath(), "profile-");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a Chromium profile directory: " + e.getMessage(), e);
        }
        String binary = setting("fieldplan.chromium", "FIELDPLAN_CHROMIUM", "/usr/bin/chromium");
        String driverBinary = setting("fieldplan.chromedriver", "FIELDPLAN_CHROMEDRIVER", "/usr/bin/chromedriver");
        if (!new File(driverBinary).canExecute()) {
            throw new IllegalStateException("no chromedriver at " + driverBinary + ": install Debian's chromium-driver "
                    + "(api/scripts/chromium.sh does it as root: apt-get install -y chromium chromium-driver) or set FIELDPLAN_CHROMEDRIVER");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu",
                // software WebGL (SwiftShader): MapLibre draws the street map without a GPU
                "--enable-unsafe-swiftshader", "--use-angle=swiftshader", "--disable-quic", "--no-first-run",
                "--no-default-browser-check", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--mute-audio", "--hide-scrollbars",
                "--user-data-dir=" + profile, "--window-size=1280,800");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(driverBinary))
                .usingAnyFreePort()
                .withLogFile(profile.resolveSibling(profile.getFileName() + "-chromedriver.log").toFile())
                .build();
        try {
            driver = new ChromeDriver(service, options);
        } catch (WebDriverException e) {
            deleteQuietly(profile);
            throw new IllegalStateException("cannot start Chromium '" + binary + "' with '" + driverBinary + "': "
                    + e.getMessage().lines().findFirst().orElse(""), e);
        }
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        if (!hooked) {
            hooked = true;
            Runtime.getRuntime().addShutdownHook(new Thread(SharedChrome::quit, "fieldplan-chromium-quit"));
        }
        return driver;
    }

    /** Ends the browser and deletes its profile. */
    static synchronized void quit() {
        if (driver != null) {
            try {
                driver.quit();
            } catch (RuntimeException e) {
                // already gone
            }
            driver = null;
        }
        if (profile != null) {
            deleteQuietly(profile);
            profile = null;
        }
    }

    private static String setting(String property, String environment, String fallback) {
        String configured = System.getProperty(property, System.getenv(environment));
        return configured != null && !configured.isBlank() ? configured : fallback;
    }

    static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // under target/: the next clean removes it
        }
    }
}
