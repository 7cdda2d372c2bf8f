package ir.meganaft.ragateway.keys;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Locale;

/** Key algorithm names as written in config/: RSA-2048, RSA-3072, RSA-4096, EC-P256, EC-P384, EC-P521. */
public final class KeySpecs {
    private KeySpecs() {}

    public static KeyPair generate(String spec) {
        return generate(spec, null);
    }

    /** Generates with {@code provider} (a PKCS#11 token's, so the key is made on the token), or the default when null. */
    public static KeyPair generate(String spec, java.security.Provider provider) {
        String s = spec.trim().toUpperCase(Locale.ROOT);
        try {
            if (s.startsWith("RSA-")) {
                int bits = Integer.parseInt(s.substring(4));
                if (bits < 2048) {
                    throw new IllegalArgumentException("RSA keys under 2048 bits are not allowed: " + spec);
                }
                KeyPairGenerator generator = provider == null
                        ? KeyPairGenerator.getInstance("RSA")
                        : KeyPairGenerator.getInstance("RSA", provider);
                generator.initialize(bits);
                return generator.generateKeyPair();
            }
            String curve = switch (s) {
                case "EC-P256" -> "secp256r1";
                case "EC-P384" -> "secp384r1";
                case "EC-P521" -> "secp521r1";
                default ->
                    throw new IllegalArgumentException("Unknown key spec '" + spec
                            + "'; use RSA-2048, RSA-3072, RSA-4096, EC-P256, EC-P384 or EC-P521");
            };
            KeyPairGenerator generator = provider == null
                    ? KeyPairGenerator.getInstance("EC")
                    : KeyPairGenerator.getInstance("EC", provider);
            generator.initialize(new ECGenParameterSpec(curve));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot generate a " + spec + " key: " + e.getMessage(), e);
        }
    }
}
