package org.fieldplan.api.customer;

import static org.fieldplan.api.persistence.jooq.Tables.APP_USER;
import static org.fieldplan.api.persistence.jooq.Tables.CUSTOMER;
import static org.fieldplan.api.persistence.jooq.Tables.CUSTOMER_ADDRESS;
import static org.fieldplan.api.persistence.jooq.Tables.CUSTOMER_CONTACT;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fieldplan.api.persistence.jooq.tables.records.CustomerAddressRecord;
import org.fieldplan.api.persistence.jooq.tables.records.CustomerRecord;
import org.fieldplan.api.request.RequestWriter;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.web.ApiException;
import org.fieldplan.api.web.FieldProblem;
import org.fieldplan.api.web.InvalidInputException;
import org.fieldplan.api.web.LatLon;
import org.fieldplan.api.web.NotFoundException;
import org.fieldplan.api.web.Versions;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Customers with contacts and addresses; one transaction per command. */
@Service
public class CustomerService {

    private final DSLContext db;
    private final RequestWriter requests;

    CustomerService(DSLContext db, RequestWriter requests) {
        this.db = db;
        this.requests = requests;
    }

    /** A page of customers whose name, e-mail or phone contains {@code q}, by name. */
    @Transactional(readOnly = true)
    public List<CustomerView> list(@Nullable String q, int limit, int offset, Condition scope) {
        List<CustomerRecord> rows = db.selectFrom(CUSTOMER).where(search(q), scope).orderBy(CUSTOMER.NAME, CUSTOMER.ID)
                .limit(limit).offset(offset).fetch();
        List<Long> ids = rows.stream().map(CustomerRecord::getId).toList();
        Map<Long, List<CustomerView.Contact>> contacts = new HashMap<>();
        db.selectFrom(CUSTOMER_CONTACT).where(CUSTOMER_CONTACT.CUSTOMER_ID.in(ids))
                .orderBy(CUSTOMER_CONTACT.POSITION, CUSTOMER_CONTACT.ID)
                .forEach(c -> contacts.computeIfAbsent(c.getCustomerId(), k -> new ArrayList<>())
                        .add(new CustomerView.Contact(c.getId(), c.getName(), c.getRole(), c.getPhone(), c.getEmail())));
        Map<Long, List<CustomerView.Address>> addresses = new HashMap<>();
        db.selectFrom(CUSTOMER_ADDRESS).where(CUSTOMER_ADDRESS.CUSTOMER_ID.in(ids))
                .orderBy(CUSTOMER_ADDRESS.POSITION, CUSTOMER_ADDRESS.ID)
                .forEach(a -> addresses.computeIfAbsent(a.getCustomerId(), k -> new ArrayList<>()).add(address(a)));
        return rows.stream().map(row -> view(row, contacts.getOrDefault(row.getId(), List.of()),
                addresses.getOrDefault(row.getId(), List.of()))).toList();
    }

    @Transactional(readOnly = true)
    public int count(@Nullable String q, Condition scope) {
        return db.fetchCount(CUSTOMER, search(q).and(scope));
    }

    private static Condition search(@Nullable String q) {
        if (q == null || q.isBlank()) {
            return DSL.noCondition();
        }
        String like = "%" + q.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return CUSTOMER.NAME.likeIgnoreCase(like).or(CUSTOMER.EMAIL.likeIgnoreCase(like)).or(CUSTOMER.PHONE.like(like));
    }

    @Transactional(readOnly = true)
    public CustomerView get(long id) {
        CustomerRecord row = db.selectFrom(CUSTOMER).where(CUSTOMER.ID.eq(id)).fetchOne();
        if (row == null) {
            throw new NotFoundException("customer", id);
        }
        List<CustomerView.Contact> contacts = db.selectFrom(CUSTOMER_CONTACT).where(CUSTOMER_CONTACT.CUSTOMER_ID.eq(id))
                .orderBy(CUSTOMER_CONTACT.POSITION, CUSTOMER_CONTACT.ID)
                .fetch(c -> new CustomerView.Contact(c.getId(), c.getName(), c.getRole(), c.getPhone(), c.getEmail()));
        List<CustomerView.Address> addresses = db.selectFrom(CUSTOMER_ADDRESS).where(CUSTOMER_ADDRESS.CUSTOMER_ID.eq(id))
                .orderBy(CUSTOMER_ADDRESS.POSITION, CUSTOMER_ADDRESS.ID).fetch(CustomerService::address);
        return view(row, contacts, addresses);
    }

    @Transactional
    public CustomerView create(CustomerInput input) {
        check(input, null);
        CustomerRecord row = db.newRecord(CUSTOMER);
        apply(row, input);
        row.store();
        writeChildren(row.getId(), input);
        return get(row.getId());
    }

    @Transactional
    public CustomerView update(long id, CustomerInput input, @Nullable Integer expectedVersion) {
        CustomerRecord row = db.selectFrom(CUSTOMER).where(CUSTOMER.ID.eq(id)).forUpdate().fetchOne();
        if (row == null) {
            throw new NotFoundException("customer", id);
        }
        if (expectedVersion != null && expectedVersion != row.getVersion()) {
            throw Versions.stale("customer", id, expectedVersion, row.getVersion());
        }
        check(input, id);
        apply(row, input);
        row.setVersion(row.getVersion() + 1);
        row.update();
        writeChildren(id, input);
        return get(id);
    }

    /** What a merge did: the customer kept and how many requests, addresses and contacts came over. */
    public record Merged(CustomerView customer, int requests, int addresses, int contacts) {}

    /**
     * Merges the duplicate record {@code duplicateId} (typically the contact an anonymous booking created) into
     * {@code keptId}: its requests move through the request feature (history row, new version each), its addresses and
     * contact people follow, the kept record's empty e-mail or phone is filled from the duplicate, and the duplicate is
     * deleted. A duplicate that can sign in is refused (409): merging it would move someone's cabinet.
     */
    @Transactional
    public Merged merge(long keptId, long duplicateId, @Nullable Integer expectedVersion, CurrentUser actor) {
        if (keptId == duplicateId) {
            throw new InvalidInputException("duplicateId", duplicateId, "is the customer itself; name the duplicate record");
        }
        // both rows locked in id order, so two merges of the same pair cannot deadlock
        Map<Long, CustomerRecord> rows = new HashMap<>();
        db.selectFrom(CUSTOMER).where(CUSTOMER.ID.in(keptId, duplicateId)).orderBy(CUSTOMER.ID).forUpdate()
                .forEach(r -> rows.put(r.getId(), r));
        CustomerRecord kept = rows.get(keptId);
        CustomerRecord duplicate = rows.get(duplicateId);
        if (kept == null) {
            throw new NotFoundException("customer", keptId);
        }
        if (duplicate == null) {
            throw new InvalidInputException("duplicateId", duplicateId, "is not a customer");
        }
        if (expectedVersion != null && expectedVersion != kept.getVersion()) {
            throw Versions.stale("customer", keptId, expectedVersion, kept.getVersion());
        }
        if (duplicate.getUserId() != null) {
            throw new ApiException(HttpStatus.CONFLICT, "customer-has-login", "Customer can sign in",
                    "Customer " + duplicateId + " (" + duplicate.getName() + ") has a login of its own; merging it would move"
                    + " that person's cabinet. Unlink the login first if the records really are one customer.",
                    Map.of("duplicateId", duplicateId));
        }
        String note = "Customer " + duplicateId + " (" + duplicate.getName() + ") merged into " + keptId + " ("
                + kept.getName() + ") by " + actor.username() + ".";
        List<Long> moved = db.select(SERVICE_REQUEST.ID).from(SERVICE_REQUEST)
                .where(SERVICE_REQUEST.CUSTOMER_ID.eq(duplicateId)).orderBy(SERVICE_REQUEST.ID).fetch(SERVICE_REQUEST.ID);
        for (long request : moved) {
            requests.changeCustomer(request, keptId, note, actor);
        }
        int addressOffset = nextPosition(db.select(DSL.max(CUSTOMER_ADDRESS.POSITION)).from(CUSTOMER_ADDRESS)
                .where(CUSTOMER_ADDRESS.CUSTOMER_ID.eq(keptId)).fetchOne(0, Integer.class));
        int addresses = db.update(CUSTOMER_ADDRESS).set(CUSTOMER_ADDRESS.CUSTOMER_ID, keptId)
                .set(CUSTOMER_ADDRESS.POSITION, CUSTOMER_ADDRESS.POSITION.plus(addressOffset))
                .where(CUSTOMER_ADDRESS.CUSTOMER_ID.eq(duplicateId)).execute();
        int contactOffset = nextPosition(db.select(DSL.max(CUSTOMER_CONTACT.POSITION)).from(CUSTOMER_CONTACT)
                .where(CUSTOMER_CONTACT.CUSTOMER_ID.eq(keptId)).fetchOne(0, Integer.class));
        int contacts = db.update(CUSTOMER_CONTACT).set(CUSTOMER_CONTACT.CUSTOMER_ID, keptId)
                .set(CUSTOMER_CONTACT.POSITION, CUSTOMER_CONTACT.POSITION.plus(contactOffset))
                .where(CUSTOMER_CONTACT.CUSTOMER_ID.eq(duplicateId)).execute();
        if (blank(kept.getEmail()) && !blank(duplicate.getEmail())) {
            kept.setEmail(duplicate.getEmail());
        }
        if (blank(kept.getPhone()) && !blank(duplicate.getPhone())) {
            kept.setPhone(duplicate.getPhone());
        }
        kept.setVersion(kept.getVersion() + 1);
        kept.update();
        duplicate.delete();
        return new Merged(get(keptId), moved.size(), addresses, contacts);
    }

    private static int nextPosition(@Nullable Integer max) {
        return max == null ? 0 : max + 1;
    }

    private static boolean blank(@Nullable String s) {
        return s == null || s.isBlank();
    }

    private void check(CustomerInput input, @Nullable Long self) {
        List<FieldProblem> problems = new ArrayList<>();
        if (input.userId() != null) {
            if (!db.fetchExists(APP_USER, APP_USER.ID.eq(input.userId()))) {
                problems.add(new FieldProblem("userId", input.userId(), "is not a user"));
            } else {
                Long other = db.select(CUSTOMER.ID).from(CUSTOMER).where(CUSTOMER.USER_ID.eq(input.userId())).fetchOne(CUSTOMER.ID);
                if (other != null && !other.equals(self)) {
                    problems.add(new FieldProblem("userId", input.userId(), "already belongs to customer " + other));
                }
            }
        }
        List<CustomerInput.Address> addresses = input.addresses() == null ? List.of() : input.addresses();
        Set<Long> own = self == null ? Set.of() : new HashSet<>(db.select(CUSTOMER_ADDRESS.ID).from(CUSTOMER_ADDRESS)
                .where(CUSTOMER_ADDRESS.CUSTOMER_ID.eq(self)).fetch(CUSTOMER_ADDRESS.ID));
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < addresses.size(); i++) {
            Long id = addresses.get(i).id();
            if (id != null && !own.contains(id)) {
                problems.add(new FieldProblem("addresses[" + i + "].id", id, "is not an address of this customer;"
                        + " leave the id out to add a new address"));
            } else if (id != null && !seen.add(id)) {
                problems.add(new FieldProblem("addresses[" + i + "].id", id, "appears twice"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
    }

    private static void apply(CustomerRecord row, CustomerInput input) {
        row.setName(input.name().strip());
        row.setKind(input.kind() == null ? "resident" : input.kind());
        row.setEmail(input.email());
        row.setPhone(input.phone());
        row.setManagementCompany(input.managementCompany());
        if (input.userId() != null) { // a PUT without userId keeps the customer's login linked
            row.setUserId(input.userId());
        }
        if (input.language() != null) {
            row.setLanguage(input.language());
        }
    }

    private void writeChildren(long customerId, CustomerInput input) {
        db.deleteFrom(CUSTOMER_CONTACT).where(CUSTOMER_CONTACT.CUSTOMER_ID.eq(customerId)).execute();
        List<CustomerInput.Contact> contacts = input.contacts() == null ? List.of() : input.contacts();
        for (int i = 0; i < contacts.size(); i++) {
            CustomerInput.Contact c = contacts.get(i);
            db.insertInto(CUSTOMER_CONTACT)
                    .set(CUSTOMER_CONTACT.CUSTOMER_ID, customerId).set(CUSTOMER_CONTACT.NAME, c.name().strip())
                    .set(CUSTOMER_CONTACT.ROLE, c.role()).set(CUSTOMER_CONTACT.PHONE, c.phone())
                    .set(CUSTOMER_CONTACT.EMAIL, c.email()).set(CUSTOMER_CONTACT.POSITION, i).execute();
        }
        List<CustomerInput.Address> addresses = input.addresses() == null ? List.of() : input.addresses();
        Set<Long> kept = new HashSet<>();
        for (int i = 0; i < addresses.size(); i++) {
            CustomerInput.Address a = addresses.get(i);
            CustomerAddressRecord row = a.id() == null ? db.newRecord(CUSTOMER_ADDRESS)
                    : db.selectFrom(CUSTOMER_ADDRESS).where(CUSTOMER_ADDRESS.ID.eq(a.id())).fetchSingle();
            row.setCustomerId(customerId);
            row.setLabel(a.label());
            row.setLine(a.line().strip());
            row.setCity(a.city().strip());
            row.setLocation(a.location().toPoint());
            row.setNotes(a.notes());
            row.setPosition(i);
            row.store();
            kept.add(row.getId());
        }
        // an address a service request points to cannot go: the foreign key refuses, ProblemHandler answers 409
        db.deleteFrom(CUSTOMER_ADDRESS).where(CUSTOMER_ADDRESS.CUSTOMER_ID.eq(customerId), CUSTOMER_ADDRESS.ID.notIn(kept)).execute();
    }

    private static CustomerView.Address address(CustomerAddressRecord a) {
        return new CustomerView.Address(a.getId(), a.getLabel(), a.getLine(), a.getCity(), LatLon.of(a.getLocation()), a.getNotes());
    }

    private static CustomerView view(CustomerRecord row, List<CustomerView.Contact> contacts, List<CustomerView.Address> addresses) {
        return new CustomerView(row.getId(), row.getName(), row.getKind(), row.getEmail(), row.getPhone(),
                row.getManagementCompany(), row.getUserId(), contacts, addresses, row.getVersion(), row.getLanguage());
    }
}
