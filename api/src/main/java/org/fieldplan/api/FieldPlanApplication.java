package org.fieldplan.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The FieldPlan service: REST API over PostgreSQL/PostGIS. Run it through {@code ./fieldplan demo}. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class FieldPlanApplication {

    public static void main(String[] args) {
        // before any virtual thread exists: two carriers per core (issue 18, benchmarks/results/windows.md)
        org.fieldplan.api.ops.VirtualThreadCarriers.configure();
        SpringApplication.run(FieldPlanApplication.class, args);
    }
}
