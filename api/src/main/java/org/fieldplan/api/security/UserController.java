package org.fieldplan.api.security;

import io.swagger.v3.oas.annotations.Operation;

import static org.fieldplan.api.persistence.jooq.Tables.APP_USER;
import static org.fieldplan.api.persistence.jooq.Tables.APP_USER_ROLE;
import static org.fieldplan.api.persistence.jooq.Tables.CUSTOMER;
import static org.fieldplan.api.persistence.jooq.Tables.TECHNICIAN;

import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import org.fieldplan.api.web.FieldProblem;
import org.fieldplan.api.web.InvalidInputException;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/users} (administrators): sign-in accounts. Creating one hashes the password and links a customer or
 * technician account to its record; the hash never leaves the service.
 */
@RestController
@RequestMapping("/api/users")
@SecurityRequirement(name = SecurityConfig.OPENAPI_SCHEME)
class UserController {

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{3,100}");

    record NewUser(@Nullable String username, @Nullable String password, @Nullable String displayName,
                   @Nullable String email, @Nullable List<String> roles, @Nullable Long customerId, @Nullable Long technicianId) {
    }

    record UserView(long id, String username, String displayName, @Nullable String email, List<String> roles, boolean enabled,
                    @Nullable Long customerId, @Nullable Long technicianId) {
    }

    private final DSLContext db;
    private final UserAccounts accounts;

    UserController(DSLContext db, UserAccounts accounts) {
        this.db = db;
        this.accounts = accounts;
    }

    @Operation(summary = "List sign-in accounts")
    @CallableBy(Role.ADMINISTRATOR)
    @GetMapping
    @Transactional(readOnly = true)
    List<UserView> list() {
        Map<Long, List<String>> roles = db.selectFrom(APP_USER_ROLE).orderBy(APP_USER_ROLE.ROLE_CODE).fetch().stream()
                .collect(Collectors.groupingBy(r -> r.getUserId(), Collectors.mapping(r -> r.getRoleCode(), Collectors.toList())));
        return db.select(APP_USER.ID, APP_USER.USERNAME, APP_USER.DISPLAY_NAME, APP_USER.EMAIL, APP_USER.ENABLED, CUSTOMER.ID, TECHNICIAN.ID)
                .from(APP_USER)
                .leftJoin(CUSTOMER).on(CUSTOMER.USER_ID.eq(APP_USER.ID))
                .leftJoin(TECHNICIAN).on(TECHNICIAN.USER_ID.eq(APP_USER.ID))
                .orderBy(APP_USER.ID)
                .fetch(r -> new UserView(r.value1(), r.value2(), r.value3(), r.value4(), roles.getOrDefault(r.value1(), List.of()),
                        r.value5(), r.value6(), r.value7()));
    }

    @Operation(summary = "Create a sign-in account")
    @CallableBy(Role.ADMINISTRATOR)
    @PostMapping
    @Transactional
    ResponseEntity<UserView> create(@RequestBody NewUser in) {
        List<FieldProblem> problems = new ArrayList<>();
        String username = in.username() == null ? "" : in.username().strip();
        if (!USERNAME.matcher(username).matches()) {
            problems.add(new FieldProblem("username", in.username(), "must be 3 to 100 letters, digits or . _ @ -"));
        } else if (db.fetchExists(APP_USER, APP_USER.USERNAME.eq(username))) {
            problems.add(new FieldProblem("username", username, "is taken; choose another sign-in name"));
        }
        if (in.password() == null || in.password().length() < 8) {
            problems.add(new FieldProblem("password", in.password() == null ? null : "(" + in.password().length() + " characters)",
                    "must have at least 8 characters"));
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (in.roles() == null || in.roles().isEmpty()) {
            problems.add(new FieldProblem("roles", in.roles(), "needs at least one of administrator, dispatcher, technician, customer"));
        } else {
            for (int i = 0; i < in.roles().size(); i++) {
                try {
                    roles.add(Role.fromCode(String.valueOf(in.roles().get(i))));
                } catch (IllegalArgumentException e) {
                    problems.add(new FieldProblem("roles[" + i + "]", in.roles().get(i), e.getMessage()));
                }
            }
        }
        checkLink(problems, roles.contains(Role.CUSTOMER), in.customerId(), "customerId", "customer",
                in.customerId() == null ? null : db.select(CUSTOMER.USER_ID).from(CUSTOMER).where(CUSTOMER.ID.eq(in.customerId())).fetchOptional());
        checkLink(problems, roles.contains(Role.TECHNICIAN), in.technicianId(), "technicianId", "technician",
                in.technicianId() == null ? null : db.select(TECHNICIAN.USER_ID).from(TECHNICIAN).where(TECHNICIAN.ID.eq(in.technicianId())).fetchOptional());
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        String displayName = in.displayName() == null || in.displayName().isBlank() ? username : in.displayName().strip();
        long id = accounts.create(new UserAccounts.NewAccount(username, in.password(), displayName, in.email(), roles));
        if (in.customerId() != null) {
            db.update(CUSTOMER).set(CUSTOMER.USER_ID, id).where(CUSTOMER.ID.eq(in.customerId())).execute();
        }
        if (in.technicianId() != null) {
            db.update(TECHNICIAN).set(TECHNICIAN.USER_ID, id).where(TECHNICIAN.ID.eq(in.technicianId())).execute();
        }
        UserView view = new UserView(id, username, displayName, in.email(), roles.stream().map(Role::code).sorted().toList(), true,
                in.customerId(), in.technicianId());
        return ResponseEntity.created(URI.create("/api/users/" + id)).body(view);
    }

    /** A customer account must point at a customer record, a technician account at a technician, each not yet linked. */
    private static void checkLink(List<FieldProblem> problems, boolean required, @Nullable Long id, String field, String thing,
                                  java.util.@Nullable Optional<? extends org.jooq.Record1<Long>> existing) {
        if (id == null) {
            if (required) {
                problems.add(new FieldProblem(field, null, "is required for a " + thing + " account: the " + thing + " it signs in as"));
            }
            return;
        }
        if (!required) {
            problems.add(new FieldProblem(field, id, "only a " + thing + " account is linked to a " + thing + "; add the role or leave it out"));
        } else if (existing == null || existing.isEmpty()) {
            problems.add(new FieldProblem(field, id, "names no " + thing));
        } else if (existing.get().value1() != null) {
            problems.add(new FieldProblem(field, id, "already has an account (user " + existing.get().value1() + ")"));
        }
    }
}
