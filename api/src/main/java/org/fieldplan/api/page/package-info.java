/**
 * The one foundation of the staff and technician pages: server-rendered Thymeleaf templates
 * ({@code templates/layout.html} for the shared head, navigation, signed-in user, language switch) with a small
 * script per page ({@code static/assets/fp.js} for calls with the CSRF token, texts, locale formats and problem+json
 * errors next to their fields). Texts live in {@code messages.properties} / {@code messages_ru.properties}; the
 * language comes from {@code ?lang=en|ru} (remembered in a cookie) or the browser's Accept-Language. Page routes are
 * not API operations: they are hidden from the OpenAPI description and guarded by URL rules in {@code SecurityConfig}.
 */
@NullMarked
package org.fieldplan.api.page;

import org.jspecify.annotations.NullMarked;
