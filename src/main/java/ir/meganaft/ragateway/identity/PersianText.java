package ir.meganaft.ragateway.identity;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Normalizes Persian text and digits before they are stored or compared (docs/domain.md):
 * Persian and Arabic-Indic digits become ASCII, Arabic yeh and kaf become Persian, and runs of
 * white space (including ZWNJ's neighbours) become one space. NFKC alone does not do this.
 */
public final class PersianText {
    private PersianText() {}

    /** Maps U+06F0-06F9 and U+0660-0669 to ASCII digits; leaves every other character alone. */
    public static String asciiDigits(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '\u06F0' && c <= '\u06F9') {
                out.append((char) ('0' + (c - '\u06F0')));
            } else if (c >= '\u0660' && c <= '\u0669') {
                out.append((char) ('0' + (c - '\u0660')));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Persian letters for Arabic yeh/alef maksura/kaf, ASCII digits, single spaces, trimmed. */
    public static String normalize(String text) {
        if (text == null) {
            return null;
        }
        String s = Normalizer.normalize(text, Normalizer.Form.NFC)
                .replace('\u064A', '\u06CC')
                .replace('\u0649', '\u06CC')
                .replace('\u0643', '\u06A9');
        return asciiDigits(s).replaceAll("\\s+", " ").trim();
    }

    /** A form for comparing names: normalized, and Latin letters folded to lower case. */
    public static String comparable(String text) {
        String s = normalize(text);
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
