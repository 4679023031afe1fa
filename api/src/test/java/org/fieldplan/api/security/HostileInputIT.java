package org.fieldplan.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fieldplan.api.Fixtures;
import org.fieldplan.api.OwnSchema;
import org.fieldplan.api.TestHttp;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

/**
 * Every operation of the OpenAPI description, called by an anonymous caller and by a login of every role
 * (administrator, dispatcher, technician, customer), with hostile input: extreme dates ({@code +999999999-12-31}),
 * huge and negative numbers in the path and the query, and bodies whose every field is {@code [null]}, an extreme
 * date, an array of thousands of lines, a lone UTF-16 surrogate or the wrong type. None may answer 5xx: a caller's
 * mistake is a 4xx. Own schema, since some of these calls may delete row 1 of something.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.flyway.schemas=${fieldplan.it.schema:fieldplan_it}_hostile",
        "spring.flyway.default-schema=${fieldplan.it.schema:fieldplan_it}_hostile",
        "spring.datasource.hikari.connection-init-sql=SET search_path TO ${fieldplan.it.schema:fieldplan_it}_hostile, public"})
@ActiveProfiles("it")
@Import({OwnSchema.class, Fixtures.class})
class HostileInputIT {

    private static final String[] PATH_VALUES = {"+999999999-12-31", "-1", "99999999999999999999", "1"};
    private static final String[] QUERY_VALUES = {"%2B999999999-12-31", "-99999999999", "99999999999999999999", "%ED%A0%80", ""};

    @Autowired Fixtures fixtures;
    @Value("${local.server.port}") int port;

    private static String hugeArray() {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < 5000; i++) {
            out.append(i == 0 ? "" : ",").append(i % 7);
        }
        return out.append(']').toString();
    }

    /** The JSON bodies to send for an operation whose body has these top-level property names. */
    private static List<String> bodies(List<String> properties) {
        List<String> out = new ArrayList<>(List.of("[]", "null", "\"x\"", "{}"));
        String huge = hugeArray();
        String[] kinds = {"[null]", "\"+999999999-12-31\"", huge, "\"\\ud800 broken \\udfff\"", "[{\"a\": [null]}]",
                "-1e308", "{\"date\": \"-999999999-01-01\", \"items\": [null]}", "\"+999999999-12-31T23:59:59+18:00\""};
        for (String kind : kinds) {
            StringBuilder body = new StringBuilder("{");
            for (int i = 0; i < properties.size(); i++) {
                body.append(i == 0 ? "" : ",").append('"').append(properties.get(i)).append("\": ").append(kind);
            }
            out.add(body.append('}').toString());
        }
        return out;
    }

    private static @Nullable JsonNode resolve(JsonNode docs, @Nullable JsonNode schema) {
        for (int depth = 0; schema != null && schema.has("$ref") && depth < 5; depth++) {
            String ref = schema.get("$ref").asString();
            schema = docs.path("components").path("schemas").get(ref.substring(ref.lastIndexOf('/') + 1));
        }
        return schema;
    }

    private static List<String> properties(JsonNode docs, JsonNode operation) {
        JsonNode schema = resolve(docs, operation.path("requestBody").path("content").path("application/json").get("schema"));
        List<String> names = new ArrayList<>();
        if (schema != null) {
            for (Iterator<String> it = schema.path("properties").propertyNames().iterator(); it.hasNext(); ) {
                names.add(it.next());
            }
        }
        return names;
    }

    @Test
    void noHostileInputFromAnyRoleIsAnsweredWith5xx() {
        Map<String, String> logins = new LinkedHashMap<>();
        logins.put("anonymous", null);
        logins.put("administrator", fixtures.user(Role.ADMINISTRATOR).basic());
        logins.put("dispatcher", fixtures.user(Role.DISPATCHER).basic());
        logins.put("technician", fixtures.technician().basic());
        logins.put("customer", fixtures.customer().basic());
        JsonNode docs = new TestHttp(port).get("/v3/api-docs").json();
        assertThat(docs.path("paths").size()).as("operations described").isGreaterThan(20);

        List<String> failures = new ArrayList<>();
        int calls = 0;
        for (Map.Entry<String, String> who : logins.entrySet()) {
            TestHttp http = new TestHttp(port).authorization(who.getValue());
            for (Iterator<Map.Entry<String, JsonNode>> paths = docs.path("paths").properties().iterator(); paths.hasNext(); ) {
                Map.Entry<String, JsonNode> path = paths.next();
                for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().properties().iterator(); ops.hasNext(); ) {
                    Map.Entry<String, JsonNode> op = ops.next();
                    String method = op.getKey().toUpperCase(java.util.Locale.ROOT);
                    if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                        continue;
                    }
                    JsonNode operation = op.getValue();
                    List<String> queries = new ArrayList<>();
                    for (JsonNode p : operation.path("parameters")) {
                        if (p.path("in").asString().equals("query")) {
                            queries.add(p.path("name").asString());
                        }
                    }
                    boolean hasBody = operation.has("requestBody");
                    List<String> urls = new ArrayList<>();
                    for (String v : PATH_VALUES) {
                        urls.add(path.getKey().replaceAll("\\{[^}]+}", java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8)));
                    }
                    String plain = path.getKey().replaceAll("\\{[^}]+}", "1");
                    for (String q : queries) {
                        for (String v : QUERY_VALUES) {
                            urls.add(plain + "?" + q + "=" + v);
                        }
                    }
                    Map<String, String> headers = Map.of("If-Match", "\"0\"", "Idempotency-Key", "hostile-" + calls);
                    for (String url : urls) {
                        TestHttp.Response r = http.send(method, url, hasBody ? "{}" : null, headers);
                        calls++;
                        if (r.status() >= 500) {
                            failures.add(who.getKey() + " " + method + " " + url + " -> " + r.status() + " " + cut(r.body()));
                        }
                    }
                    if (hasBody) {
                        for (String body : bodies(properties(docs, operation))) {
                            TestHttp.Response r = http.send(method, plain, body, headers);
                            calls++;
                            if (r.status() >= 500) {
                                failures.add(who.getKey() + " " + method + " " + plain + " " + cut(body) + " -> " + r.status()
                                        + " " + cut(r.body()));
                            }
                        }
                    }
                }
            }
        }
        assertThat(calls).as("hostile calls made").isGreaterThan(500);
        assertThat(failures).as("answers 5xx to a caller's mistake (of " + calls + " calls)").isEmpty();
    }

    private static String cut(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    @Test
    void extremeDatesAreNamedWhereverTheyAreRead() {
        TestHttp admin = new TestHttp(port).authorization(fixtures.user(Role.ADMINISTRATOR).basic());
        TestHttp.Response query = admin.get("/api/board/day?date=%2B999999999-12-31");
        assertThat(query.status()).as(query.toString()).isEqualTo(400);
        assertThat(query.json().path("errors").path(0).path("field").asString()).isEqualTo("date");
        assertThat(query.json().path("errors").path(0).path("value").asString()).isEqualTo("+999999999-12-31");
        TestHttp.Response path = admin.get("/sheets/1/0001-01-01");
        assertThat(path.status()).as(path.toString()).isEqualTo(400);
        assertThat(path.json().path("errors").path(0).path("field").asString()).isEqualTo("day");
        TestHttp.Response body = admin.post("/api/board/move", "{\"date\": \"+999999999-12-31\", \"requestId\": 1}");
        assertThat(body.status()).as(body.toString()).isEqualTo(400);
        assertThat(body.json().path("errors").path(0).path("field").asString()).isEqualTo("date");
        TestHttp.Response undecodable = admin.send("POST", "/api/public/holds?lang=%ED%A0%80", "{}", Map.of());
        assertThat(undecodable.status()).as(undecodable.toString()).isEqualTo(400);
        assertThat(undecodable.json().path("errors").path(0).path("field").asString()).isEqualTo("lang");
    }

    @Test
    void aLoneSurrogateInTextIsRefusedNamingTheField() {
        TestHttp admin = new TestHttp(port).authorization(fixtures.user(Role.ADMINISTRATOR).basic());
        TestHttp.Response r = admin.post("/api/customers", "{\"name\": \"Broken \\ud800 name\", \"kind\": \"resident\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().path("errors").path(0).path("field").asString()).isEqualTo("name");
        assertThat(r.json().path("errors").path(0).path("reason").asString()).contains("lone UTF-16 surrogate");
        TestHttp.Response pair = admin.post("/api/customers", "{\"name\": \"Emoji \\ud83d\\ude00 ok\", \"kind\": \"resident\"}");
        assertThat(pair.status()).as("a proper surrogate pair is a character: " + pair).isEqualTo(201);
    }
}
