package ir.meganaft.ragateway.keys;

import ir.meganaft.ragateway.csr.NamedCurves;
import java.security.Key;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;

/** Which signature algorithm and JCA provider a key signs with. SHA-1 is never used. */
public final class SignatureAlgorithms {
    private SignatureAlgorithms() {}

    public static String forKey(PublicKey key) {
        if (key instanceof RSAPublicKey) {
            return "SHA256withRSA";
        }
        if (key instanceof ECPublicKey ec) {
            String curve = NamedCurves.nameOf(ec);
            if ("P-384".equals(curve)) {
                return "SHA384withECDSA";
            }
            if ("P-521".equals(curve)) {
                return "SHA512withECDSA";
            }
            return "SHA256withECDSA";
        }
        throw new IllegalArgumentException("Unsupported signing key type " + key.getAlgorithm());
    }

    /**
     * Java 17's SunEC is several times slower than Bouncy Castle for ECDSA (docs/stack.md), so EC
     * software keys sign with BC; RSA signs with the JDK's provider, which is as fast.
     */
    public static String preferredProvider(Key key) {
        return "EC".equals(key.getAlgorithm()) ? "BC" : "SunRsaSign";
    }
}
