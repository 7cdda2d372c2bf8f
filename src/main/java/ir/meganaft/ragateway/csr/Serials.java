package ir.meganaft.ragateway.csr;

import java.math.BigInteger;
import java.util.Locale;

/** Certificate serial numbers as text: upper-case hexadecimal, no separators, no leading zeros. */
public final class Serials {
    private Serials() {}

    public static String hex(BigInteger serial) {
        return serial.toString(16).toUpperCase(Locale.ROOT);
    }

    /**
     * The serial a hexadecimal text stands for, as {@code new BigInteger(hex, 16)} reads it;
     * digits only (either case) are read straight into the magnitude, without the substring and
     * parse per chunk of BigInteger's text constructor (a tenth of a full CRL's CPU).
     */
    public static BigInteger parse(String hex) {
        int length = hex.length();
        if (length == 0) {
            return new BigInteger(hex, 16); // its NumberFormatException
        }
        byte[] magnitude = new byte[(length + 1) / 2];
        int i = 0;
        int j = 0;
        if (length % 2 == 1) {
            int d = Character.digit(hex.charAt(i++), 16);
            if (d < 0) {
                return new BigInteger(hex, 16);
            }
            magnitude[j++] = (byte) d;
        }
        while (i < length) {
            int high = Character.digit(hex.charAt(i++), 16);
            int low = Character.digit(hex.charAt(i++), 16);
            if (high < 0 || low < 0) {
                return new BigInteger(hex, 16); // a sign, or its NumberFormatException
            }
            magnitude[j++] = (byte) (high << 4 | low);
        }
        return new BigInteger(1, magnitude);
    }
}
