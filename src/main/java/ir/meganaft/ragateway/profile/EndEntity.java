package ir.meganaft.ragateway.profile;

import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;

/** basicConstraints cA=false, critical: the certificate can certify nothing. */
public record EndEntity() implements CertificateRule {
    @Override
    public void apply(CertificateDraft draft) {
        draft.add(ExtensionValues.of(Extension.basicConstraints, true, new BasicConstraints(false)));
    }
}
