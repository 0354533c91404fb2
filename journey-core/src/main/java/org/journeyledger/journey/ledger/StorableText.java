package org.journeyledger.journey.ledger;

/**
 * What text the ledger can store and read back unchanged: PostgreSQL's text and JSONB hold no NUL character, and a
 * lone UTF-16 surrogate has no UTF-8 encoding (the driver writes it as '?', so two different values would become one).
 */
public final class StorableText {

    private StorableText() {
    }

    /** Whether the text holds a NUL character or a surrogate that is not half of a pair. */
    public static boolean isStorable(String text) {
        // One pass: the read models' writer asks this of every string it writes.
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return false;
            }
            if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 == text.length()
                        || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            }
        }
        return true;
    }

    /**
     * The text with each NUL and each unpaired surrogate replaced by U+FFFD, the replacement character; the text itself
     * when it has neither.
     */
    public static String storable(String text) {
        if (isStorable(text)) {
            return text;
        }
        StringBuilder storable = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                storable.append(c).append(text.charAt(++i));
            } else {
                storable.append(c == '\u0000' || Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return storable.toString();
    }

    /** Whether the text holds a surrogate that is not half of a pair. */
    public static boolean hasUnpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
