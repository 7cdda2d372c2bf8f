package ir.meganaft.ragateway.profile;

import java.io.IOException;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.Extension;

/** An extension with its value in DER, as a certificate builder would encode it. */
final class ExtensionValues {
    private ExtensionValues() {}

    static Extension of(ASN1ObjectIdentifier type, boolean critical, ASN1Encodable value) {
        try {
            return new Extension(type, critical, value.toASN1Primitive().getEncoded(ASN1Encoding.DER));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot encode extension " + type + ": " + e.getMessage(), e);
        }
    }
}
