package ir.meganaft.ragateway.keys;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * What a key pair generated through SunPKCS11 is on the token, as the provider configuration's
 * {@code attributes(generate, ...)} lines (applied to both templates of C_GenerateKeyPair).
 *
 * <p>Both objects are token objects. The private key is private, sensitive and never extractable, and
 * signs only: the gateway signs with CKM_RSA_PKCS and CKM_ECDSA (docs/hsm.md), so decrypt, unwrap, derive
 * and sign-recover are off. The public key verifies only: encrypt, wrap and verify-recover are off.
 *
 * <p>A pair generated for a named key also carries the name as CKA_LABEL and CKA_ID on both objects.
 * SunPKCS11's KeyStore later gives the private key and its certificate the same CKA_ID (the name's
 * characters, one byte each) and the certificate the same label, but never touches the public key,
 * which PKCS#11 tools could otherwise not find by label.
 */
final class GeneratedKeyAttributes {
    /** Names whose UTF-8 bytes (CKA_LABEL) are the bytes SunPKCS11 writes as CKA_ID. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private static final String SIGN_ONLY = """
            attributes(generate, CKO_PRIVATE_KEY, *) = {
              CKA_PRIVATE = true
              CKA_SENSITIVE = true
              CKA_EXTRACTABLE = false
              CKA_SIGN = true
              CKA_SIGN_RECOVER = false
              CKA_DECRYPT = false
              CKA_UNWRAP = false
              CKA_DERIVE = false
            }
            attributes(generate, CKO_PUBLIC_KEY, *) = {
              CKA_VERIFY = true
              CKA_VERIFY_RECOVER = false
              CKA_ENCRYPT = false
              CKA_WRAP = false
            }
            """;

    private GeneratedKeyAttributes() {}

    /** For a provider that is not meant to generate a named key (the gateway's): sign-only token objects. */
    static String unnamed() {
        return "attributes(generate, *, *) = {\n  CKA_TOKEN = true\n}\n" + SIGN_ONLY;
    }

    /** For a provider that generates the one key pair {@code name}: sign-only token objects labelled and identified by it. */
    static String named(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "A key on the token is named with 1 to 64 ASCII letters, digits, '.', '_' or '-'"
                            + " (its CKA_LABEL and CKA_ID); not '" + name + "'");
        }
        String bytes = "0h" + HexFormat.of().formatHex(name.getBytes(StandardCharsets.US_ASCII));
        return "attributes(generate, *, *) = {\n  CKA_TOKEN = true\n  CKA_LABEL = " + bytes + "\n  CKA_ID = " + bytes
                + "\n}\n" + SIGN_ONLY;
    }
}
