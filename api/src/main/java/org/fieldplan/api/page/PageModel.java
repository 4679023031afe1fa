package org.fieldplan.api.page;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.fieldplan.api.config.FieldPlanProperties;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.Role;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What every page on the shared layout knows: who is signed in (name, role), the language, the company's time zone
 * and today's date, and the texts its scripts show (the bundle's {@code js.*} keys, without the prefix). Only for {@link PageController}s.
 */
@ControllerAdvice(annotations = PageController.class)
class PageModel {

    /** The signed-in user as the layout shows it; {@code staff} decides the navigation. */
    record Me(String username, String role, boolean staff, boolean technician) {}

    private static final String JS_PREFIX = "js.";
    private final Map<Locale, Map<String, String>> jsTexts = new ConcurrentHashMap<>();
    private final FieldPlanProperties properties;
    private final Clock clock;

    PageModel(FieldPlanProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    /** The company's time zone: pages show times in it (windows, deadlines), whatever the browser's zone. */
    @ModelAttribute("timeZone")
    String timeZone() {
        return properties.timeZone().getId();
    }

    /** Today in the company's time zone by the service's clock (the browser's clock may differ). */
    @ModelAttribute("today")
    LocalDate today() {
        return LocalDate.now(clock.withZone(properties.timeZone()));
    }

    /** The signed-in user; null on the public pages (booking form, cabinet before sign-in) for an anonymous visitor. */
    @ModelAttribute("me")
    @org.jspecify.annotations.Nullable Me me() {
        var auth = org.springframework.security.core.context.SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !(auth.getPrincipal() instanceof org.fieldplan.api.security.FieldPlanUser)) {
            return null;
        }
        CurrentUser user = CurrentUser.fromContext();
        return new Me(user.username(), user.role().code(), user.is(Role.ADMINISTRATOR) || user.is(Role.DISPATCHER),
                user.is(Role.TECHNICIAN));
    }

    @ModelAttribute("lang")
    String lang(Locale locale) {
        return PageSettings.supported(locale).getLanguage();
    }

    @ModelAttribute("jsTexts")
    Map<String, String> jsTexts(Locale locale) {
        return jsTexts.computeIfAbsent(PageSettings.supported(locale), PageModel::load);
    }

    private static Map<String, String> load(Locale locale) {
        Map<String, String> texts = new TreeMap<>();
        try {
            ResourceBundle bundle = ResourceBundle.getBundle("messages", locale,
                    ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
            for (String key : bundle.keySet()) {
                if (key.startsWith(JS_PREFIX)) {
                    texts.put(key.substring(JS_PREFIX.length()), bundle.getString(key));
                }
            }
        } catch (MissingResourceException e) {
            throw new IllegalStateException("the page texts (messages*.properties) for " + locale + " are missing", e);
        }
        return texts;
    }
}
