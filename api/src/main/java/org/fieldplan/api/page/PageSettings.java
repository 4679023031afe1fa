package org.fieldplan.api.page;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;

/**
 * The pages' language: English or Russian. {@code ?lang=ru} on a page switches and is remembered in the cookie
 * {@value #COOKIE}; without one the browser's Accept-Language decides; anything else is English.
 * The API is not affected: it reads its own {@code lang} parameter where it has texts.
 */
@Configuration
class PageSettings implements WebMvcConfigurer {

    static final String COOKIE = "fieldplan-lang";
    static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.forLanguageTag("ru"));
    /** The page paths whose {@code ?lang=} switches the language (the public API has its own {@code lang}). */
    static final String[] PAGES = {"/desk", "/desk/**", "/board", "/board/", "/field", "/field/", "/setup", "/reports", "/login",
            "/book", "/book/", "/book/embed", "/cabinet", "/cabinet/**"};

    @Bean
    LocaleResolver localeResolver() {
        CookieLocaleResolver resolver = new CookieLocaleResolver(COOKIE);
        resolver.setCookieMaxAge(Duration.ofDays(365));
        resolver.setCookieSameSite("Lax");
        resolver.setDefaultLocaleFunction(request -> supported(request.getLocale()));
        return resolver;
    }

    /** English or Russian: the language of this locale if it is one of them, else English. */
    static Locale supported(Locale locale) {
        return SUPPORTED.stream().filter(l -> l.getLanguage().equals(locale.getLanguage())).findFirst().orElse(Locale.ENGLISH);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleResolver resolver = localeResolver();
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                String lang = request.getParameter("lang");
                if (lang != null && SUPPORTED.stream().anyMatch(l -> l.getLanguage().equals(lang))) {
                    resolver.setLocale(request, response, Locale.forLanguageTag(lang));
                }
                return true;
            }
        }).addPathPatterns(PAGES);
    }
}
