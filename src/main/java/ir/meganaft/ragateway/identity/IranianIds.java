package ir.meganaft.ragateway.identity;

/**
 * Iranian identifiers, checked exactly as docs/domain.md gives them. Every method takes the
 * text as sent (Persian or Arabic-Indic digits allowed) and works on ASCII digits; identifiers are
 * kept as strings because a leading zero is significant.
 */
public final class IranianIds {
    private static final int[] LEGAL_ID_WEIGHTS = {29, 27, 23, 19, 17};

    private IranianIds() {}

    /** کد ملی: 10 digits, not one repeated digit, digits 4-9 not all zero, check digit valid. */
    public static boolean isValidNationalCode(String text) {
        String code = PersianText.asciiDigits(text);
        if (code == null || !code.matches("[0-9]{10}")) {
            return false;
        }
        if (code.chars().distinct().count() == 1 || code.substring(3, 9).equals("000000")) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (code.charAt(i) - '0') * (10 - i);
        }
        int r = sum % 11;
        int check = code.charAt(9) - '0';
        return r < 2 ? check == r : check == 11 - r;
    }

    /** شناسه ملی: 11 digits, digits 4-9 not all zero, check digit valid. */
    public static boolean isValidLegalId(String text) {
        String id = PersianText.asciiDigits(text);
        if (id == null || !id.matches("[0-9]{11}") || id.substring(3, 9).equals("000000")) {
            return false;
        }
        int d = (id.charAt(9) - '0') + 2;
        int sum = 0;
        for (int i = 0; i < 10; i++) {
            sum += (d + (id.charAt(i) - '0')) * LEGAL_ID_WEIGHTS[i % 5];
        }
        int s = sum % 11;
        if (s == 10) {
            s = 0;
        }
        return s == id.charAt(10) - '0';
    }

    /**
     * A mobile number in the stored form 09xxxxxxxxx, from +98 / 0098 / 98 / 0 followed by 9 and
     * nine digits (spaces and dashes ignored), or null when it is not an Iranian mobile number.
     */
    public static String normalizeMobile(String text) {
        if (text == null) {
            return null;
        }
        String digits = PersianText.asciiDigits(text).replaceAll("[\\s\\-()]", "");
        String rest;
        if (digits.startsWith("+98")) {
            rest = digits.substring(3);
        } else if (digits.startsWith("0098")) {
            rest = digits.substring(4);
        } else if (digits.startsWith("98") && digits.length() == 12) {
            rest = digits.substring(2);
        } else if (digits.startsWith("0")) {
            rest = digits.substring(1);
        } else {
            return null;
        }
        return rest.matches("9[0-9]{9}") ? "0" + rest : null;
    }

    /** کد پستی: 10 digits, no check digit. */
    public static boolean isValidPostalCode(String text) {
        String code = PersianText.asciiDigits(text);
        return code != null && code.matches("[0-9]{10}");
    }

    /**
     * An e-mail address a CA can put in subjectAltName: one @, a dotted domain, no spaces, ASCII
     * local part (RFC 5280 rfc822Name is IA5String).
     */
    public static boolean isValidEmail(String text) {
        return text != null
                && text.length() <= 254
                && text.matches("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                        + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+")
                && !text.startsWith(".")
                && !text.contains("..")
                && !text.contains(".@");
    }
}
