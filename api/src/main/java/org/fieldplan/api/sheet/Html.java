package org.fieldplan.api.sheet;

/** XML/HTML text escaping for the XHTML the PDF renderer reads (route sheets, a request's documents). */
public final class Html {

    private Html() {}

    /** {@code text} safe inside XHTML text and attributes; control characters the XML cannot hold are dropped. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\t') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
