package org.fieldplan.api.demo;

import static org.fieldplan.api.persistence.jooq.Tables.AGENT;
import static org.fieldplan.api.persistence.jooq.Tables.CONTRACT;
import static org.fieldplan.api.persistence.jooq.Tables.CUSTOMER;
import static org.fieldplan.api.persistence.jooq.Tables.CUSTOMER_ADDRESS;
import static org.fieldplan.api.persistence.jooq.Tables.EXTRA_SERVICE;
import static org.fieldplan.api.persistence.jooq.Tables.PRICE_MODIFIER;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_TYPE;
import static org.fieldplan.api.persistence.jooq.Tables.ZONE;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.fieldplan.api.agent.Agents;
import org.fieldplan.api.contract.ContractInput;
import org.fieldplan.api.contract.Contracts;
import org.fieldplan.api.price.ModifierInput;
import org.fieldplan.api.price.PriceCatalogue;
import org.fieldplan.api.price.PriceModifiers;
import org.fieldplan.api.security.CurrentUser;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

/**
 * The commercial side of the demo company, through the features' own services: a discount in the Sliema zone, an
 * extra service for the customers of a management company, a grounds-cleaning contract of the first demo customer
 * (its requests are created by the contract timer once the demo runs, not by the loader), and an agent chain of three
 * with the commission scheme, naming the field agent on the first Sliema requests. Each step looks first: loading
 * twice adds nothing.
 */
@Component
class CommerceDemo {

    static final String DISCOUNT = "Sliema loyalty discount";
    static final String MANAGEMENT_COMPANY = "Harbour Homes Management";
    static final String CONTRACT_NUMBER = "DEMO-C-001";
    static final String[][] AGENTS = {{"agent-lead", "Lara Lead (agency owner)"}, {"agent-team", "Tom Team (team lead)"},
            {"agent-field", "Fiona Field (field agent)"}};

    private final DSLContext db;
    private final PriceModifiers modifiers;
    private final PriceCatalogue catalogue;
    private final Contracts contracts;
    private final Agents agents;
    private final Clock clock;

    CommerceDemo(DSLContext db, PriceModifiers modifiers, PriceCatalogue catalogue, Contracts contracts, Agents agents, Clock clock) {
        this.db = db;
        this.modifiers = modifiers;
        this.catalogue = catalogue;
        this.contracts = contracts;
        this.agents = agents;
        this.clock = clock;
    }

    void load(String customerEmailDomain) {
        Long sliema = db.select(ZONE.ID).from(ZONE).where(ZONE.NAME.likeIgnoreCase("%sliema%")).orderBy(ZONE.ID).limit(1).fetchOne(ZONE.ID);
        if (sliema != null && !db.fetchExists(PRICE_MODIFIER, PRICE_MODIFIER.NAME.eq(DISCOUNT))) {
            modifiers.create(new ModifierInput(DISCOUNT, "discount", "percent", BigDecimal.TEN, sliema, null, null, null, null, true));
        }
        Long verification = serviceType("meter-verification");
        Long cleaning = serviceType("cleaning");
        Long installation = serviceType("meter-installation");
        if (verification != null && !db.fetchExists(EXTRA_SERVICE, EXTRA_SERVICE.MANAGEMENT_COMPANY.eq(MANAGEMENT_COMPANY))) {
            catalogue.addExtra(new PriceCatalogue.ExtraServiceInput(verification, null, MANAGEMENT_COMPANY, 1));
        }
        // the contract: weekly cleaning of the common areas on Mondays, monthly meter checks from April to October
        var customer = db.select(CUSTOMER.ID).from(CUSTOMER).where(CUSTOMER.EMAIL.endsWith(customerEmailDomain))
                .orderBy(CUSTOMER.ID).limit(1).fetchOne(CUSTOMER.ID);
        Long address = customer == null ? null : db.select(CUSTOMER_ADDRESS.ID).from(CUSTOMER_ADDRESS)
                .where(CUSTOMER_ADDRESS.CUSTOMER_ID.eq(customer)).orderBy(CUSTOMER_ADDRESS.ID).limit(1).fetchOne(CUSTOMER_ADDRESS.ID);
        if (customer != null && address != null && cleaning != null && verification != null
                && !db.fetchExists(CONTRACT, CONTRACT.NUMBER.eq(CONTRACT_NUMBER))) {
            contracts.create(new ContractInput(customer, CONTRACT_NUMBER, "Common areas: weekly cleaning, meter checks in season",
                    LocalDate.now(clock).withDayOfMonth(1), null, List.of(
                    new ContractInput.Line(cleaning, null, 1, new BigDecimal("48.00"), address, null, "weekly", 1, 1, null, null,
                            null, 3, "Stairs, entrance and courtyard."),
                    new ContractInput.Line(verification, null, 4, new BigDecimal("20.00"), address, null, "monthly", null, null, 15,
                            null, new ContractInput.SeasonInput("04-01", "10-31"), 3, null))));
        }
        // the agent chain and the scheme: meter work counts toward commission
        Long parent = null;
        for (String[] a : AGENTS) {
            Long id = db.select(AGENT.ID).from(AGENT).where(AGENT.CODE.eq(a[0])).fetchOne(AGENT.ID);
            if (id == null) {
                id = agents.create(new Agents.AgentInput(a[1], a[0], parent, a[0] + customerEmailDomain)).id();
                if (a[0].equals("agent-field") && verification != null && installation != null) {
                    agents.setScheme(new Agents.SchemeInput(null, List.of(verification, installation)));
                    if (sliema != null) {
                        CurrentUser loader = CurrentUser.system("demo loader");
                        for (Long request : db.select(SERVICE_REQUEST.ID).from(SERVICE_REQUEST).where(SERVICE_REQUEST.ZONE_ID.eq(sliema))
                                .orderBy(SERVICE_REQUEST.ID).limit(10).fetch(SERVICE_REQUEST.ID)) {
                            agents.assign(request, new Agents.AssignInput(id, null), loader);
                        }
                    }
                }
            }
            parent = id;
        }
    }

    private Long serviceType(String code) {
        return db.select(SERVICE_TYPE.ID).from(SERVICE_TYPE).where(SERVICE_TYPE.CODE.eq(code)).fetchOne(SERVICE_TYPE.ID);
    }
}
