package org.fieldplan.api.limits;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sign-in guard at the door: a request that tries to sign in (HTTP Basic credentials, or the login form's post)
 * while its account or its address must wait or is locked is answered 429 before any password is checked. The
 * outcome of the attempts that do go ahead comes back from Spring Security's authentication events.
 */
@Component
@Order(-103)
class LoginGuardFilter extends OncePerRequestFilter {

    private static final ThreadLocal<String> CLIENT = new ThreadLocal<>();

    private final LoginGuard guard;
    private final ClientAddress clients;
    private final JsonMapper json;

    LoginGuardFilter(LoginGuard guard, ClientAddress clients, JsonMapper json) {
        this.guard = guard;
        this.clients = clients;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String client = clients.of(request);
        String username = attemptedUsername(request);
        if (username != null) {
            LoginGuard.Refusal refusal = guard.check(username, client);
            if (refusal != null) {
                refuse(request, response, username, refusal);
                return;
            }
        }
        CLIENT.set(client);
        try {
            chain.doFilter(request, response);
        } finally {
            CLIENT.remove();
        }
    }

    /** The user name a request tries to sign in with, or null if it carries no credentials. */
    static @Nullable String attemptedUsername(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String pair = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                return colon < 0 ? pair : pair.substring(0, colon);
            } catch (IllegalArgumentException e) {
                return null; // not Base64: Spring Security answers 401 itself
            }
        }
        if ("POST".equals(request.getMethod()) && "/login".equals(request.getRequestURI())) {
            try {
                String name = request.getParameter("username");
                return name == null ? "" : name;
            } catch (IllegalStateException e) {
                return ""; // undecodable form: counts against the address like any other attempt
            }
        }
        return null;
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, String username,
            LoginGuard.Refusal refusal) throws IOException {
        boolean ru = TooManyRequests.russian(request);
        long s = refusal.retryAfterSeconds();
        String detail;
        if (refusal.byAddress()) {
            detail = ru ? "Слишком много неудачных попыток входа с вашего адреса: вход с него заблокирован на " + s + " с."
                    : "Too many failed sign-ins from your address: signing in from it is locked for " + s + " s.";
        } else if (refusal.locked()) {
            detail = ru ? "Слишком много неудачных попыток входа для «" + username + "»: учётная запись заблокирована на "
                    + s + " с. Администратор может сбросить пароль раньше."
                    : "Too many failed sign-ins for '" + username + "': the account is locked for " + s
                    + " s. An administrator can reset the password sooner.";
        } else {
            detail = ru ? "После неудачных попыток входа для «" + username + "» следующая возможна через " + s + " с."
                    : "After failed sign-ins for '" + username + "' the next attempt is possible in " + s + " s.";
        }
        TooManyRequests.write(json, request, response, refusal.locked() ? "login-locked" : "login-slowed",
                refusal.locked() ? "Sign-in locked" : "Sign-in slowed down", detail, s,
                Map.of("scope", refusal.byAddress() ? "address" : "account"));
    }

    @EventListener
    void failed(AuthenticationFailureBadCredentialsEvent event) {
        String client = CLIENT.get();
        guard.failed(event.getAuthentication().getName(), client == null ? "unknown" : client);
    }

    @EventListener
    void succeeded(AuthenticationSuccessEvent event) {
        guard.succeeded(event.getAuthentication().getName());
    }
}
