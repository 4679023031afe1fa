package org.fieldplan.api.notification;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import java.util.Arrays;
import java.util.List;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/** Reads the parts of a received e-mail in tests: the plain text, the HTML, an attachment of a content type. */
public final class MailParts {

    private MailParts() {
    }

    /** The messages the server has received so far whose first To address is {@code recipient}, oldest first. */
    public static List<MimeMessage> to(GreenMail mail, String recipient) {
        return Arrays.stream(mail.getReceivedMessages()).filter(m -> {
            try {
                return m.getRecipients(Message.RecipientType.TO) != null
                        && ((InternetAddress) m.getRecipients(Message.RecipientType.TO)[0]).getAddress().equalsIgnoreCase(recipient);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    public static String text(Part message) throws Exception {
        return part(message, "text/plain");
    }

    public static String html(Part message) throws Exception {
        return part(message, "text/html");
    }

    /** The first part of that content type (text/plain, text/html, text/calendar), or "" when there is none. */
    public static String part(Part p, String type) throws Exception {
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
    public static String contentType(Part p, String type) throws Exception {
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
