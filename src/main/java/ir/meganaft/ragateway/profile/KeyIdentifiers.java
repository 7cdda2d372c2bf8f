package ir.meganaft.ragateway.profile;

import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/** Key identifiers that chain: an issued certificate's or CRL's AKI is the CA certificate's own SKI. */
public final class KeyIdentifiers {
    private KeyIdentifiers() {}

    /**
     * The CA certificate's subject key identifier as an authority key identifier, whatever method the
     * CA's issuer used to compute it (RFC 5280 or RFC 7093); computed from the key only when the CA
     * certificate has none.
     */
    public static AuthorityKeyIdentifier authorityKeyIdentifier(X509Certificate ca) {
        byte[] extension = ca.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (extension != null) {
            byte[] keyId = SubjectKeyIdentifier.getInstance(
                            ASN1OctetString.getInstance(extension).getOctets())
                    .getKeyIdentifier();
            return new AuthorityKeyIdentifier(keyId);
        }
        try {
            return new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca.getPublicKey());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
