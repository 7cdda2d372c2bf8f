package ir.meganaft.ragateway.keys;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.operator.ContentSigner;

/**
 * A signing key of the gateway (the CA's, the RA's), wherever it lives: a PKCS#12 file or an HSM
 * token are the same to the code that signs (Bouncy Castle's {@code operator} pattern).
 */
public interface Signer {

    /** A fresh signer for one signature; content signers are not thread-safe, so never share one. */
    ContentSigner newContentSigner();

    /** This key's certificate first, then the CAs above it up to the root. */
    List<X509Certificate> chain();

    default X509Certificate certificate() {
        return chain().get(0);
    }

    default PublicKey publicKey() {
        return certificate().getPublicKey();
    }
}
