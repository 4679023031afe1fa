package org.fieldplan.api.security;

import static org.fieldplan.api.persistence.jooq.Tables.APP_USER;
import static org.fieldplan.api.persistence.jooq.Tables.APP_USER_ROLE;
import static org.fieldplan.api.persistence.jooq.Tables.DEPARTMENT;
import static org.fieldplan.api.persistence.jooq.Tables.DEPARTMENT_MEMBER;

import java.net.URI;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import org.fieldplan.api.web.FieldProblem;
import org.fieldplan.api.web.InvalidInputException;
import org.fieldplan.api.web.NotFoundException;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/departments}: a department groups administrators (users with the dispatcher role); its head
 * (role head_of_department) sees their zones, requests and reports ({@link ZoneScope}). The system administrator
 * sets them up; the office reads the ones it belongs to (a director and an administrator: all).
 */
@RestController
@RequestMapping("/api/departments")
@SecurityRequirement(name = SecurityConfig.OPENAPI_SCHEME)
class DepartmentController {

    record DepartmentInput(@Nullable String name, @Nullable Long headUserId, @Nullable List<Long> memberUserIds) {
    }

    record Member(long userId, String username, String displayName) {
    }

    record DepartmentView(long id, String name, @Nullable Long headUserId, @Nullable String headName, List<Member> members) {
    }

    private final DSLContext db;
    private final Clock clock;

    DepartmentController(DSLContext db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** The departments a caller may read: all for administrators and directors, else those they head or belong to. */
    static Condition visible(CurrentUser user) {
        if (ZoneScope.seesEverything(user)) {
            return DSL.trueCondition();
        }
        return DEPARTMENT.HEAD_USER_ID.eq(user.userId()).or(DEPARTMENT.ID.in(
                DSL.select(DEPARTMENT_MEMBER.DEPARTMENT_ID).from(DEPARTMENT_MEMBER).where(DEPARTMENT_MEMBER.USER_ID.eq(user.userId()))));
    }

    @Operation(summary = "List departments with their head and administrators")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER},
            scope = "Administrators and directors: all; a head of department: those they head; an administrator (dispatcher): their own.")
    @GetMapping
    @Transactional(readOnly = true)
    List<DepartmentView> list() {
        return read(visible(CurrentUser.fromContext()));
    }

    @Operation(summary = "Create a department")
    @CallableBy(Role.ADMINISTRATOR)
    @PostMapping
    @Transactional
    ResponseEntity<DepartmentView> create(@RequestBody DepartmentInput in) {
        Checked c = check(in, null);
        long id = db.insertInto(DEPARTMENT).set(DEPARTMENT.NAME, c.name()).set(DEPARTMENT.HEAD_USER_ID, c.head())
                .set(DEPARTMENT.CREATED_AT, OffsetDateTime.now(clock)).returningResult(DEPARTMENT.ID).fetchSingle().value1();
        members(id, c.members());
        return ResponseEntity.created(URI.create("/api/departments/" + id)).body(read(DEPARTMENT.ID.eq(id)).getFirst());
    }

    @Operation(summary = "Change a department: its name, head and administrators (the list replaces the members)")
    @CallableBy(Role.ADMINISTRATOR)
    @PutMapping("/{id}")
    @Transactional
    DepartmentView change(@PathVariable long id, @RequestBody DepartmentInput in) {
        if (!db.fetchExists(DEPARTMENT, DEPARTMENT.ID.eq(id))) {
            throw new NotFoundException("department", id);
        }
        Checked c = check(in, id);
        db.update(DEPARTMENT).set(DEPARTMENT.NAME, c.name()).set(DEPARTMENT.HEAD_USER_ID, c.head()).where(DEPARTMENT.ID.eq(id)).execute();
        db.deleteFrom(DEPARTMENT_MEMBER).where(DEPARTMENT_MEMBER.DEPARTMENT_ID.eq(id)).execute();
        members(id, c.members());
        return read(DEPARTMENT.ID.eq(id)).getFirst();
    }

    private record Checked(String name, @Nullable Long head, Set<Long> members) {
    }

    private Checked check(DepartmentInput in, @Nullable Long self) {
        List<FieldProblem> problems = new ArrayList<>();
        String name = in.name() == null ? "" : in.name().strip();
        if (name.isEmpty() || name.length() > 200) {
            problems.add(new FieldProblem("name", in.name(), "must be 1 to 200 characters"));
        } else if (db.fetchExists(DEPARTMENT, DEPARTMENT.NAME.eq(name).and(self == null ? DSL.trueCondition() : DEPARTMENT.ID.ne(self)))) {
            problems.add(new FieldProblem("name", name, "is another department's name"));
        }
        if (in.headUserId() != null && !hasRole(in.headUserId(), Role.HEAD_OF_DEPARTMENT)) {
            problems.add(new FieldProblem("headUserId", in.headUserId(), "is not a user with the role head_of_department"));
        }
        Set<Long> members = new LinkedHashSet<>();
        List<Long> asked = in.memberUserIds() == null ? List.of() : in.memberUserIds();
        for (int i = 0; i < asked.size(); i++) {
            Long user = asked.get(i);
            if (user == null || !hasRole(user, Role.DISPATCHER)) {
                problems.add(new FieldProblem("memberUserIds[" + i + "]", user, "is not a user with the role dispatcher (an administrator of the office)"));
            } else if (db.fetchExists(DEPARTMENT_MEMBER, DEPARTMENT_MEMBER.USER_ID.eq(user)
                    .and(self == null ? DSL.trueCondition() : DEPARTMENT_MEMBER.DEPARTMENT_ID.ne(self)))) {
                problems.add(new FieldProblem("memberUserIds[" + i + "]", user, "belongs to another department already"));
            } else if (!members.add(user)) {
                problems.add(new FieldProblem("memberUserIds[" + i + "]", user, "is listed twice"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new Checked(name, in.headUserId(), members);
    }

    private boolean hasRole(long userId, Role role) {
        return db.fetchExists(APP_USER_ROLE, APP_USER_ROLE.USER_ID.eq(userId), APP_USER_ROLE.ROLE_CODE.eq(role.code()));
    }

    private void members(long department, Set<Long> users) {
        for (long user : users) {
            db.insertInto(DEPARTMENT_MEMBER).set(DEPARTMENT_MEMBER.DEPARTMENT_ID, department).set(DEPARTMENT_MEMBER.USER_ID, user).execute();
        }
    }

    private List<DepartmentView> read(Condition which) {
        var head = APP_USER.as("head");
        var rows = db.select(DEPARTMENT.ID, DEPARTMENT.NAME, DEPARTMENT.HEAD_USER_ID, head.DISPLAY_NAME).from(DEPARTMENT)
                .leftJoin(head).on(head.ID.eq(DEPARTMENT.HEAD_USER_ID)).where(which).orderBy(DEPARTMENT.NAME).fetch();
        Map<Long, List<Member>> members = db.select(DEPARTMENT_MEMBER.DEPARTMENT_ID, APP_USER.ID, APP_USER.USERNAME, APP_USER.DISPLAY_NAME)
                .from(DEPARTMENT_MEMBER).join(APP_USER).on(APP_USER.ID.eq(DEPARTMENT_MEMBER.USER_ID))
                .where(DEPARTMENT_MEMBER.DEPARTMENT_ID.in(rows.map(r -> r.value1()))).orderBy(APP_USER.DISPLAY_NAME).fetch().stream()
                .collect(Collectors.groupingBy(r -> r.value1(), Collectors.mapping(r -> new Member(r.value2(), r.value3(), r.value4()), Collectors.toList())));
        return rows.map(r -> new DepartmentView(r.value1(), r.value2(), r.value3(), r.value4(), members.getOrDefault(r.value1(), List.of())));
    }
}
