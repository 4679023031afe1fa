package org.fieldplan.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The FieldPlan service: REST API over PostgreSQL/PostGIS. Run it through {@code ./fieldplan demo}. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class FieldPlanApplication {

    public static void main(String[] args) {
        SpringApplication.run(FieldPlanApplication.class, args);
    }
}
