package ir.meganaft.ragateway.csr;

import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * A PKCS#10 request that parsed. Neither its key nor its signature is checked yet, and its public
 * key is decoded only when first asked for, so {@link CsrChecks#checkKey} can refuse an outsized or
 * malformed key from its encoding alone.
 */
public final class ParsedCsr {
    private final PKCS10CertificationRequest request;
    private final byte[] der;
    private PublicKey publicKey; // decoded once, on first use

    public ParsedCsr(PKCS10CertificationRequest request, byte[] der) {
        this.request = request;
        this.der = der;
    }

    public PKCS10CertificationRequest request() {
        return request;
    }

    /** The request in DER, as stored. */
    public byte[] der() {
        return der;
    }

    public X500Name subject() {
        return request.getSubject();
    }

    /** The key as the CSR encodes it, undecoded. */
    public SubjectPublicKeyInfo publicKeyInfo() {
        return request.getSubjectPublicKeyInfo();
    }

    /** The public key, decoded; a key that cannot be decoded is CSR_UNPARSABLE. */
    public PublicKey publicKey() {
        if (publicKey == null) {
            try {
                publicKey = new JcaPKCS10CertificationRequest(request).getPublicKey();
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new GatewayException(
                        FaultCode.CSR_UNPARSABLE,
                        "Unparsable CSR: the CSR's public key cannot be decoded (" + e.getMessage() + ")",
                        "csr",
                        null);
            }
        }
        return publicKey;
    }

    /** SHA-256 over the SubjectPublicKeyInfo, hex: identifies the key across requests. */
    public String publicKeyFingerprint() {
        return Fingerprints.sha256Hex(publicKey().getEncoded());
    }
}
