package org.fieldplan.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole service on a random port against the real PostGIS of {@code ./fieldplan db} (database
 * {@code fieldplan_test}), emptied and migrated once per test JVM. Talk to it with {@link TestHttp}, signed in
 * with a user from {@link Fixtures}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("it")
@Import({TestDatabase.class, TestHttp.class, Fixtures.class})
public @interface ApiIntegrationTest {}
