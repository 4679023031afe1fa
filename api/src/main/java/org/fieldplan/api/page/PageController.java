package org.fieldplan.api.page;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.stereotype.Controller;

/**
 * A controller that renders pages on the shared layout: {@link PageModel} gives its templates the signed-in user,
 * the language and the texts for scripts. Hidden from the OpenAPI description (pages are not API operations).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Controller
@Hidden
public @interface PageController {
}
