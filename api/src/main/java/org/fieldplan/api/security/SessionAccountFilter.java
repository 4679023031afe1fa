package org.fieldplan.api.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends a session whose account was disabled or whose roles or password changed (see {@link SessionAccounts}), then lets
 * the request go on as an anonymous one: the authorization rules answer it, so an API call gets the 401 problem+json,
 * a staff page the redirect to {@code /login}, and a customer's cabinet page (open to anyone) its sign-in form. Runs in
 * the main chain just before the authorization filter, on requests that carry a session and no HTTP Basic header (Basic
 * reads the account on every call already). Not a bean, so that the servlet container does not run it a second time
 * outside the chain.
 */
final class SessionAccountFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(SessionAccountFilter.class);

    private final SessionAccounts accounts;

    SessionAccountFilter(SessionAccounts accounts) {
        this.accounts = accounts;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        if (session != null && request.getHeader(HttpHeaders.AUTHORIZATION) == null) {
            Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
            if (authentication != null && authentication.getPrincipal() instanceof FieldPlanUser user && !accounts.stillValid(user)) {
                log.info("session of user {} ({}) ended: the account was disabled or its roles or password changed",
                        user.id(), user.getUsername());
                try {
                    session.invalidate();
                } catch (IllegalStateException alreadyInvalid) {
                    // another request of the same session ended it first
                }
                SecurityContext anonymous = SecurityContextHolder.createEmptyContext();
                anonymous.setAuthentication(new AnonymousAuthenticationToken("session-ended", "anonymousUser",
                        AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS")));
                SecurityContextHolder.setContext(anonymous);
                request.setAttribute(SessionAccounts.ENDED, Boolean.TRUE);
            }
        }
        chain.doFilter(request, response);
    }
}
