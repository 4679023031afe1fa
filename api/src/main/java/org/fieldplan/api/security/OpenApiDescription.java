package org.fieldplan.api.security;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.method.HandlerMethod;

/**
 * The OpenAPI description's security and errors, written once instead of on every method:
 * <ul>
 *   <li>the security schemes: HTTP Basic, and the session cookie of the sign-in form with its CSRF header (sent by
 *       pages on every change; calls with HTTP Basic or without a session need none);</li>
 *   <li>per operation, from {@link CallableBy}: {@code security} ({@code []} for the public booking API), a
 *       "Who may call it" line before the description, and {@code x-fieldplan-access} ({@code roles},
 *       {@code anonymous}) for tools and for the authorization test;</li>
 *   <li>the problem responses (RFC 9457, {@code application/problem+json}) that apply: 400 for operations with
 *       input, 401/403 for signed-in ones, 404 where the path names something, 409 for changes, 412 where
 *       {@code If-Match} is read, 413 for bodies, 422 for idempotent replays, 429 for the public API.</li>
 * </ul>
 * An operation without {@link CallableBy} is described as "not declared", which the authorization test rejects.
 */
@Configuration
public class OpenApiDescription {

    public static final String BASIC = SecurityConfig.OPENAPI_SCHEME;
    public static final String SESSION = "sessionCookie";
    public static final String CSRF = "csrfHeader";
    public static final String PARTNER_KEY = "partnerApiKey";
    public static final String ACCESS_EXTENSION = "x-fieldplan-access";
    private static final String PROBLEM = "application/problem+json";

    @Bean
    OpenAPI fieldPlanOpenApi() {
        Schema<?> fieldProblem = new ObjectSchema().description("One bad value: where, what was sent, why")
                .addProperty("field", new StringSchema().example("zoneIds[0]"))
                .addProperty("value", new Schema<>().description("the value sent"))
                .addProperty("reason", new StringSchema().example("is not a zone; list them with GET /api/zones"));
        Schema<?> problem = new ObjectSchema().description("RFC 9457 problem details")
                .addProperty("type", new StringSchema().example("/problems/not-found"))
                .addProperty("title", new StringSchema().example("Not found"))
                .addProperty("status", new IntegerSchema().example(404))
                .addProperty("detail", new StringSchema().example("There is no request with id 7. Check the id, or list the requests to find it."))
                .addProperty("instance", new StringSchema().example("/api/requests/7"))
                .addProperty("errors", new ArraySchema().items(new Schema<>().$ref("#/components/schemas/FieldProblem")));
        return new OpenAPI()
                .info(new Info().title("FieldPlan API").version("1")
                        .description("Dispatch and route planning for field-service companies. Every operation says who may "
                                + "call it; what a caller then sees is their zone scope (docs/security.md). Errors are RFC 9457 "
                                + "problem details (application/problem+json).")
                        .license(new License().name("Apache-2.0").url("https://www.apache.org/licenses/LICENSE-2.0")))
                .servers(List.of(new Server().url("/").description("this FieldPlan service")))
                .components(new Components()
                        .addSecuritySchemes(BASIC, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                                .description("HTTP Basic with a FieldPlan user (administrator, dispatcher, technician or customer)"))
                        .addSecuritySchemes(SESSION, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.COOKIE).name("JSESSIONID")
                                .description("The session of the sign-in form (POST /login)"))
                        .addSecuritySchemes(CSRF, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER).name("X-XSRF-TOKEN")
                                .description("With the session cookie, every change sends the value of the XSRF-TOKEN cookie"))
                        .addSecuritySchemes(PARTNER_KEY, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER).name("X-Api-Key")
                                .description("A partner management company's API key (fpk_..._...), made by an administrator"))
                        .addSchemas("FieldProblem", fieldProblem)
                        .addSchemas("Problem", problem));
    }

    @Bean
    OperationCustomizer fieldPlanAccess() {
        return (operation, handler) -> {
            describe(operation, handler);
            return operation;
        };
    }

    static void describe(Operation operation, HandlerMethod handler) {
        CallableBy access = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), CallableBy.class);
        if (access == null) {
            access = AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), CallableBy.class);
        }
        String method = httpMethod(handler);
        String who;
        Map<String, Object> ext = new LinkedHashMap<>();
        if (access == null) {
            who = "not declared (add @CallableBy)";
            ext.put("declared", false);
        } else {
            who = words(access);
            // a director and a head of department act wherever a dispatcher may (Role.includes): they are listed too
            ext.put("roles", Role.callers(access.value()).stream().map(Role::code).toList());
            ext.put("anonymous", access.anonymous());
            if (access.partnerKey()) {
                ext.put("partnerKey", true);
            }
        }
        operation.addExtension(ACCESS_EXTENSION, ext);
        String scope = access == null || access.scope().isBlank() ? "" : " " + access.scope().strip();
        String line = "**Who may call it:** " + who + "." + scope;
        operation.setDescription(operation.getDescription() == null || operation.getDescription().isBlank() ? line
                : line + "\n\n" + operation.getDescription());
        boolean anonymous = access != null && access.anonymous();
        if (anonymous) {
            operation.setSecurity(new ArrayList<>()); // security: [] = no sign-in
        } else if (access != null && access.partnerKey()) {
            operation.setSecurity(new ArrayList<>(List.of(new SecurityRequirement().addList(PARTNER_KEY))));
        } else {
            SecurityRequirement session = new SecurityRequirement().addList(SESSION);
            if (!method.equals("GET")) {
                session.addList(CSRF);
            }
            operation.setSecurity(new ArrayList<>(List.of(new SecurityRequirement().addList(BASIC), session)));
        }
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        boolean hasInput = operation.getRequestBody() != null || (operation.getParameters() != null && !operation.getParameters().isEmpty());
        boolean hasBody = operation.getRequestBody() != null;
        boolean namesSomething = path(handler).contains("{");
        boolean changes = !method.equals("GET");
        boolean ifMatch = operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(p -> "header".equals(p.getIn()) && "If-Match".equalsIgnoreCase(p.getName()));
        boolean idempotencyKey = operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(p -> "header".equals(p.getIn()) && "Idempotency-Key".equalsIgnoreCase(p.getName()));
        if (hasInput) {
            problem(responses, "400", "Bad input: every wrong field named with the value sent and why (errors[])");
        }
        if (access != null && access.partnerKey()) {
            problem(responses, "401", "No partner API key, or one that is unknown or revoked");
        } else if (!anonymous) {
            problem(responses, "401", "Not signed in, or a wrong password");
            problem(responses, "403", "The caller's role may not do this, or the zone named is not theirs");
        }
        if (namesSomething) {
            problem(responses, "404", "Nothing with that id, or it lies outside the caller's scope (the same answer)");
        }
        if (changes) {
            problem(responses, "409", "The change conflicts with the current state (lifecycle, status, data stored meanwhile)");
        }
        if (ifMatch) {
            problem(responses, "412", "If-Match names an older version: someone else changed it; reload and retry");
        }
        if (hasBody) {
            problem(responses, "413", "The body is larger than the service accepts");
        }
        if (idempotencyKey) {
            problem(responses, "422", "The Idempotency-Key was used before with a different body");
        }
        if (anonymous) {
            problem(responses, "429", "Too many requests from this address; wait as long as Retry-After says");
        }
        operation.setResponses(responses);
    }

    private static void problem(ApiResponses responses, String status, String description) {
        if (responses.containsKey(status)) {
            return;
        }
        responses.addApiResponse(status, new ApiResponse().description(description)
                .content(new Content().addMediaType(PROBLEM, new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem")))));
    }

    private static String words(CallableBy access) {
        if (access.anonymous()) {
            return "anyone, without signing in";
        }
        if (access.partnerKey()) {
            return "partner management companies, with their API key (X-Api-Key)";
        }
        if (Role.callers(access.value()).size() == Role.values().length) {
            return "every signed-in user";
        }
        return Role.callers(access.value()).stream().map(r -> r.code() + "s").collect(Collectors.joining(", "));
    }

    private static String httpMethod(HandlerMethod handler) {
        var m = handler.getMethod();
        if (AnnotatedElementUtils.hasAnnotation(m, PostMapping.class)) {
            return "POST";
        }
        if (AnnotatedElementUtils.hasAnnotation(m, PutMapping.class)) {
            return "PUT";
        }
        if (AnnotatedElementUtils.hasAnnotation(m, PatchMapping.class)) {
            return "PATCH";
        }
        if (AnnotatedElementUtils.hasAnnotation(m, DeleteMapping.class)) {
            return "DELETE";
        }
        if (AnnotatedElementUtils.hasAnnotation(m, GetMapping.class)) {
            return "GET";
        }
        return "OTHER";
    }

    private static String path(HandlerMethod handler) {
        var mapping = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(),
                org.springframework.web.bind.annotation.RequestMapping.class);
        @Nullable String[] paths = mapping == null ? new String[0] : mapping.path();
        return String.join(" ", Arrays.stream(paths).map(String::valueOf).toList());
    }
}
