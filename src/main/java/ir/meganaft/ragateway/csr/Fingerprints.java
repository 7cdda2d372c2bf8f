package ir.meganaft.ragateway.csr;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 fingerprints as upper-case hex, as openssl prints them without colons. */
public final class Fingerprints {
    private Fingerprints() {}

    public static String sha256Hex(byte[] data) {
        return HexFormat.of().withUpperCase().formatHex(sha256(data));
    }

    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
