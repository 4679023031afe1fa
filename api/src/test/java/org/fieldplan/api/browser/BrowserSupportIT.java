package org.fieldplan.api.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fieldplan.api.ApiIntegrationTest;
import org.fieldplan.api.Fixtures;
import org.fieldplan.api.security.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * The shared browser support against the running service: form login gives a session whose scripts pass the CSRF
 * check only with the token from the XSRF-TOKEN cookie, Basic works without a form, screenshots have the window's
 * size, and a wait that cannot succeed fails with a clear message.
 */
@ApiIntegrationTest
class BrowserSupportIT {

    @Value("${local.server.port}")
    int port;
    @Autowired
    Fixtures fixtures;

    static final String POST_REQUEST = """
            fetch('/api/requests', {method: 'POST', headers: Object.assign({'Content-Type': 'application/json'}, %s),
              body: '{}'}).then(r => r.status)""";
    static final String CSRF_HEADER = "{'X-XSRF-TOKEN': decodeURIComponent((document.cookie.match(/XSRF-TOKEN=([^;]+)/) || [])[1] || '')}";

    @Test
    void formLoginGivesASessionAndScriptsPassTheCsrfCheckWithTheCookieToken() throws IOException {
        Fixtures.Login dispatcher = fixtures.user(Role.DISPATCHER);
        try (Browser browser = Browser.open(port, Viewport.PHONE, "en")) {
            browser.go("/login").waitFor("input[name=username]");
            Path shot = browser.screenshot("browser-support-login");
            assertThat(pngSize(shot)).containsExactly(390 * 2, 844 * 2);

            browser.login(dispatcher.username(), Fixtures.PASSWORD);
            assertThat(browser.eval("fetch('/api/me').then(r => r.json()).then(j => j.username)").asString())
                    .isEqualTo(dispatcher.username());
            assertThat(browser.eval(POST_REQUEST.formatted("{}")).asInt()).as("no CSRF token: refused").isEqualTo(403);
            assertThat(browser.eval(POST_REQUEST.formatted(CSRF_HEADER)).asInt()).as("with the token: the body is judged")
                    .isEqualTo(400);
        }
    }

    @Test
    void basicAuthWrongLoginAndTimeoutsAreReported() {
        Fixtures.Login admin = fixtures.user(Role.ADMINISTRATOR);
        try (Browser browser = Browser.open(port, Viewport.DESKTOP, "ru")) {
            assertThat(browser.eval("navigator.language").asString()).isEqualTo("ru");
            browser.basicAuth(admin.username(), Fixtures.PASSWORD).go("/api/me");
            assertThat(browser.text("body")).contains(admin.username());
            assertThat(pngSize(browser.screenshot("browser-support-basic"))).containsExactly(1280, 800);
            browser.timeout(java.time.Duration.ofSeconds(1));
            assertThatThrownBy(() -> browser.waitForText("body", "no such text anywhere"))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("no such text anywhere").hasMessageContaining("screenshot");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        try (Browser browser = Browser.open(port, Viewport.TABLET, "en")) {
            assertThatThrownBy(() -> browser.login(admin.username(), "wrong-password"))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("was refused");
        }
    }

    /** Width and height from the PNG header. */
    static int[] pngSize(Path png) throws IOException {
        byte[] bytes = Files.readAllBytes(png);
        assertThat(bytes).startsWith(0x89, 'P', 'N', 'G');
        ByteBuffer header = ByteBuffer.wrap(bytes, 16, 8);
        return new int[] {header.getInt(), header.getInt()};
    }
}
