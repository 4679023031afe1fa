package org.fieldplan.api.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.stereotype.Component;

/** 403 as problem+json, naming the caller's role and what they tried. */
@Component
final class ProblemAccessDeniedHandler implements AccessDeniedHandler {

    private final ProblemResponses problems;

    ProblemAccessDeniedHandler(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        String who = auth != null && auth.getPrincipal() instanceof FieldPlanUser user
                ? "User '" + user.getUsername() + "' (" + user.role().code() + ")"
                : "This user";
        if (denied instanceof CsrfException) {
            problems.write(request, response, HttpStatus.FORBIDDEN, "csrf",
                    "The CSRF token of this signed-in session is missing or wrong. Send the value of the XSRF-TOKEN cookie"
                            + " in the X-XSRF-TOKEN header, or call the API with HTTP Basic instead of the session.");
            return;
        }
        problems.write(request, response, HttpStatus.FORBIDDEN, "forbidden",
                who + " may not " + request.getMethod() + " " + request.getRequestURI() + ".");
    }
}
