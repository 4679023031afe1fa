package org.fieldplan.api.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.module.SimpleModule;

/**
 * Text in JSON bodies must be well-formed Unicode: a lone UTF-16 surrogate ({@code "\ud800"}) is not a character,
 * cannot be stored as UTF-8 faithfully and breaks the PDF of a route sheet later, so it is refused at the door with a
 * 400 naming the field.
 */
@Configuration(proxyBeanMethods = false)
public class WellFormedText {

    /** Whether {@code s} contains a high surrogate not followed by a low one, or a low one on its own. */
    public static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return true;
                }
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    @Bean
    public SimpleModule wellFormedTextModule() {
        SimpleModule module = new SimpleModule("fieldplan-well-formed-text");
        module.addDeserializer(String.class, new ValueDeserializer<String>() {
            @Override
            public String deserialize(JsonParser p, DeserializationContext ctxt) {
                if (p.currentToken() == JsonToken.START_OBJECT || p.currentToken() == JsonToken.START_ARRAY) {
                    return (String) ctxt.handleUnexpectedToken(String.class, p);
                }
                String text = p.getValueAsString();
                if (text == null) {
                    return (String) ctxt.handleUnexpectedToken(String.class, p);
                }
                if (hasLoneSurrogate(text)) {
                    throw InvalidFormatException.from(p, "contains a lone UTF-16 surrogate", text.replaceAll("[\\uD800-\\uDFFF]", "\uFFFD"), String.class);
                }
                return text;
            }
        });
        return module;
    }
}
