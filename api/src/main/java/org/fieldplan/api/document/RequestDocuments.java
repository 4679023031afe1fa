package org.fieldplan.api.document;

import static org.fieldplan.api.persistence.jooq.Tables.REQUEST_DOCUMENT;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST_ITEM;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST_ITEM_MODIFIER;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_TYPE;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fieldplan.api.persistence.jooq.tables.records.RequestDocumentRecord;
import org.fieldplan.api.request.RequestMessages.NewComment;
import org.fieldplan.api.request.RequestMessages.StatusChange;
import org.fieldplan.api.request.RequestStatus;
import org.fieldplan.api.request.RequestStatusChanged;
import org.fieldplan.api.request.ServiceRequestView;
import org.fieldplan.api.request.ServiceRequests;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.Role;
import org.fieldplan.api.web.ApiException;
import org.fieldplan.api.web.FieldProblem;
import org.fieldplan.api.web.InvalidInputException;
import org.fieldplan.api.web.NotFoundException;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issues and keeps the documents of a request. The lifecycle drives them ({@link RequestStatusChanged}, in the
 * transaction of the change): {@code quoted} issues a specification from the request's frozen lines, {@code agreed} /
 * {@code refused} records the decision on the latest one (the agreed version stays), {@code done} issues the act from
 * the lines as they are then (the technician's confirmed edits included) with their frozen prices, {@code accepted} /
 * {@code disputed} records the decision on the latest act. Status changes go through the request feature
 * ({@link ServiceRequests#changeStatus}); this class writes only {@code request_document}.
 */
@Service
public class RequestDocuments {

    static final int DEFAULT_VALID_DAYS = 14;
    static final int MAX_CONDITIONS = 4000;

    private final DSLContext db;
    private final ServiceRequests requests;
    private final JsonMapper json;
    private final Clock clock;

    RequestDocuments(DSLContext db, ServiceRequests requests, JsonMapper json, Clock clock) {
        this.db = db;
        this.requests = requests;
        this.json = json;
        this.clock = clock;
    }

    // ---- the lifecycle ------------------------------------------------------------------------------------------

    @EventListener
    void onStatusChanged(RequestStatusChanged e) {
        switch (e.to()) {
            case QUOTED -> issue(e.requestId(), DocumentKind.SPECIFICATION, null, null, e.actor());
            case AGREED -> decideLatest(e.requestId(), DocumentKind.SPECIFICATION, DocumentState.AGREED, e.actor());
            case REFUSED -> decideLatest(e.requestId(), DocumentKind.SPECIFICATION, DocumentState.REFUSED, e.actor());
            case DONE -> issue(e.requestId(), DocumentKind.ACT, null, null, e.actor());
            case ACCEPTED -> decideLatest(e.requestId(), DocumentKind.ACT, DocumentState.ACCEPTED, e.actor());
            case DISPUTED -> decideLatest(e.requestId(), DocumentKind.ACT, DocumentState.DISPUTED, e.actor());
            default -> { }
        }
    }

    // ---- the API --------------------------------------------------------------------------------------------------

    /**
     * The office sends a specification: a new request is moved to quoted (its prices frozen, the specification issued
     * by the lifecycle); a request already quoted gets a new version (the previous one superseded). Conditions and
     * validity are the office's words.
     */
    @Transactional
    public DocumentView specify(long requestId, DocumentInputs.NewSpecification in, CurrentUser user) {
        if (!user.is(Role.ADMINISTRATOR) && !user.is(Role.DISPATCHER)) {
            throw new ApiException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                    "Only the office (administrators, dispatchers) sends specifications.", Map.of());
        }
        ServiceRequestView request = requests.get(requestId, user); // 404 outside the caller's scope
        List<FieldProblem> problems = new ArrayList<>();
        String conditions = in.conditions() == null || in.conditions().isBlank() ? null : in.conditions().strip();
        if (conditions != null && conditions.length() > MAX_CONDITIONS) {
            problems.add(new FieldProblem("conditions", conditions.length() + " characters", "is longer than " + MAX_CONDITIONS + " characters"));
        }
        LocalDate today = LocalDate.now(clock);
        if (in.validUntil() != null && in.validUntil().isBefore(today)) {
            problems.add(new FieldProblem("validUntil", in.validUntil().toString(), "is in the past (today is " + today + ")"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        RequestStatus status = RequestStatus.fromCode(request.status());
        if (status == RequestStatus.NEW) {
            requests.changeStatus(requestId, null, StatusChange.to(RequestStatus.QUOTED, "Specification sent."), user);
            RequestDocumentRecord spec = latest(requestId, DocumentKind.SPECIFICATION);
            spec.setConditions(conditions);
            spec.setValidUntil(in.validUntil() == null ? today.plusDays(DEFAULT_VALID_DAYS) : in.validUntil());
            spec.update();
            return view(spec);
        }
        if (status == RequestStatus.QUOTED || status == RequestStatus.AGREED || status == RequestStatus.SCHEDULED) {
            // quoted: a new version; agreed or scheduled (a booking on the site quotes and agrees the preliminary prices
            // itself): the office's exact specification for the customer to agree, the visit stays as it is
            return view(issue(requestId, DocumentKind.SPECIFICATION, conditions, in.validUntil(), user));
        }
        throw new ApiException(HttpStatus.CONFLICT, "not-quotable", "Cannot send a specification now", "Service request "
                + request.registrationNumber() + " is '" + status.code() + "'; a specification is sent to a new request "
                + "(it becomes quoted), again to a quoted one, or to an agreed or scheduled one before the work starts.",
                Map.of("status", status.code()));
    }

    @Transactional(readOnly = true)
    public List<DocumentView> list(long requestId, CurrentUser user) {
        requests.get(requestId, user);
        return db.selectFrom(REQUEST_DOCUMENT).where(REQUEST_DOCUMENT.REQUEST_ID.eq(requestId))
                .orderBy(REQUEST_DOCUMENT.KIND.desc(), REQUEST_DOCUMENT.NUMBER).fetch(this::view);
    }

    @Transactional(readOnly = true)
    public DocumentView get(long requestId, DocumentKind kind, int number, CurrentUser user) {
        requests.get(requestId, user);
        return view(find(requestId, kind, number));
    }

    /** The customer (or the office for them) agrees to or refuses specification {@code number}. */
    @Transactional
    public DocumentView decideSpecification(long requestId, DocumentInputs.Decision in, CurrentUser user) {
        return decide(requestId, DocumentKind.SPECIFICATION, in, user);
    }

    /** The customer accepts or disputes act {@code number}; a dispute opens a public comment and goes back to the office. */
    @Transactional
    public DocumentView decideAct(long requestId, DocumentInputs.Decision in, CurrentUser user) {
        return decide(requestId, DocumentKind.ACT, in, user);
    }

    /** The PDF of a document in {@code lang} (the customer's language when null). */
    @Transactional(readOnly = true)
    public byte[] pdf(long requestId, DocumentKind kind, int number, @Nullable String lang, CurrentUser user) {
        requests.get(requestId, user);
        RequestDocumentRecord doc = find(requestId, kind, number);
        return DocumentPdf.render(DocumentPage.xhtml(content(doc, lang)));
    }

    /** The same PDF without a caller (the benchmark, tests): the document as stored. */
    @Transactional(readOnly = true)
    public byte[] pdfUnchecked(long documentId, @Nullable String lang) {
        RequestDocumentRecord doc = db.selectFrom(REQUEST_DOCUMENT).where(REQUEST_DOCUMENT.ID.eq(documentId)).fetchOne();
        if (doc == null) {
            throw new NotFoundException("document", documentId);
        }
        return DocumentPdf.render(DocumentPage.xhtml(content(doc, lang)));
    }

    // ---- inside ---------------------------------------------------------------------------------------------------

    /** The number of the specification waiting for the customer's decision on a booked visit, or null. */
    @Transactional(readOnly = true)
    public @Nullable Integer openSpecification(long requestId) {
        RequestDocumentRecord doc = db.selectFrom(REQUEST_DOCUMENT).where(REQUEST_DOCUMENT.REQUEST_ID.eq(requestId),
                REQUEST_DOCUMENT.KIND.eq(DocumentKind.SPECIFICATION.code())).orderBy(REQUEST_DOCUMENT.NUMBER.desc()).limit(1).fetchOne();
        return doc != null && DocumentState.parse(doc.getState()) == DocumentState.ISSUED ? doc.getNumber() : null;
    }

    /**
     * The cabinet's agree / refuse on a booked visit (agreed or scheduled) with a specification waiting: the decision
     * on that specification; false when there is none (the caller moves the request's status as usual).
     */
    @Transactional
    public boolean decideOpenSpecification(long requestId, String decision, @Nullable String comment, CurrentUser user) {
        RequestStatus status = RequestStatus.fromCode(requests.get(requestId, user).status());
        Integer open = openSpecification(requestId);
        if (open == null || (status != RequestStatus.AGREED && status != RequestStatus.SCHEDULED)) {
            return false;
        }
        decide(requestId, DocumentKind.SPECIFICATION, new DocumentInputs.Decision(open, decision, comment), user);
        return true;
    }

    private DocumentView decide(long requestId, DocumentKind kind, DocumentInputs.Decision in, CurrentUser user) {
        if (user.is(Role.TECHNICIAN)) {
            throw new ApiException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                    "A technician does not decide on the " + kind.code() + "; the customer (or the office for them) does.", Map.of());
        }
        requests.get(requestId, user); // 404 outside the caller's scope
        List<FieldProblem> problems = new ArrayList<>();
        String decision = in.decision() == null ? "" : in.decision().strip().toLowerCase();
        List<String> allowed = kind == DocumentKind.SPECIFICATION ? List.of("agree", "refuse") : List.of("accept", "dispute");
        if (!allowed.contains(decision)) {
            problems.add(new FieldProblem("decision", in.decision(), "must be one of " + allowed));
        }
        if (in.number() == null) {
            problems.add(new FieldProblem("number", null, "is required: the number of the " + kind.code() + " decided on (the one read)"));
        }
        String comment = in.comment() == null || in.comment().isBlank() ? null : in.comment().strip();
        if (decision.equals("dispute") && comment == null) {
            problems.add(new FieldProblem("comment", in.comment(), "is required for a dispute: say what is wrong with the work"));
        }
        if (comment != null && comment.length() > ServiceRequests.MAX_COMMENT) {
            problems.add(new FieldProblem("comment", comment.length() + " characters", "is longer than " + ServiceRequests.MAX_COMMENT + " characters"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        RequestDocumentRecord latest = latestOrNull(requestId, kind);
        if (latest == null || latest.getNumber() != in.number().intValue()) {
            throw new ApiException(HttpStatus.CONFLICT, "not-the-current-document", "Not the current document",
                    "The current " + kind.code() + " of this request is " + (latest == null ? "none" : "number " + latest.getNumber())
                            + ", not " + in.number() + "; read the current one before deciding.",
                    Map.of("currentNumber", latest == null ? 0 : latest.getNumber()));
        }
        RequestStatus now = RequestStatus.fromCode(requests.get(requestId, user).status());
        if (kind == DocumentKind.SPECIFICATION && now != RequestStatus.QUOTED
                && (now == RequestStatus.AGREED || now == RequestStatus.SCHEDULED)) {
            // a specification sent to a booked visit: the decision is the document's; the visit keeps its status and
            // a refusal goes to the office as a public comment (the office calls, changes or cancels the visit)
            if (DocumentState.parse(latest.getState()) != DocumentState.ISSUED) {
                throw new ApiException(HttpStatus.CONFLICT, "already-decided", "Already decided", "Specification "
                        + latest.getNumber() + " is already " + latest.getState() + ".", Map.of("state", latest.getState()));
            }
            if (decision.equals("refuse")) {
                requests.addComment(requestId, new NewComment("public", comment != null ? comment
                        : "Specification " + latest.getNumber() + " refused."), user);
            } else if (comment != null) {
                requests.addComment(requestId, new NewComment("public", comment), user);
            }
            decideLatest(requestId, kind, decision.equals("agree") ? DocumentState.AGREED : DocumentState.REFUSED, user);
            return view(find(requestId, kind, latest.getNumber()));
        }
        RequestStatus to = switch (decision) {
            case "agree" -> RequestStatus.AGREED;
            case "refuse" -> RequestStatus.REFUSED;
            case "accept" -> RequestStatus.ACCEPTED;
            default -> RequestStatus.DISPUTED;
        };
        if (comment != null) {
            requests.addComment(requestId, new NewComment("public", comment), user);
        }
        // the lifecycle decides whether this caller may make the move now (409 / 403 with the allowed moves)
        requests.changeStatus(requestId, null, StatusChange.to(to, kind.code() + " " + latest.getNumber() + ": " + decision
                + (comment == null ? "" : " (" + (comment.length() > 200 ? comment.substring(0, 200) + "..." : comment) + ")")), user);
        return view(find(requestId, kind, latest.getNumber()));
    }

    private RequestDocumentRecord issue(long requestId, DocumentKind kind, @Nullable String conditions,
                                        @Nullable LocalDate validUntil, CurrentUser actor) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        var request = db.select(SERVICE_REQUEST.PRICE_TOTAL, SERVICE_REQUEST.PRICE_IS_FROM, SERVICE_REQUEST.CURRENCY)
                .from(SERVICE_REQUEST).where(SERVICE_REQUEST.ID.eq(requestId)).fetchSingle();
        List<DocumentView.Line> lines = currentLines(requestId);
        RequestDocumentRecord previous = latestOrNull(requestId, kind);
        if (previous != null && DocumentState.parse(previous.getState()) == DocumentState.ISSUED) {
            previous.setState(DocumentState.SUPERSEDED.code());
            previous.update();
        }
        RequestDocumentRecord doc = db.newRecord(REQUEST_DOCUMENT);
        doc.setRequestId(requestId);
        doc.setKind(kind.code());
        doc.setNumber(previous == null ? 1 : previous.getNumber() + 1);
        doc.setState(DocumentState.ISSUED.code());
        doc.setLines(json.writeValueAsString(lines));
        doc.setTotal(request.value1() == null ? lines.stream().map(DocumentView.Line::lineTotal).reduce(BigDecimal.ZERO, BigDecimal::add) : request.value1());
        doc.setPriceIsFrom(request.value2());
        doc.setCurrency(request.value3() == null ? "EUR" : request.value3());
        doc.setConditions(conditions != null ? conditions : previous != null ? previous.getConditions() : null);
        doc.setValidUntil(kind == DocumentKind.ACT ? null
                : validUntil != null ? validUntil : LocalDate.now(clock).plusDays(DEFAULT_VALID_DAYS));
        doc.setIssuedAt(now);
        doc.setIssuedBy(actor.username());
        doc.store();
        return doc;
    }

    private void decideLatest(long requestId, DocumentKind kind, DocumentState state, CurrentUser actor) {
        RequestDocumentRecord doc = latestOrNull(requestId, kind);
        if (doc == null) {
            return; // a request quoted before documents existed
        }
        doc.setState(state.code());
        doc.setDecidedAt(OffsetDateTime.now(clock));
        doc.setDecidedBy(actor.username());
        doc.update();
    }

    private List<DocumentView.Line> currentLines(long requestId) {
        Map<Integer, List<String>> modifiers = new HashMap<>();
        db.selectFrom(SERVICE_REQUEST_ITEM_MODIFIER).where(SERVICE_REQUEST_ITEM_MODIFIER.REQUEST_ID.eq(requestId))
                .orderBy(SERVICE_REQUEST_ITEM_MODIFIER.POSITION)
                .forEach(m -> modifiers.computeIfAbsent(m.getLine(), k -> new ArrayList<>()).add(m.getName()));
        return db.select(SERVICE_REQUEST_ITEM.LINE, SERVICE_TYPE.CODE, SERVICE_TYPE.NAME, SERVICE_TYPE.UNIT,
                        SERVICE_REQUEST_ITEM.QUANTITY, SERVICE_REQUEST_ITEM.UNIT_PRICE, SERVICE_REQUEST_ITEM.LINE_TOTAL,
                        SERVICE_REQUEST_ITEM.PRICE_IS_FROM, SERVICE_REQUEST_ITEM.EXTRA)
                .from(SERVICE_REQUEST_ITEM).join(SERVICE_TYPE).on(SERVICE_TYPE.ID.eq(SERVICE_REQUEST_ITEM.SERVICE_TYPE_ID))
                .where(SERVICE_REQUEST_ITEM.REQUEST_ID.eq(requestId)).orderBy(SERVICE_REQUEST_ITEM.LINE)
                .fetch(r -> new DocumentView.Line(r.value2(), r.value3(), r.value4(), r.value5(), r.value6(),
                        r.value7() == null ? r.value6().multiply(BigDecimal.valueOf(r.value5())) : r.value7(), r.value8(), r.value9(),
                        modifiers.getOrDefault(r.value1(), List.of())));
    }

    private RequestDocumentRecord latest(long requestId, DocumentKind kind) {
        RequestDocumentRecord doc = latestOrNull(requestId, kind);
        if (doc == null) {
            throw new NotFoundException(kind.code(), requestId);
        }
        return doc;
    }

    private @Nullable RequestDocumentRecord latestOrNull(long requestId, DocumentKind kind) {
        return db.selectFrom(REQUEST_DOCUMENT).where(REQUEST_DOCUMENT.REQUEST_ID.eq(requestId), REQUEST_DOCUMENT.KIND.eq(kind.code()))
                .orderBy(REQUEST_DOCUMENT.NUMBER.desc()).limit(1).forUpdate().fetchOne();
    }

    private RequestDocumentRecord find(long requestId, DocumentKind kind, int number) {
        RequestDocumentRecord doc = db.selectFrom(REQUEST_DOCUMENT).where(REQUEST_DOCUMENT.REQUEST_ID.eq(requestId),
                REQUEST_DOCUMENT.KIND.eq(kind.code()), REQUEST_DOCUMENT.NUMBER.eq(number)).fetchOne();
        if (doc == null) {
            throw new NotFoundException(kind.code(), requestId + "/" + number);
        }
        return doc;
    }

    private List<DocumentView.Line> lines(RequestDocumentRecord doc) {
        return json.readValue(doc.getLines(), new TypeReference<List<DocumentView.Line>>() {});
    }

    private DocumentView view(RequestDocumentRecord d) {
        return new DocumentView(d.getId(), d.getKind(), d.getNumber(), d.getState(), lines(d), d.getTotal(), d.getPriceIsFrom(),
                d.getCurrency(), d.getConditions(), d.getValidUntil(), d.getIssuedAt(), d.getIssuedBy(), d.getDecidedAt(),
                d.getDecidedBy(), "/api/requests/" + d.getRequestId() + "/documents/" + d.getKind() + "/" + d.getNumber() + ".pdf");
    }

    private DocumentPage.Content content(RequestDocumentRecord doc, @Nullable String lang) {
        var r = db.select(SERVICE_REQUEST.REGISTRATION_NUMBER, SERVICE_REQUEST.ADDRESS_LINE,
                        org.fieldplan.api.persistence.jooq.Tables.CUSTOMER.NAME, org.fieldplan.api.persistence.jooq.Tables.CUSTOMER.LANGUAGE)
                .from(SERVICE_REQUEST).join(org.fieldplan.api.persistence.jooq.Tables.CUSTOMER)
                .on(org.fieldplan.api.persistence.jooq.Tables.CUSTOMER.ID.eq(SERVICE_REQUEST.CUSTOMER_ID))
                .where(SERVICE_REQUEST.ID.eq(doc.getRequestId())).fetchSingle();
        String language = lang != null && !lang.isBlank() ? lang : r.value4();
        return new DocumentPage.Content(DocumentKind.parse(doc.getKind()), doc.getNumber(), DocumentState.parse(doc.getState()),
                r.value1(), r.value3(), r.value2(), lines(doc), doc.getTotal(), doc.getPriceIsFrom(), doc.getCurrency(),
                doc.getConditions(), doc.getValidUntil(), doc.getIssuedAt().atZoneSameInstant(clock.getZone()).toLocalDate(),
                doc.getIssuedBy(), DocumentPage.Texts.of(language));
    }
}
