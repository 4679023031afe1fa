package org.fieldplan.api.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.stereotype.Component;

/** 401 as problem+json, with the Basic challenge so that command-line clients know what to send. */
@Component
final class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint {

    static final String REALM = "FieldPlan";

    private final ProblemResponses problems;

    ProblemAuthenticationEntryPoint(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        // a page's own script (fp.js marks its calls) gets the 401 without the Basic challenge: a browser would
        // otherwise open its password dialog over the page (the cabinet asks /api/cabinet to learn whether to sign in)
        if (!"XMLHttpRequest".equals(request.getHeader("X-Requested-With"))) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + REALM + "\"");
        }
        boolean triedCredentials = request.getHeader(HttpHeaders.AUTHORIZATION) != null;
        problems.write(request, response, HttpStatus.UNAUTHORIZED, "unauthenticated",
                request.getAttribute(SessionAccounts.ENDED) != null
                ? "Your session has ended: the account was disabled, or its roles or password changed. Sign in again."
                : triedCredentials
                ? "The user name or password is wrong, or the account is disabled. Check the credentials sent with HTTP Basic."
                : "Sign in first: " + request.getMethod() + " " + request.getRequestURI()
                  + " needs a user (HTTP Basic, or the form at /login for pages).");
    }
}
