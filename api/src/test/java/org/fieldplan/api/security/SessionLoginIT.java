package org.fieldplan.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.fieldplan.api.ApiIntegrationTest;
import org.fieldplan.api.Fixtures.Login;
import org.fieldplan.api.Fixtures;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Import;

/**
 * A browser's way in: the login form starts a session, and a change made with that session cookie needs the
 * CSRF token (cookie XSRF-TOKEN echoed in the X-XSRF-TOKEN header), so another site cannot forge it.
 */
@ApiIntegrationTest
@Import(Fixtures.class)
class SessionLoginIT {

    @Autowired Fixtures fixtures;
    @Value("${local.server.port}") int port;

    @Test
    void theLoginFormStartsASessionAndSessionCallsThatChangeThingsNeedTheCsrfToken() throws Exception {
        Login admin = fixtures.user(Role.ADMINISTRATOR);
        CookieManager cookies = new CookieManager();
        HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
        String base = "http://127.0.0.1:" + port;

        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(base + "/login")).header("Accept", "text/html").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        Matcher hidden = Pattern.compile("<input(?=[^>]*name=\"_csrf\")[^>]*value=\"([^\"]+)\"").matcher(page.body());
        assertThat(hidden.find()).as("the form carries a CSRF token: %s", page.body()).isTrue();

        String form = "username=" + enc(admin.username()) + "&password=" + enc(Fixtures.PASSWORD) + "&_csrf=" + enc(hidden.group(1));
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location").orElse("")).doesNotContain("error");

        HttpResponse<String> me = browser.send(HttpRequest.newBuilder(URI.create(base + "/api/me")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).contains(admin.username(), "administrator");

        String change = "{}"; // fails validation (400) once it is let through
        HttpResponse<String> forged = browser.send(HttpRequest.newBuilder(URI.create(base + "/api/requests"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(change)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).as("no CSRF token: %s", forged.body()).isEqualTo(403);
        assertThat(forged.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(forged.body()).contains("X-XSRF-TOKEN");

        String token = cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                .map(HttpCookie::getValue).findFirst().orElseThrow(() -> new AssertionError("no XSRF-TOKEN cookie: " + cookies.getCookieStore().getCookies()));
        HttpResponse<String> withToken = browser.send(HttpRequest.newBuilder(URI.create(base + "/api/requests"))
                .header("Content-Type", "application/json").header("X-XSRF-TOKEN", token)
                .POST(HttpRequest.BodyPublishers.ofString(change)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(withToken.statusCode()).as(withToken.body()).isEqualTo(400);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
