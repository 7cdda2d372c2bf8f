package ir.meganaft.ragateway.errors;

/**
 * What the gateway quotes of a caller's input, in a fault or a log line: at most
 * {@link #MAX_EXCERPT} characters, with control characters (C0, DEL, C1), bidi controls and
 * unpaired surrogates written as {@code \\uXXXX}, so that the quote cannot break the answer's XML,
 * forge a log line or reorder what an operator reads.
 */
public final class LogSafe {
    public static final int MAX_EXCERPT = 64;

    private LogSafe() {}

    /** A short, escaped excerpt of a caller's value. */
    public static String excerpt(Object value) {
        return bounded(String.valueOf(value), MAX_EXCERPT);
    }

    /** The text escaped and cut at {@code max} characters, with an ellipsis and the full length when cut. */
    public static String bounded(String text, int max) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 16);
        int shown = 0;
        int i = 0;
        for (; i < text.length() && shown < max; i++, shown++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (unsafe(c)) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        if (i < text.length()) {
            out.append("...(").append(text.length()).append(" chars)");
        }
        return out.toString();
    }

    private static boolean unsafe(char c) {
        return c < 0x20
                || (c >= 0x7F && c <= 0x9F)
                || (c >= 0x202A && c <= 0x202E)
                || (c >= 0x2066 && c <= 0x2069)
                || c == 0x200E
                || c == 0x200F
                || c == 0x061C
                || c == 0x2028
                || c == 0x2029
                || Character.isSurrogate(c)
                || c == 0xFFFE
                || c == 0xFFFF;
    }
}
