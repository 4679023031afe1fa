package org.fieldplan.api.price;

import static org.fieldplan.api.persistence.jooq.Tables.EXTRA_SERVICE;
import static org.fieldplan.api.persistence.jooq.Tables.REQUEST_TYPE;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_TYPE;
import static org.fieldplan.api.persistence.jooq.Tables.ZONE;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.fieldplan.api.servicetype.ServiceTypeService;
import org.fieldplan.api.web.FieldProblem;
import org.fieldplan.api.web.InvalidInputException;
import org.fieldplan.api.web.NotFoundException;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The price list (service prices, units, "from", request types) and the extra services by zone / management company. */
@Service
public class PriceCatalogue {

    static final Set<String> UNITS = Set.of("piece", "hour", "m2", "m", "visit");

    private final DSLContext db;
    private final ServiceTypeService serviceTypes;
    private final Pricer pricer;

    PriceCatalogue(DSLContext db, ServiceTypeService serviceTypes, Pricer pricer) {
        this.db = db;
        this.serviceTypes = serviceTypes;
        this.pricer = pricer;
    }

    public record PriceView(long serviceTypeId, String code, String name, BigDecimal basePrice, String unit,
                            boolean priceIsFrom, String requestType, boolean active, String currency, String priceText,
                            int version) {}

    public record PriceInput(@Nullable BigDecimal basePrice, @Nullable String unit, @Nullable Boolean priceIsFrom,
                             @Nullable String requestType) {}

    public record RequestTypeView(String code, String nameEn, String nameRu, int rank) {}

    public record RequestTypeInput(@Nullable String nameEn, @Nullable String nameRu, @Nullable Integer rank) {}

    public record ExtraServiceView(long id, long serviceTypeId, String serviceTypeCode, @Nullable Long zoneId,
                                   @Nullable String managementCompany, int quantity) {}

    public record ExtraServiceInput(@Nullable Long serviceTypeId, @Nullable Long zoneId, @Nullable String managementCompany,
                                    @Nullable Integer quantity) {}

    @Transactional(readOnly = true)
    public List<PriceView> prices(@Nullable String lang) {
        return db.selectFrom(SERVICE_TYPE).orderBy(SERVICE_TYPE.CODE).fetch(t -> new PriceView(t.getId(), t.getCode(),
                t.getName(), t.getBasePrice(), t.getUnit(), t.getPriceIsFrom(), t.getRequestType(), t.getActive(),
                pricer.currency(), Money.total(t.getBasePrice(), t.getPriceIsFrom(), pricer.currency(), lang), t.getVersion()));
    }

    @Transactional
    public PriceView setPrice(long serviceTypeId, @Nullable Integer expectedVersion, PriceInput in) {
        var type = db.selectFrom(SERVICE_TYPE).where(SERVICE_TYPE.ID.eq(serviceTypeId)).fetchOne();
        if (type == null) {
            throw new NotFoundException("service type", serviceTypeId);
        }
        List<FieldProblem> problems = new ArrayList<>();
        BigDecimal price = in.basePrice() == null ? type.getBasePrice() : in.basePrice();
        if (price.signum() < 0 || price.scale() > 2 || price.compareTo(new BigDecimal("9999999999")) > 0) {
            problems.add(new FieldProblem("basePrice", in.basePrice(), "must be zero or more, with at most 2 decimals"));
        }
        String unit = in.unit() == null ? type.getUnit() : in.unit().strip();
        if (!UNITS.contains(unit)) {
            problems.add(new FieldProblem("unit", in.unit(), "must be one of " + UNITS.stream().sorted().toList()));
        }
        String requestType = in.requestType() == null ? type.getRequestType() : in.requestType().strip();
        if (!db.fetchExists(REQUEST_TYPE, REQUEST_TYPE.CODE.eq(requestType))) {
            problems.add(new FieldProblem("requestType", in.requestType(), "is not a request type; known: "
                    + db.select(REQUEST_TYPE.CODE).from(REQUEST_TYPE).orderBy(REQUEST_TYPE.RANK).fetch(REQUEST_TYPE.CODE)));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        serviceTypes.setPrice(serviceTypeId, expectedVersion, price, unit,
                in.priceIsFrom() == null ? type.getPriceIsFrom() : in.priceIsFrom(), requestType);
        return prices(null).stream().filter(p -> p.serviceTypeId() == serviceTypeId).findFirst().orElseThrow();
    }

    @Transactional(readOnly = true)
    public List<RequestTypeView> requestTypes() {
        return db.selectFrom(REQUEST_TYPE).orderBy(REQUEST_TYPE.RANK, REQUEST_TYPE.CODE)
                .fetch(r -> new RequestTypeView(r.getCode(), r.getNameEn(), r.getNameRu(), r.getRank()));
    }

    @Transactional
    public RequestTypeView putRequestType(String code, RequestTypeInput in) {
        List<FieldProblem> problems = new ArrayList<>();
        if (!code.matches("[a-z0-9][a-z0-9-]{0,63}")) {
            problems.add(new FieldProblem("code", code, "must be lower-case letters, digits and '-', at most 64"));
        }
        if (in.nameEn() == null || in.nameEn().isBlank() || in.nameEn().length() > 200) {
            problems.add(new FieldProblem("nameEn", in.nameEn(), "is required (the English name), at most 200 characters"));
        }
        if (in.nameRu() == null || in.nameRu().isBlank() || in.nameRu().length() > 200) {
            problems.add(new FieldProblem("nameRu", in.nameRu(), "is required (the Russian name), at most 200 characters"));
        }
        if (in.rank() != null && (in.rank() < 0 || in.rank() > 10_000)) {
            problems.add(new FieldProblem("rank", in.rank(), "must be between 0 and 10000"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        int rank = in.rank() == null ? 100 : in.rank();
        db.insertInto(REQUEST_TYPE).set(REQUEST_TYPE.CODE, code).set(REQUEST_TYPE.NAME_EN, in.nameEn().strip())
                .set(REQUEST_TYPE.NAME_RU, in.nameRu().strip()).set(REQUEST_TYPE.RANK, rank)
                .onConflict(REQUEST_TYPE.CODE).doUpdate().set(REQUEST_TYPE.NAME_EN, in.nameEn().strip())
                .set(REQUEST_TYPE.NAME_RU, in.nameRu().strip()).set(REQUEST_TYPE.RANK, rank).execute();
        return new RequestTypeView(code, in.nameEn().strip(), in.nameRu().strip(), rank);
    }

    @Transactional(readOnly = true)
    public List<ExtraServiceView> extras() {
        return db.select(EXTRA_SERVICE.ID, EXTRA_SERVICE.SERVICE_TYPE_ID, SERVICE_TYPE.CODE, EXTRA_SERVICE.ZONE_ID,
                        EXTRA_SERVICE.MANAGEMENT_COMPANY, EXTRA_SERVICE.QUANTITY)
                .from(EXTRA_SERVICE).join(SERVICE_TYPE).on(SERVICE_TYPE.ID.eq(EXTRA_SERVICE.SERVICE_TYPE_ID))
                .orderBy(EXTRA_SERVICE.ID)
                .fetch(r -> new ExtraServiceView(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6()));
    }

    @Transactional
    public ExtraServiceView addExtra(ExtraServiceInput in) {
        List<FieldProblem> problems = new ArrayList<>();
        if (in.serviceTypeId() == null || !db.fetchExists(SERVICE_TYPE, SERVICE_TYPE.ID.eq(in.serviceTypeId()))) {
            problems.add(new FieldProblem("serviceTypeId", in.serviceTypeId(), "names no service type"));
        }
        if (in.zoneId() != null && !db.fetchExists(ZONE, ZONE.ID.eq(in.zoneId()))) {
            problems.add(new FieldProblem("zoneId", in.zoneId(), "names no zone"));
        }
        String mc = in.managementCompany() == null || in.managementCompany().isBlank() ? null : in.managementCompany().strip();
        if (mc != null && mc.length() > 200) {
            problems.add(new FieldProblem("managementCompany", mc.substring(0, 40) + "...", "is longer than 200 characters"));
        }
        if (in.zoneId() == null && mc == null) {
            problems.add(new FieldProblem("zoneId", null, "give a zone, a management company, or both"));
        }
        int quantity = in.quantity() == null ? 1 : in.quantity();
        if (quantity < 1 || quantity > 10_000) {
            problems.add(new FieldProblem("quantity", in.quantity(), "must be between 1 and 10000"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        long id = db.insertInto(EXTRA_SERVICE).set(EXTRA_SERVICE.SERVICE_TYPE_ID, in.serviceTypeId())
                .set(EXTRA_SERVICE.ZONE_ID, in.zoneId()).set(EXTRA_SERVICE.MANAGEMENT_COMPANY, mc)
                .set(EXTRA_SERVICE.QUANTITY, quantity).returningResult(EXTRA_SERVICE.ID).fetchSingle().value1();
        return extras().stream().filter(e -> e.id() == id).findFirst().orElseThrow();
    }

    @Transactional
    public void removeExtra(long id) {
        if (db.deleteFrom(EXTRA_SERVICE).where(EXTRA_SERVICE.ID.eq(id)).execute() == 0) {
            throw new NotFoundException("extra service", id);
        }
    }
}
