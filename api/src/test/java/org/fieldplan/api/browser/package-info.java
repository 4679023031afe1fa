/**
 * Headless Chromium for page tests: {@link org.fieldplan.api.browser.Browser} drives the run's one shared Chromium
 * ({@link org.fieldplan.api.browser.SharedChrome}) through Selenium WebDriver and Debian's chromedriver (both installed
 * by {@code api/scripts/chromium.sh}, run from {@code ./fieldplan test}), against the service an integration test
 * started. Screenshots go to {@code target/screenshots/}.
 */
@NullMarked
package org.fieldplan.api.browser;

import org.jspecify.annotations.NullMarked;
