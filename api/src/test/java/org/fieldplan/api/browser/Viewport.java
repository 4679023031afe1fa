package org.fieldplan.api.browser;

/** A window size to test a page at; {@code mobile} turns on touch and the mobile viewport rules. */
public record Viewport(String name, int width, int height, double scale, boolean mobile) {

    /** A current phone, portrait (390 x 844 CSS pixels). */
    public static final Viewport PHONE = new Viewport("phone", 390, 844, 2, true);
    /** A tablet, portrait. */
    public static final Viewport TABLET = new Viewport("tablet", 820, 1180, 2, true);
    /** An office screen. */
    public static final Viewport DESKTOP = new Viewport("desktop", 1280, 800, 1, false);

    public Viewport {
        if (width < 200 || height < 200 || width > 4000 || height > 4000) {
            throw new IllegalArgumentException("viewport " + name + ": " + width + "x" + height
                    + " is not a window size; use 200..4000 CSS pixels each way");
        }
    }
}
