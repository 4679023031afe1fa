package org.fieldplan.api.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Who may call an endpoint, for the OpenAPI description ({@link OpenApiDescription} turns it into the operation's
 * {@code security}, a "Who may call it" line and the {@code x-fieldplan-access} extension). On a controller class it
 * holds for every method without its own. {@link SecurityConfig} enforces the roles and {@link ZoneScope} the rows;
 * {@code AuthorizationMatrixIT} checks that all three agree.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface CallableBy {

    /** The roles that may call it; empty together with {@link #anonymous()}: anyone. */
    Role[] value() default {};

    /** No sign-in needed (the public booking API). */
    boolean anonymous() default false;

    /**
     * Called with a partner company's API key ({@code X-Api-Key}), not a user's sign-in (the partner API; the
     * controller checks the key).
     */
    boolean partnerKey() default false;

    /** What the caller then sees or touches, in words, e.g. "dispatchers: requests of their zones". */
    String scope() default "";
}
