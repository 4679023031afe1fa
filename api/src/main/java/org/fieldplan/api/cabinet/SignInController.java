package org.fieldplan.api.cabinet;

import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.fieldplan.api.limits.ClientAddress;
import org.fieldplan.api.security.CallableBy;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The customers' sign-in without a password: ask for a code (sent to the e-mail or phone of the customer record),
 * then sign in with the code or the link's token. Success opens a session (the cookie) exactly like the sign-in form;
 * changes then send the CSRF token (cookie {@code XSRF-TOKEN}, header {@code X-XSRF-TOKEN}).
 */
@RestController
@RequestMapping("/api/public/sign-in")
class SignInController {

    record CodeRequest(@Nullable String contact, @Nullable String lang) {}

    record CodeCheck(@Nullable String contact, @Nullable String code, @Nullable String token) {}

    record SignedInView(String username, long customerId, String customerName, String language) {}

    private final CustomerSignIn signIn;
    private final ClientAddress clients;
    private final UserDetailsService users;
    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

    SignInController(CustomerSignIn signIn, ClientAddress clients, UserDetailsService users) {
        this.signIn = signIn;
        this.clients = clients;
        this.users = users;
    }

    @Operation(summary = "Send a one-time sign-in code and link to a customer's e-mail or phone",
            description = "Answers 202 whether or not the contact belongs to a customer (nobody can probe who is one). "
                    + "The code and the link work once, for 15 minutes by default. Rate-limited per contact and per client "
                    + "address (429 with Retry-After).")
    @CallableBy(anonymous = true, scope = "Anyone: the code goes only to the contact stored on the customer record.")
    @PostMapping("/code")
    ResponseEntity<Map<String, Object>> code(@RequestBody CodeRequest body, HttpServletRequest request) {
        signIn.sendCode(body.contact(), body.lang(), clients.of(request));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("sent", true,
                "message", "If this contact belongs to a customer, a code and a link are on their way."));
    }

    @Operation(summary = "Sign in with the code (contact + code) or the link's token; opens a session")
    @CallableBy(anonymous = true, scope = "Anyone holding a valid code or link: signs in as that customer's contact person.")
    @PostMapping("/verify")
    ResponseEntity<SignedInView> verify(@RequestBody CodeCheck body, HttpServletRequest request, HttpServletResponse response) {
        String client = clients.of(request);
        CustomerSignIn.SignedIn in = body.token() != null && !body.token().isBlank()
                ? signIn.verifyLink(body.token(), client)
                : signIn.verifyCode(body.contact(), body.code(), client);
        UserDetails user = users.loadUserByUsername(in.username());
        if (request.getSession(false) != null) {
            request.changeSessionId(); // no session fixation: a session from before the sign-in gets a new id
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()));
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        return ResponseEntity.ok(new SignedInView(in.username(), in.customerId(), in.customerName(), in.language()));
    }
}
