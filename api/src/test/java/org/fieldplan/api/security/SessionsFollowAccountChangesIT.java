package org.fieldplan.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fieldplan.api.persistence.jooq.Tables.SIGN_IN_CODE;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.fieldplan.api.ApiIntegrationTest;
import org.fieldplan.api.Fixtures;
import org.fieldplan.api.Fixtures.Login;
import org.fieldplan.api.TestHttp;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * A session follows its account: within {@code fieldplan.security.session-recheck} of an administrator disabling the
 * account, changing its roles or resetting its password, the next call on the old session is answered 401 (API) or sent
 * to the sign-in (pages), and the session is gone for good; a customer's contact person disabled loses the cabinet; a
 * user nobody touched keeps working. The check reads the database only, as an instance other than the one that made the
 * change would, so the test waits out the configured bound instead of relying on anything the changing call did in
 * memory.
 */
@ApiIntegrationTest
class SessionsFollowAccountChangesIT {

    @Autowired Fixtures fixtures;
    @Autowired TestHttp http;
    @Autowired DSLContext db;
    @Autowired SessionAccounts sessions;
    @Value("${local.server.port}") int port;

    @Test
    void disablingChangingRolesOrResettingThePasswordEndsTheSessionOthersKeepTheirs() throws Exception {
        Login admin = fixtures.user(Role.ADMINISTRATOR);
        Login disabled = fixtures.user(Role.DISPATCHER);
        Login untouched = fixtures.user(Role.DISPATCHER);
        Login demoted = fixtures.user(Role.ADMINISTRATOR);
        Login reset = fixtures.user(Role.DISPATCHER);
        Login renamed = fixtures.user(Role.DISPATCHER);
        http.authorization(admin.basic());

        // a contact person of an organisation, invited by the office, signs in to the cabinet with a link
        long customerId = fixtures.customerWithoutLogin();
        TestHttp.Response invited = http.post("/api/customers/" + customerId + "/invitations",
                "{\"name\": \"Treasurer\", \"email\": \"" + Fixtures.unique("treasurer") + "@org.test\"}");
        assertThat(invited.status()).as(invited.body()).isEqualTo(201);
        long contactId = invited.json().get("userId").asLong();
        Session contact = new Session();
        contact.signInWithLink(contactId, customerId);

        Session disabledSession = new Session().signIn(disabled.username(), Fixtures.PASSWORD);
        Session untouchedSession = new Session().signIn(untouched.username(), Fixtures.PASSWORD);
        Session demotedSession = new Session().signIn(demoted.username(), Fixtures.PASSWORD);
        Session resetSession = new Session().signIn(reset.username(), Fixtures.PASSWORD);
        Session renamedSession = new Session().signIn(renamed.username(), Fixtures.PASSWORD);
        assertThat(disabledSession.get("/api/me").statusCode()).isEqualTo(200);
        assertThat(untouchedSession.get("/api/me").statusCode()).isEqualTo(200);
        assertThat(demotedSession.get("/api/users").statusCode()).isEqualTo(200);
        assertThat(resetSession.get("/desk").statusCode()).isEqualTo(200);
        assertThat(renamedSession.get("/api/me").statusCode()).isEqualTo(200);
        assertThat(contact.get("/api/cabinet").statusCode()).isEqualTo(200);

        // the administrator's changes, over HTTP Basic (no session of theirs is involved)
        patch(disabled.userId(), "{\"enabled\": false}");
        patch(demoted.userId(), "{\"roles\": [\"dispatcher\"]}");
        patch(contactId, "{\"enabled\": false}");
        patch(renamed.userId(), "{\"displayName\": \"A new name\"}"); // moves the version, changes no right
        TestHttp.Response password = http.put("/api/users/" + reset.userId() + "/password", "{\"password\": \"another-pass-2\"}");
        assertThat(password.status()).as(password.body()).isEqualTo(204);

        Thread.sleep(sessions.recheck().plusMillis(300).toMillis());

        HttpResponse<String> refused = disabledSession.get("/api/me");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(refused.body()).contains("session has ended");

        HttpResponse<String> demotedCall = demotedSession.get("/api/users");
        assertThat(demotedCall.statusCode()).as("the session with the administrator role ended: %s", demotedCall.body()).isEqualTo(401);
        Session demotedAgain = new Session().signIn(demoted.username(), Fixtures.PASSWORD);
        assertThat(demotedAgain.get("/api/users").statusCode()).as("signed in again: a dispatcher now").isEqualTo(403);
        assertThat(demotedAgain.get("/api/me").statusCode()).isEqualTo(200);

        HttpResponse<String> page = resetSession.get("/desk");
        assertThat(page.statusCode()).as("a page after a password reset: back to the sign-in").isEqualTo(302);
        assertThat(page.headers().firstValue("Location").orElse("")).endsWith("/login");
        assertThat(new Session().signIn(reset.username(), "another-pass-2").get("/desk").statusCode()).isEqualTo(200);

        HttpResponse<String> cabinet = contact.get("/api/cabinet");
        assertThat(cabinet.statusCode()).as(cabinet.body()).isEqualTo(401);

        assertThat(untouchedSession.get("/api/me").statusCode()).as("a user nobody changed keeps the session").isEqualTo(200);
        assertThat(renamedSession.get("/api/me").statusCode()).as("a new display name ends no session").isEqualTo(200);

        // the session is gone, not merely refused: enabling the account again does not bring it back
        patch(disabled.userId(), "{\"enabled\": true}");
        Thread.sleep(sessions.recheck().plusMillis(300).toMillis());
        assertThat(disabledSession.get("/api/me").statusCode()).isEqualTo(401);
        assertThat(new Session().signIn(disabled.username(), Fixtures.PASSWORD).get("/api/me").statusCode()).isEqualTo(200);
    }

    private void patch(long userId, String change) {
        String etag = http.get("/api/users/" + userId).header("ETag");
        TestHttp.Response changed = http.send("PATCH", "/api/users/" + userId, change, Map.of("If-Match", String.valueOf(etag)));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    }

    /** A browser: cookies kept, redirects not followed, the CSRF token echoed. */
    final class Session {
        final CookieManager cookies = new CookieManager();
        final HttpClient client = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
        final String base = "http://127.0.0.1:" + port;

        Session signIn(String username, String password) throws Exception {
            HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(base + "/login")).header("Accept", "text/html").build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher hidden = Pattern.compile("<input(?=[^>]*name=\"_csrf\")[^>]*value=\"([^\"]+)\"").matcher(page.body());
            assertThat(hidden.find()).as("the form carries a CSRF token").isTrue();
            String form = "username=" + enc(username) + "&password=" + enc(password) + "&_csrf=" + enc(hidden.group(1));
            HttpResponse<String> login = client.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).isEqualTo(302);
            assertThat(login.headers().firstValue("Location").orElse("")).as("signed in as %s", username).doesNotContain("error");
            return this;
        }

        /** The cabinet's way in: a link's token (its hash stored as the invitation would store it), then verify. */
        void signInWithLink(long userId, long customerId) throws Exception {
            String token = "SessionTest" + Fixtures.unique("t").replaceAll("[^A-Za-z0-9]", "") + "abcdefghij";
            OffsetDateTime now = OffsetDateTime.now();
            db.insertInto(SIGN_IN_CODE).set(SIGN_IN_CODE.USER_ID, userId).set(SIGN_IN_CODE.CUSTOMER_ID, customerId)
                    .set(SIGN_IN_CODE.CHANNEL, "email").set(SIGN_IN_CODE.ADDRESS, "session-test@org.test")
                    .set(SIGN_IN_CODE.CODE_HASH, sha256("unused")).set(SIGN_IN_CODE.LINK_HASH, sha256(token))
                    .set(SIGN_IN_CODE.EXPIRES_AT, now.plusMinutes(10)).set(SIGN_IN_CODE.CREATED_AT, now).execute();
            HttpResponse<String> in = send("POST", "/api/public/sign-in/verify", "{\"token\": \"" + token + "\"}");
            assertThat(in.statusCode()).as(in.body()).isEqualTo(200);
        }

        HttpResponse<String> get(String path) throws Exception {
            return send("GET", path, null);
        }

        HttpResponse<String> send(String method, String path, String json) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                    .header("Accept", path.startsWith("/api/") ? "application/json, application/problem+json" : "text/html")
                    .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
            if (json != null) {
                b.header("Content-Type", "application/json");
            }
            cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN")).map(HttpCookie::getValue)
                    .findFirst().ifPresent(t -> b.header("X-XSRF-TOKEN", t));
            return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
