package ir.meganaft.ragateway.profile;

import java.security.NoSuchAlgorithmException;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/** subjectKeyIdentifier: the SHA-1 of the subject's public key (RFC 5280, 4.2.1.2, method 1). */
public record SubjectKeyId() implements CertificateRule {
    @Override
    public void apply(CertificateDraft draft) {
        try {
            draft.add(ExtensionValues.of(
                    Extension.subjectKeyIdentifier,
                    false,
                    new JcaX509ExtensionUtils().createSubjectKeyIdentifier(draft.publicKey())));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
