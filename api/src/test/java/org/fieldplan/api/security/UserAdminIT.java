package org.fieldplan.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.fieldplan.api.ApiIntegrationTest;
import org.fieldplan.api.Fixtures;
import org.fieldplan.api.TestHttp;
import org.fieldplan.api.TestHttp.Response;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import tools.jackson.databind.JsonNode;

/** Administrators create sign-in accounts; the new user signs in with the password and is scoped by the link. */
@ApiIntegrationTest
class UserAdminIT {

    @Autowired TestHttp http;
    @Autowired Fixtures fixtures;

    @Test
    void anAdministratorCreatesACustomerAccountThatSignsInAndSeesItself() {
        Fixtures.Login admin = fixtures.user(Role.ADMINISTRATOR);
        long customerId = fixtures.customerWithoutLogin();
        String username = Fixtures.unique("new.customer");

        Response created = http.authorization(admin.basic()).post("/api/users", """
                {"username": "%s", "password": "long-enough-1", "displayName": "New Customer", "email": "nc@example.test",
                 "roles": ["customer"], "customerId": %d}""".formatted(username, customerId));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.body()).doesNotContain("long-enough-1").doesNotContain("bcrypt");
        assertThat(created.json().path("roles").toString()).isEqualTo("[\"customer\"]");
        String basic = "Basic " + Base64.getEncoder().encodeToString((username + ":long-enough-1").getBytes(StandardCharsets.UTF_8));
        JsonNode me = http.authorization(basic).get("/api/me").json();
        assertThat(me.path("role").asString()).isEqualTo("customer");
        assertThat(me.path("customerId").asLong()).isEqualTo(customerId);

        Response list = http.authorization(admin.basic()).get("/api/users");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains(username).doesNotContain("$2a$");
    }

    @Test
    void badAccountsAreRefusedFieldByField() {
        Fixtures.Login admin = fixtures.user(Role.ADMINISTRATOR);
        Fixtures.Login taken = fixtures.customer();
        Response r = http.authorization(admin.basic()).post("/api/users", """
                {"username": "%s", "password": "short", "roles": ["customer", "overlord"], "customerId": %d, "technicianId": 1}"""
                .formatted(taken.username(), taken.customerId()));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("errors").findValues("field").stream().map(JsonNode::asString).toList())
                .containsExactlyInAnyOrder("username", "password", "roles[1]", "customerId", "technicianId");
        assertThat(r.body()).contains("is taken", "overlord", "already has an account").doesNotContain("short\"");
    }

    @Test
    void onlyAdministratorsManageAccounts() {
        for (Role role : new Role[] {Role.DISPATCHER, Role.TECHNICIAN, Role.CUSTOMER}) {
            assertThat(http.authorization(fixtures.user(role).basic()).get("/api/users").status()).as(role.code()).isEqualTo(403);
            assertThat(http.authorization(fixtures.user(role).basic()).post("/api/users", "{}").status()).as(role.code()).isEqualTo(403);
        }
        assertThat(http.authorization(null).get("/api/users").status()).isEqualTo(401);
    }

    private static String basic(String username, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anAdministratorRenamesDisablesAndResetsThePasswordOfAnAccount() {
        Fixtures.Login admin = fixtures.user(Role.ADMINISTRATOR);
        Fixtures.Login user = fixtures.user(Role.DISPATCHER);
        TestHttp asAdmin = http.authorization(admin.basic());

        Response renamed = asAdmin.send("PATCH", "/api/users/" + user.userId(),
                "{\"displayName\": \"Dora Dispatcher\", \"email\": \"dora@example.test\"}", java.util.Map.of("If-Match", "\"0\""));
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
        assertThat(renamed.json().path("displayName").asString()).isEqualTo("Dora Dispatcher");
        assertThat(renamed.json().path("email").asString()).isEqualTo("dora@example.test");

        Response stale = asAdmin.send("PATCH", "/api/users/" + user.userId(), "{\"enabled\": false}", java.util.Map.of("If-Match", "\"0\""));
        assertThat(stale.status()).as("a change made on an old version").isEqualTo(412);
        assertThat(asAdmin.send("PATCH", "/api/users/" + user.userId(), "{\"enabled\": false}", java.util.Map.of()).status())
                .as("a change without If-Match").isEqualTo(428);
        Response disabled = asAdmin.send("PATCH", "/api/users/" + user.userId(), "{\"enabled\": false}", java.util.Map.of("If-Match", renamed.header("ETag")));
        assertThat(disabled.json().path("enabled").asBoolean()).isFalse();
        assertThat(http.authorization(user.basic()).get("/api/me").status()).as("a disabled account cannot sign in").isEqualTo(401);
        http.authorization(admin.basic()).send("PATCH", "/api/users/" + user.userId(), "{\"enabled\": true, \"roles\": [\"dispatcher\", \"administrator\"]}",
                java.util.Map.of("If-Match", "\"2\""));
        assertThat(http.authorization(admin.basic()).get("/api/users/" + user.userId()).json().path("roles").toString())
                .isEqualTo("[\"administrator\",\"dispatcher\"]");
        assertThat(http.authorization(user.basic()).get("/api/me").status()).isEqualTo(200);

        Response reset = http.authorization(admin.basic()).put("/api/users/" + user.userId() + "/password",
                "{\"password\": \"a-new-password-2\"}");
        assertThat(reset.status()).as(reset.toString()).isEqualTo(204);
        assertThat(http.authorization(user.basic()).get("/api/me").status()).as("the old password is gone").isEqualTo(401);
        assertThat(http.authorization(basic(user.username(), "a-new-password-2")).get("/api/me").status()).isEqualTo(200);

        Response self = http.authorization(admin.basic()).send("PATCH", "/api/users/" + admin.userId(), "{\"enabled\": false}",
                java.util.Map.of("If-Match", "\"0\""));
        assertThat(self.status()).isEqualTo(400);
        assertThat(http.authorization(admin.basic()).put("/api/users/987654321/password", "{\"password\": \"long-enough-9\"}")
                .status()).isEqualTo(404);
        assertThat(http.authorization(user.basic()).send("PATCH", "/api/users/" + user.userId(), "{}", java.util.Map.of()).status())
                .isEqualTo(401);
    }

    @Test
    void passwordsOverBcryptsSeventyTwoBytesAreRefusedNamingTheField() {
        Fixtures.Login admin = fixtures.user(Role.ADMINISTRATOR);
        Response tooLong = http.authorization(admin.basic()).post("/api/users", """
                {"username": "%s", "password": "%s", "roles": ["dispatcher"]}""".formatted(Fixtures.unique("long"), "я".repeat(37)));
        assertThat(tooLong.status()).as(tooLong.toString()).isEqualTo(400);
        assertThat(tooLong.json().path("errors").path(0).path("field").asString()).isEqualTo("password");
        assertThat(tooLong.body()).contains("74 bytes", "at most 72 bytes");
        Response reset = http.authorization(admin.basic()).put("/api/users/" + admin.userId() + "/password",
                "{\"password\": \"" + "x".repeat(73) + "\"}");
        assertThat(reset.status()).isEqualTo(400);
        assertThat(http.authorization(admin.basic()).put("/api/users/" + admin.userId() + "/password",
                "{\"password\": \"" + "x".repeat(72) + "\"}").status()).as("72 bytes is the most, and allowed").isEqualTo(204);
    }
}
