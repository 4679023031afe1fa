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
                {"username": "%s", "password": "short", "roles": ["customer", "director"], "customerId": %d, "technicianId": 1}"""
                .formatted(taken.username(), taken.customerId()));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("errors").findValues("field").stream().map(JsonNode::asString).toList())
                .containsExactlyInAnyOrder("username", "password", "roles[1]", "customerId", "technicianId");
        assertThat(r.body()).contains("is taken", "director", "already has an account").doesNotContain("short\"");
    }

    @Test
    void onlyAdministratorsManageAccounts() {
        for (Role role : new Role[] {Role.DISPATCHER, Role.TECHNICIAN, Role.CUSTOMER}) {
            assertThat(http.authorization(fixtures.user(role).basic()).get("/api/users").status()).as(role.code()).isEqualTo(403);
            assertThat(http.authorization(fixtures.user(role).basic()).post("/api/users", "{}").status()).as(role.code()).isEqualTo(403);
        }
        assertThat(http.authorization(null).get("/api/users").status()).isEqualTo(401);
    }
}
