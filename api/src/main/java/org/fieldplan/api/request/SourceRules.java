package org.fieldplan.api.request;

import static org.fieldplan.api.persistence.jooq.Tables.CUSTOMER;
import static org.fieldplan.api.persistence.jooq.Tables.INTAKE_SOURCE;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.fieldplan.api.persistence.jooq.tables.records.CustomerRecord;
import org.fieldplan.api.persistence.jooq.tables.records.IntakeSourceRecord;
import org.fieldplan.api.web.FieldProblem;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The intake sources' rules as intake applies them ({@code intake_source}, kept by the desk): a source no longer
 * taken is refused, every field the source requires must be there (each missing one named), and a request outside
 * every zone goes to the source's responsible person.
 */
@Component
public class SourceRules {

    /** The fields a source may require. */
    public static final Set<String> KNOWN_FIELDS = Set.of("customer.phone", "customer.email", "description",
            "preferredWindow", "priority");

    private final DSLContext db;

    SourceRules(DSLContext db) {
        this.db = db;
    }

    /** What is missing for {@code source}: one problem per required field absent from the request or its customer. */
    List<FieldProblem> missing(RequestSource source, NewServiceRequest in, @Nullable Long customerId) {
        IntakeSourceRecord row = db.selectFrom(INTAKE_SOURCE).where(INTAKE_SOURCE.CODE.eq(source.code())).fetchOne();
        List<FieldProblem> problems = new ArrayList<>();
        if (row == null) {
            return problems;
        }
        if (!row.getActive()) {
            problems.add(new FieldProblem("source", source.code(), "is no longer taken (" + row.getNameEn()
                    + " is switched off in the intake sources)"));
            return problems;
        }
        CustomerRecord customer = customerId == null ? null
                : db.selectFrom(CUSTOMER).where(CUSTOMER.ID.eq(customerId)).fetchOne();
        for (String field : requiredFields(row.getRequiredFields())) {
            boolean present = switch (field) {
                case "customer.phone" -> customer == null || !blank(customer.getPhone());
                case "customer.email" -> customer == null || !blank(customer.getEmail());
                case "description" -> !blank(in.description());
                case "preferredWindow" -> in.preferredWindow() != null;
                case "priority" -> in.priority() != null;
                default -> true;
            };
            if (!present) {
                String why = field.startsWith("customer.")
                        ? "is required for requests from the source '" + source.code() + "'; add it to customer "
                                + customerId + " first"
                        : "is required for requests from the source '" + source.code() + "'";
                problems.add(new FieldProblem(field, null, why));
            }
        }
        return problems;
    }

    /** The source's responsible person, or null. */
    @Nullable Long responsible(RequestSource source) {
        return db.select(INTAKE_SOURCE.RESPONSIBLE_USER_ID).from(INTAKE_SOURCE)
                .where(INTAKE_SOURCE.CODE.eq(source.code())).fetchOptional(INTAKE_SOURCE.RESPONSIBLE_USER_ID).orElse(null);
    }

    public static List<String> requiredFields(String stored) {
        List<String> out = new ArrayList<>();
        for (String f : stored.split(",")) {
            if (!f.isBlank()) {
                out.add(f.strip());
            }
        }
        return out;
    }

    private static boolean blank(@Nullable String s) {
        return s == null || s.isBlank();
    }
}
