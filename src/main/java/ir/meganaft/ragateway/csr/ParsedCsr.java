package ir.meganaft.ragateway.csr;

import java.security.PublicKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/** A PKCS#10 request that parsed, with its public key decoded. Its signature is not yet checked. */
public record ParsedCsr(PKCS10CertificationRequest request, PublicKey publicKey, byte[] der) {

    public X500Name subject() {
        return request.getSubject();
    }

    /** SHA-256 over the SubjectPublicKeyInfo, hex: identifies the key across requests. */
    public String publicKeyFingerprint() {
        return Fingerprints.sha256Hex(publicKey.getEncoded());
    }
}
