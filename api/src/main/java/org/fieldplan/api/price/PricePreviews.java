package org.fieldplan.api.price;

import static org.fieldplan.api.persistence.jooq.Tables.CUSTOMER;
import static org.fieldplan.api.persistence.jooq.Tables.REQUEST_TYPE;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_TYPE;
import static org.fieldplan.api.persistence.jooq.Tables.ZONE;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.fieldplan.api.persistence.jooq.tables.records.ServiceTypeRecord;
import org.fieldplan.api.request.ZoneChoice;
import org.fieldplan.api.request.ZoneRouter;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.Role;
import org.fieldplan.api.web.FieldProblem;
import org.fieldplan.api.web.InvalidInputException;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The price preview of the booking form, the desk and the cabinet: checks the input, then asks {@link Pricer}. */
@Service
public class PricePreviews {

    static final int MAX_LINES = 50;

    private final DSLContext db;
    private final Pricer pricer;
    private final ZoneRouter router;
    private final Clock clock;

    PricePreviews(DSLContext db, Pricer pricer, ZoneRouter router, Clock clock) {
        this.db = db;
        this.pricer = pricer;
        this.router = router;
        this.clock = clock;
    }

    /** {@code user} null: the anonymous public form (no customer, extras by zone only). */
    @Transactional(readOnly = true)
    public PreviewView preview(PreviewInput in, @Nullable CurrentUser user) {
        List<FieldProblem> problems = new ArrayList<>();
        boolean ru = in.lang() != null && in.lang().toLowerCase().startsWith("ru");
        List<Pricer.Ask> asks = resolve(in.services(), problems, ru);
        Long zoneId = in.zoneId();
        if (zoneId != null) {
            if (!db.fetchExists(ZONE, ZONE.ID.eq(zoneId))) {
                problems.add(new FieldProblem("zoneId", zoneId, "names no zone"));
            }
        } else if (in.lat() != null || in.lon() != null) {
            Double lat = in.lat();
            Double lon = in.lon();
            if (lat == null || !Double.isFinite(lat) || lat < -90 || lat > 90) {
                problems.add(new FieldProblem("lat", lat, t(ru, "must be a latitude between -90 and 90 (WGS 84 degrees)", "широта от -90 до 90 градусов")));
            }
            if (lon == null || !Double.isFinite(lon) || lon < -180 || lon > 180) {
                problems.add(new FieldProblem("lon", lon, t(ru, "must be a longitude between -180 and 180 (WGS 84 degrees)", "долгота от -180 до 180 градусов")));
            }
            if (problems.isEmpty()) {
                zoneId = router.route(lat, lon).map(ZoneChoice.Candidate::zoneId).orElse(null);
            }
        }
        String lang = in.lang();
        if (lang != null && !lang.matches("(?i)en|ru")) {
            problems.add(new FieldProblem("lang", lang, "must be en or ru"));
        }
        Long customerId = null;
        if (user != null && user.is(Role.CUSTOMER)) {
            customerId = user.customerId();
        } else if (user != null && (user.is(Role.ADMINISTRATOR) || user.is(Role.DISPATCHER))) {
            customerId = in.customerId();
            if (customerId != null && !db.fetchExists(CUSTOMER, CUSTOMER.ID.eq(customerId))) {
                problems.add(new FieldProblem("customerId", customerId, "names no customer"));
            }
        }
        problems.addAll(org.fieldplan.api.request.RequestIntake.unknownDeclinedExtras(db, in.declinedExtras()));
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        String managementCompany = customerId == null ? null
                : db.select(CUSTOMER.MANAGEMENT_COMPANY).from(CUSTOMER).where(CUSTOMER.ID.eq(customerId)).fetchOne(CUSTOMER.MANAGEMENT_COMPANY);
        Set<Long> asked = new HashSet<>();
        asks.forEach(a -> asked.add(a.type().getId()));
        Set<String> declined = in.declinedExtras() == null ? Set.of() : new HashSet<>(in.declinedExtras().stream()
                .filter(java.util.Objects::nonNull).toList());
        List<Pricer.Ask> all = new ArrayList<>(asks);
        all.addAll(pricer.extras(zoneId, managementCompany, declined, asked));
        PriceQuote quote = pricer.price(zoneId, all, LocalDate.now(clock));
        return PreviewView.of(quote, requestTypeName(quote.requestType(), lang), lang);
    }

    String requestTypeName(String code, @Nullable String lang) {
        var r = db.selectFrom(REQUEST_TYPE).where(REQUEST_TYPE.CODE.eq(code)).fetchOne();
        if (r == null) {
            return code;
        }
        return lang != null && lang.toLowerCase().startsWith("ru") ? r.getNameRu() : r.getNameEn();
    }

    /** The reason in the language of the form (the public form shows it next to the field). */
    private static String t(boolean ru, String en, String russian) {
        return ru ? russian : en;
    }

    private List<Pricer.Ask> resolve(@Nullable List<PreviewInput.Service> services, List<FieldProblem> problems, boolean ru) {
        List<Pricer.Ask> asks = new ArrayList<>();
        if (services == null || services.isEmpty()) {
            problems.add(new FieldProblem("services", services, t(ru, "needs at least one service, e.g. [{\"serviceTypeCode\": \"meter-verification\", \"quantity\": 1}]", "выберите хотя бы одну услугу")));
            return asks;
        }
        if (services.size() > MAX_LINES) {
            problems.add(new FieldProblem("services", services.size() + " lines", t(ru, "at most " + MAX_LINES + " lines", "не больше " + MAX_LINES + " строк")));
            return asks;
        }
        for (int i = 0; i < services.size(); i++) {
            PreviewInput.Service s = services.get(i);
            String path = "services[" + i + "]";
            if (s == null) {
                problems.add(new FieldProblem(path, null, t(ru, "is empty; give serviceTypeId or serviceTypeCode and quantity", "пустая строка: укажите услугу и количество")));
                continue;
            }
            ServiceTypeRecord type = null;
            if (s.serviceTypeId() != null) {
                type = db.selectFrom(SERVICE_TYPE).where(SERVICE_TYPE.ID.eq(s.serviceTypeId())).fetchOne();
                if (type == null) {
                    problems.add(new FieldProblem(path + ".serviceTypeId", s.serviceTypeId(), t(ru, "names no service type", "такой услуги нет")));
                }
            } else if (s.serviceTypeCode() != null) {
                type = db.selectFrom(SERVICE_TYPE).where(SERVICE_TYPE.CODE.eq(s.serviceTypeCode())).fetchOne();
                if (type == null) {
                    problems.add(new FieldProblem(path + ".serviceTypeCode", s.serviceTypeCode(), t(ru, "names no service type", "такой услуги нет")));
                }
            } else {
                problems.add(new FieldProblem(path + ".serviceTypeCode", null, t(ru, "is required (or serviceTypeId)", "укажите услугу")));
            }
            if (type != null && !type.getActive()) {
                problems.add(new FieldProblem(path + ".serviceTypeCode", type.getCode(), t(ru, "is no longer offered", "эта услуга больше не оказывается")));
                type = null;
            }
            int quantity = s.quantity() == null ? 1 : s.quantity();
            if (quantity < 1 || quantity > 10_000) {
                problems.add(new FieldProblem(path + ".quantity", s.quantity(), t(ru, "must be between 1 and 10000", "количество от 1 до 10000")));
            } else if (type != null) {
                asks.add(new Pricer.Ask(type, quantity, false));
            }
        }
        return asks;
    }
}
