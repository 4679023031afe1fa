/**
 * Headless Chromium for page tests: {@link org.fieldplan.api.browser.Browser} starts Debian's chromium (installed by
 * {@code api/scripts/chromium.sh}, run from {@code ./fieldplan test}) and drives it over Chrome's DevTools protocol
 * ({@link org.fieldplan.api.browser.DevTools}, a WebSocket from the JDK), against the service an integration test
 * started. Screenshots go to {@code target/screenshots/}.
 */
@NullMarked
package org.fieldplan.api.browser;

import org.jspecify.annotations.NullMarked;
