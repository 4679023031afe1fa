package org.fieldplan.api.notification;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.Set;

import org.springframework.stereotype.Component;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.messageresolver.IMessageResolver;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * The notification templates: {@code templates/mail/<event>.html} (the HTML part), {@code <event>.txt} (the plain
 * text part) and the texts of {@code templates/mail/messages[_ru].properties} (subjects, sentences, the short SMS and
 * Telegram texts), in English or Russian. A Thymeleaf engine of its own, so it never meets the web pages' view
 * resolver: mail templates are not pages and pages are not mail.
 */
@Component
public class MailTemplates {

    static final String BUNDLE = "templates/mail/messages";
    public static final Locale RUSSIAN = Locale.forLanguageTag("ru");

    /** One message rendered: its subject, plain text, HTML, and the short text for SMS and Telegram. */
    public record Rendered(String subject, String text, String html) {
    }

    private final TemplateEngine engine = new TemplateEngine();

    public MailTemplates() {
        ClassLoaderTemplateResolver html = new ClassLoaderTemplateResolver();
        html.setPrefix("templates/mail/");
        html.setResolvablePatterns(Set.of("*.html"));
        html.setTemplateMode(TemplateMode.HTML);
        html.setCharacterEncoding("UTF-8");
        html.setCheckExistence(true);
        html.setOrder(1);
        ClassLoaderTemplateResolver text = new ClassLoaderTemplateResolver();
        text.setPrefix("templates/mail/");
        text.setResolvablePatterns(Set.of("*.txt"));
        text.setTemplateMode(TemplateMode.TEXT);
        text.setCharacterEncoding("UTF-8");
        text.setCheckExistence(true);
        text.setOrder(2);
        engine.addTemplateResolver(html);
        engine.addTemplateResolver(text);
        engine.setMessageResolver(new BundleMessages());
    }

    /** The language a customer reads: {@code ru} or English. */
    public static Locale locale(String language) {
        return "ru".equals(language) ? RUSSIAN : Locale.ENGLISH;
    }

    /** Renders {@code <template>.html} and {@code .txt} with the subject of message {@code subjectKey}. */
    public Rendered render(String template, Locale locale, String subjectKey, Object[] subjectArgs, Map<String, Object> model) {
        Context context = new Context(locale, model);
        String text = engine.process(template + ".txt", context).strip();
        String html = engine.process(template + ".html", context);
        return new Rendered(message(locale, subjectKey, subjectArgs), text, html);
    }

    /** One text of the bundle in the locale, its {0}, {1}... filled in. */
    public String message(Locale locale, String key, Object... args) {
        ResourceBundle bundle = ResourceBundle.getBundle(BUNDLE, locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            throw new IllegalStateException("templates/mail/messages has no text '" + key + "' for " + locale, e);
        }
        return args.length == 0 ? pattern.replace("''", "'") : new MessageFormat(pattern, locale).format(args);
    }

    /** Thymeleaf's {@code #{key(args)}} from the same bundle. */
    private final class BundleMessages implements IMessageResolver {
        @Override
        public String getName() {
            return "fieldplan-mail";
        }

        @Override
        public Integer getOrder() {
            return 1;
        }

        @Override
        public String resolveMessage(ITemplateContext context, Class<?> origin, String key, Object[] parameters) {
            return message(context.getLocale(), key, parameters == null ? new Object[0] : parameters);
        }

        @Override
        public String createAbsentMessageRepresentation(ITemplateContext context, Class<?> origin, String key, Object[] parameters) {
            return "??" + key + "??";
        }
    }
}
