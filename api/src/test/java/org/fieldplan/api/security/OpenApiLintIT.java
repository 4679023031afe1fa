package org.fieldplan.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.fieldplan.api.ApiIntegrationTest;
import org.fieldplan.api.TestHttp;
import org.fieldplan.api.TestHttp.Response;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI description, linted by Redocly CLI with its {@code recommended} rules (npm {@code @redocly/cli},
 * fetched by {@code npx} from the npm registry at test time): no errors; the warnings are printed. The description
 * is written to {@code target/openapi.json} for a look.
 */
@ApiIntegrationTest
class OpenApiLintIT {

    /** The Redocly CLI version the figures in docs/security.md were measured with. */
    static final String REDOCLY = "@redocly/cli@2.77.0";

    @Autowired TestHttp http;

    @Test
    void theDescriptionHasNoLintErrors() throws IOException, InterruptedException {
        Response docs = http.authorization(null).get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        Path file = Path.of("target", "openapi.json").toAbsolutePath();
        Files.createDirectories(file.getParent());
        Files.writeString(file, docs.body(), StandardCharsets.UTF_8);
        Path report = Path.of("target", "openapi-lint.json").toAbsolutePath();
        ProcessBuilder lint = new ProcessBuilder("npx", "--yes", REDOCLY, "lint", "--extends", "recommended", "--format", "json",
                "--max-problems", "1000", file.toString())
                .redirectOutput(report.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
        lint.environment().put("REDOCLY_TELEMETRY", "off");
        lint.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
        Process process;
        try {
            process = lint.start();
        } catch (IOException e) {
            throw new IllegalStateException("npx (Node.js) is needed to lint the OpenAPI description with " + REDOCLY
                    + ": install Node.js 20+ (apt-get install nodejs npm). " + e.getMessage(), e);
        }
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("%s finished", REDOCLY).isTrue();
        String out = Files.readString(report, StandardCharsets.UTF_8);
        int start = out.indexOf('{');
        assertThat(start).as("a JSON report from %s (exit %d): %s", REDOCLY, process.exitValue(), out).isGreaterThanOrEqualTo(0);
        JsonNode problems = JsonMapper.builder().build().readTree(out.substring(start)).path("problems");
        assertThat(problems.isArray()).as("the report lists problems: %s", out).isTrue();
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (JsonNode p : problems) {
            String line = p.path("ruleId").asString() + " at " + p.path("location").path(0).path("pointer").asString() + ": "
                    + p.path("message").asString();
            (p.path("severity").asString().equals("error") ? errors : warnings).add(line);
        }
        System.out.println("OpenAPI lint (" + REDOCLY + ", recommended): " + errors.size() + " errors, " + warnings.size() + " warnings");
        warnings.forEach(w -> System.out.println("  warning " + w));
        assertThat(errors).as("lint errors in the OpenAPI description (%s recommended)", REDOCLY).isEmpty();
    }
}
