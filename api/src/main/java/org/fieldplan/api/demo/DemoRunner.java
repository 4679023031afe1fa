package org.fieldplan.api.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import org.fieldplan.api.config.FieldPlanProperties;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * With {@code fieldplan.demo.load=true} ({@code ./fieldplan demo}): loads the Malta demo company once the server
 * is up, then prints where to look and how to sign in.
 */
@Component
@ConditionalOnBooleanProperty("fieldplan.demo.load")
class DemoRunner implements ApplicationRunner {

    private final MaltaDemoLoader loader;
    private final FieldPlanProperties properties;
    private final Environment environment;
    private final org.fieldplan.api.contract.ContractRequests contractRequests;

    DemoRunner(MaltaDemoLoader loader, FieldPlanProperties properties, Environment environment,
               org.fieldplan.api.contract.ContractRequests contractRequests) {
        this.contractRequests = contractRequests;
        this.loader = loader;
        this.properties = properties;
        this.environment = environment;
    }

    @Override
    public void run(ApplicationArguments args) {
        long started = System.nanoTime();
        DemoSummary summary = loader.load();
        // the demo contract's regular work of the next weeks (the contract timer would do it within the hour)
        int contractRequestsAdded = contractRequests.generate(null).created();
        long millis = (System.nanoTime() - started) / 1_000_000;
        String base = "http://localhost:" + environment.getProperty("local.server.port", "8080");
        Path extract = properties.dataPath().resolve("osm/malta-2018-08-27.osm.pbf");
        StringBuilder out = new StringBuilder();
        out.append("\n==================== FieldPlan demo: a field-service company on Malta ====================\n");
        out.append(String.format("  %d zones, %d technicians, %d schedule intervals, %d customers, %d service requests%n",
                summary.zones(), summary.technicians(), summary.scheduleIntervals(), summary.customers(), summary.serviceRequests()));
        out.append(String.format("  this start added %d customers, %d schedule intervals, %d requests (%d ms)%s%n",
                summary.customersAdded(), summary.intervalsAdded(), summary.requestsAdded(), millis,
                summary.requestsAdded() == 0 && summary.customersAdded() == 0 ? ": already loaded, nothing duplicated" : ""));
        out.append("  map extract for road travel times: ").append(Files.isRegularFile(extract) ? extract.toAbsolutePath().normalize()
                : "none (" + extract + " not found), so planning uses straight lines").append('\n');
        out.append("  requests: most new, some quoted, agreed, scheduled with a technician, accepted or cancelled\n");
        out.append(String.format("  contract DEMO-C-001 (GET /api/contracts): %d requests of its regular work added now; agents: GET /api/agents%n",
                contractRequestsAdded));
        out.append("\n  API explorer (OpenAPI UI):  ").append(base).append("/swagger-ui.html\n");
        out.append("  OpenAPI description:        ").append(base).append("/v3/api-docs\n");
        out.append("  zones as GeoJSON:           ").append(base).append("/api/zones/geojson\n");
        out.append("  service requests:           ").append(base).append("/api/requests\n");
        out.append("  who am I:                   ").append(base).append("/api/me\n");
        out.append("\n  logins (HTTP Basic, or the form at ").append(base).append("/login), password '")
                .append(properties.demo().password()).append("':\n");
        for (DemoSummary.Login login : summary.logins()) {
            out.append(String.format("    %-20s %-14s %s%n", login.username(), login.role(), login.who()));
        }
        out.append("\n  e.g.  curl -u dispatcher-central:").append(properties.demo().password()).append(' ')
                .append(base).append("/api/requests\n");
        out.append("  Ctrl-C stops the service; the data stays in the database (./fieldplan db).\n");
        out.append("==========================================================================================\n");
        System.out.println(out);
    }
}
