package ir.meganaft.ragateway.csr;

import java.math.BigInteger;
import java.util.Locale;

/** Certificate serial numbers as text: upper-case hexadecimal, no separators, no leading zeros. */
public final class Serials {
    private Serials() {
    }

    public static String hex(BigInteger serial) {
        return serial.toString(16).toUpperCase(Locale.ROOT);
    }
}
