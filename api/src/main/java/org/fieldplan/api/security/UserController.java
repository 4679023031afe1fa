package org.fieldplan.api.security;

import io.swagger.v3.oas.annotations.Operation;

import static org.fieldplan.api.persistence.jooq.Tables.APP_USER;
import static org.fieldplan.api.persistence.jooq.Tables.APP_USER_ROLE;
import static org.fieldplan.api.persistence.jooq.Tables.CUSTOMER;
import static org.fieldplan.api.persistence.jooq.Tables.CUSTOMER_MEMBER;
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
import org.fieldplan.api.limits.LoginGuard;
import org.fieldplan.api.web.FieldProblem;
import org.fieldplan.api.web.NotFoundException;
import org.fieldplan.api.web.Versions;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.fieldplan.api.web.InvalidInputException;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
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

    static final int MAX_PASSWORD_BYTES = 72;

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{3,100}");

    record NewUser(@Nullable String username, @Nullable String password, @Nullable String displayName,
                   @Nullable String email, @Nullable List<String> roles, @Nullable Long customerId, @Nullable Long technicianId) {
    }

    /**
     * An account. {@code customerId} / {@code customerName}: the customer record it signs in for, its own or, for a
     * contact person of an organisation (invited by staff or signed in with a code), the organisation's.
     */
    record UserView(long id, String username, String displayName, @Nullable String email, @Nullable String phone, List<String> roles,
                    boolean enabled, @Nullable Long customerId, @Nullable String customerName, @Nullable Long technicianId, int version) {
    }

    private final DSLContext db;
    private final UserAccounts accounts;
    private final LoginGuard loginGuard;

    UserController(DSLContext db, UserAccounts accounts, LoginGuard loginGuard) {
        this.db = db;
        this.accounts = accounts;
        this.loginGuard = loginGuard;
    }

    @Operation(summary = "List sign-in accounts")
    @CallableBy(Role.ADMINISTRATOR)
    @GetMapping
    @Transactional(readOnly = true)
    List<UserView> list() {
        Map<Long, List<String>> roles = db.selectFrom(APP_USER_ROLE).orderBy(APP_USER_ROLE.ROLE_CODE).fetch().stream()
                .collect(Collectors.groupingBy(r -> r.getUserId(), Collectors.mapping(r -> r.getRoleCode(), Collectors.toList())));
        var organisation = CUSTOMER.as("organisation");
        return db.select(APP_USER.ID, APP_USER.USERNAME, APP_USER.DISPLAY_NAME, APP_USER.EMAIL, APP_USER.PHONE, APP_USER.ENABLED,
                        DSL.coalesce(CUSTOMER.ID, organisation.ID), DSL.coalesce(CUSTOMER.NAME, organisation.NAME), TECHNICIAN.ID,
                        APP_USER.VERSION)
                .from(APP_USER)
                .leftJoin(CUSTOMER).on(CUSTOMER.USER_ID.eq(APP_USER.ID))
                .leftJoin(CUSTOMER_MEMBER).on(CUSTOMER_MEMBER.USER_ID.eq(APP_USER.ID))
                .leftJoin(organisation).on(organisation.ID.eq(CUSTOMER_MEMBER.CUSTOMER_ID))
                .leftJoin(TECHNICIAN).on(TECHNICIAN.USER_ID.eq(APP_USER.ID))
                .orderBy(APP_USER.ID)
                .fetch(r -> new UserView(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), roles.getOrDefault(r.value1(), List.of()),
                        r.value6(), r.value7(), r.value8(), r.value9(), r.value10()));
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
        checkPassword(problems, in.password());
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (in.roles() == null || in.roles().isEmpty()) {
            problems.add(new FieldProblem("roles", in.roles(), "needs at least one of administrator, director, head_of_department, dispatcher, technician, customer"));
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
        UserView view = new UserView(id, username, displayName, in.email(), null, roles.stream().map(Role::code).sorted().toList(), true,
                in.customerId(), in.customerId() == null ? null
                        : db.select(CUSTOMER.NAME).from(CUSTOMER).where(CUSTOMER.ID.eq(in.customerId())).fetchOne(CUSTOMER.NAME),
                in.technicianId(), 0);
        return ResponseEntity.created(URI.create("/api/users/" + id)).eTag(Versions.etag(0)).body(view);
    }

    /** BCrypt reads at most 72 bytes: a longer password would be cut silently, so it is refused. */
    static void checkPassword(List<FieldProblem> problems, @Nullable String password) {
        if (password == null || password.length() < 8) {
            problems.add(new FieldProblem("password", password == null ? null : "(" + password.length() + " characters)",
                    "must have at least 8 characters"));
        } else if (password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            problems.add(new FieldProblem("password", "(" + password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                    + " bytes)", "must be at most " + MAX_PASSWORD_BYTES + " bytes in UTF-8 (about 72 Latin or 36 Cyrillic letters)"));
        } else if (password.codePoints().anyMatch(c -> c >= 0xD800 && c <= 0xDFFF)) {
            problems.add(new FieldProblem("password", "(hidden)", "contains a lone UTF-16 surrogate, not a character"));
        }
    }

    /** What PATCH changes; a field left out stays as it is. {@code roles} replaces the staff roles (see below). */
    record UserChange(@Nullable String displayName, @Nullable String email, @Nullable Boolean enabled, @Nullable List<String> roles) {}

    record NewPassword(@Nullable String password) {}

    @Operation(summary = "Read one sign-in account (ETag)")
    @CallableBy(Role.ADMINISTRATOR)
    @GetMapping("/{id}")
    @Transactional(readOnly = true)
    ResponseEntity<UserView> get(@PathVariable long id) {
        UserView user = list().stream().filter(u -> u.id() == id).findFirst().orElseThrow(() -> new NotFoundException("user", id));
        return ResponseEntity.ok().eTag(Versions.etag(user.version())).body(user);
    }

    /**
     * Changes the name, the e-mail, whether the account may sign in, and its roles (If-Match, so that two
     * administrators do not overwrite each other). Roles: the technician and customer roles belong to the record the
     * account is linked to and stay as they are; the staff roles (every other) are replaced by those given.
     */
    @Operation(summary = "Change an account's name, e-mail, roles or whether it may sign in (If-Match)")
    @CallableBy(Role.ADMINISTRATOR)
    @PatchMapping("/{id}")
    @Transactional
    ResponseEntity<UserView> update(@PathVariable long id, @RequestBody UserChange in,
            @org.springframework.web.bind.annotation.RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
        CurrentUser me = CurrentUser.fromContext();
        int expected = Versions.required(ifMatch, "Changing user " + id);
        List<FieldProblem> problems = new ArrayList<>();
        String name = in.displayName() == null ? null : in.displayName().strip();
        if (name != null && (name.isEmpty() || name.length() > 200)) {
            problems.add(new FieldProblem("displayName", in.displayName(), "must be 1 to 200 characters"));
        }
        String email = in.email() == null ? null : in.email().strip();
        if (email != null && (email.length() > 200 || !email.matches("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"))) {
            problems.add(new FieldProblem("email", in.email(), "is not an e-mail address like name@example.com"));
        }
        if (Boolean.FALSE.equals(in.enabled()) && me.userId() == id) {
            problems.add(new FieldProblem("enabled", false, "an administrator cannot disable their own account"));
        }
        Set<Role> staffRoles = EnumSet.noneOf(Role.class);
        if (in.roles() != null) {
            for (int i = 0; i < in.roles().size(); i++) {
                try {
                    Role role = Role.fromCode(String.valueOf(in.roles().get(i)));
                    if (role == Role.TECHNICIAN || role == Role.CUSTOMER) {
                        problems.add(new FieldProblem("roles[" + i + "]", in.roles().get(i), "belongs to the " + role.code()
                                + " record an account is created for; create a " + role.code() + " account instead"));
                    } else {
                        staffRoles.add(role);
                    }
                } catch (IllegalArgumentException e) {
                    problems.add(new FieldProblem("roles[" + i + "]", in.roles().get(i), e.getMessage()));
                }
            }
            if (me.userId() == id && !staffRoles.contains(Role.ADMINISTRATOR)) {
                problems.add(new FieldProblem("roles", in.roles(), "an administrator cannot take the administrator role from their own account"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        Integer current = db.select(APP_USER.VERSION).from(APP_USER).where(APP_USER.ID.eq(id)).forUpdate().fetchOne(APP_USER.VERSION);
        if (current == null) {
            throw new NotFoundException("user", id);
        }
        if (current != expected) {
            throw Versions.stale("user", id, expected, current);
        }
        if (in.roles() != null) {
            List<String> linked = db.select(APP_USER_ROLE.ROLE_CODE).from(APP_USER_ROLE).where(APP_USER_ROLE.USER_ID.eq(id),
                    APP_USER_ROLE.ROLE_CODE.in(Role.TECHNICIAN.code(), Role.CUSTOMER.code())).fetch(APP_USER_ROLE.ROLE_CODE);
            if (linked.isEmpty() && staffRoles.isEmpty()) {
                throw new InvalidInputException("roles", in.roles(), "needs at least one role; disable the account instead of taking every role");
            }
            db.deleteFrom(APP_USER_ROLE).where(APP_USER_ROLE.USER_ID.eq(id), APP_USER_ROLE.ROLE_CODE.notIn(linked)).execute();
            for (Role role : staffRoles) {
                db.insertInto(APP_USER_ROLE).set(APP_USER_ROLE.USER_ID, id).set(APP_USER_ROLE.ROLE_CODE, role.code()).execute();
            }
        }
        var update = db.update(APP_USER).set(APP_USER.VERSION, current + 1);
        if (name != null) {
            update = update.set(APP_USER.DISPLAY_NAME, name);
        }
        if (email != null) {
            update = update.set(APP_USER.EMAIL, email);
        }
        if (in.enabled() != null) {
            update = update.set(APP_USER.ENABLED, in.enabled());
        }
        update.where(APP_USER.ID.eq(id)).execute();
        UserView changed = list().stream().filter(u -> u.id() == id).findFirst().orElseThrow();
        return ResponseEntity.ok().eTag(Versions.etag(changed.version())).body(changed);
    }

    @Operation(summary = "Set a new password for an account (and lift a sign-in lock)")
    @CallableBy(Role.ADMINISTRATOR)
    @PutMapping("/{id}/password")
    @Transactional
    ResponseEntity<Void> resetPassword(@PathVariable long id, @RequestBody NewPassword in) {
        List<FieldProblem> problems = new ArrayList<>();
        checkPassword(problems, in.password());
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        String username = db.select(APP_USER.USERNAME).from(APP_USER).where(APP_USER.ID.eq(id)).fetchOne(APP_USER.USERNAME);
        if (username == null) {
            throw new NotFoundException("user", id);
        }
        accounts.setPassword(id, in.password());
        loginGuard.clear(username);
        return ResponseEntity.noContent().build();
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
