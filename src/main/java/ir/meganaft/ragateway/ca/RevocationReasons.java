package ir.meganaft.ragateway.ca;

import java.util.List;

/** RFC 5280 CRLReason: names as the contract writes them, and their codes. */
public final class RevocationReasons {
    private static final List<String> NAMES = List.of(
            "unspecified",
            "keyCompromise",
            "cACompromise",
            "affiliationChanged",
            "superseded",
            "cessationOfOperation",
            "certificateHold",
            "",
            "removeFromCRL",
            "privilegeWithdrawn",
            "aACompromise");

    public static final String CERTIFICATE_HOLD = "certificateHold";
    public static final String REMOVE_FROM_CRL = "removeFromCRL";
    public static final String KEY_COMPROMISE = "keyCompromise";
    public static final String SUPERSEDED = "superseded";

    private RevocationReasons() {}

    public static int code(String name) {
        int code = NAMES.indexOf(name);
        if (code < 0 || name.isEmpty()) {
            throw new IllegalArgumentException("Not an RFC 5280 revocation reason: " + name);
        }
        return code;
    }

    public static String name(int code) {
        if (code < 0 || code >= NAMES.size() || NAMES.get(code).isEmpty()) {
            throw new IllegalArgumentException("Not an RFC 5280 revocation reason code: " + code);
        }
        return NAMES.get(code);
    }
}
