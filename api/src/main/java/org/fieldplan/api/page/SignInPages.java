package org.fieldplan.api.page;

import java.util.Locale;

import io.swagger.v3.oas.annotations.Hidden;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.Role;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The sign-in form at {@code /login} in the pages' look and language (Spring Security still checks the POST and the
 * CSRF token), and {@code /}, which sends a signed-in person to their start page: the desk for staff, the day for
 * technicians, the booking form for customers.
 */
@Controller
@Hidden
class SignInPages {

    @GetMapping("/login")
    String login(Locale locale, Model model) {
        model.addAttribute("lang", PageSettings.supported(locale).getLanguage());
        return "login";
    }

    @GetMapping("/")
    String home() {
        CurrentUser user = CurrentUser.fromContext();
        if (user.is(Role.ADMINISTRATOR) || user.is(Role.DISPATCHER)) {
            return "redirect:/desk";
        }
        return user.is(Role.TECHNICIAN) ? "redirect:/field" : "redirect:/book";
    }
}
