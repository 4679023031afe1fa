package org.fieldplan.api.notification;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;

/** Reads the parts of a received e-mail in tests: the plain text, the HTML, an attachment of a content type. */
final class MailParts {

    private MailParts() {
    }

    static String text(Part message) throws Exception {
        return part(message, "text/plain");
    }

    static String html(Part message) throws Exception {
        return part(message, "text/html");
    }

    /** The first part of that content type (text/plain, text/html, text/calendar), or "" when there is none. */
    static String part(Part p, String type) throws Exception {
        if (p.isMimeType(type)) {
            Object content = p.getContent();
            if (content instanceof String s) {
                return s;
            }
            try (InputStream in = p.getInputStream(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
                in.transferTo(out);
                return out.toString(StandardCharsets.UTF_8);
            }
        }
        if (p.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) p.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart bp = mp.getBodyPart(i);
                String found = part(bp, type);
                if (!found.isEmpty()) {
                    return found;
                }
            }
        }
        return "";
    }

    /** The content type header of the first part of that type (to read its method=...). */
    static String contentType(Part p, String type) throws Exception {
        if (p.isMimeType(type)) {
            return p.getContentType();
        }
        if (p.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) p.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                String found = contentType(mp.getBodyPart(i), type);
                if (!found.isEmpty()) {
                    return found;
                }
            }
        }
        return "";
    }
}
