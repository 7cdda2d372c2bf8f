package ir.meganaft.ragateway.profile;

import org.bouncycastle.asn1.x509.Extension;

/**
 * subjectAltName, not critical: the names the request asks for (the RA puts the applicant's e-mail
 * there), as they are; nothing when it asks for none. Which kinds of name are allowed is
 * {@link PermittedAltNames}'s business.
 */
public record AltNamesFromRequest() implements CertificateRule {
    @Override
    public void apply(CertificateDraft draft) {
        Extension asked =
                draft.requested() == null ? null : draft.requested().getExtension(Extension.subjectAlternativeName);
        if (asked != null) {
            draft.add(ExtensionValues.of(Extension.subjectAlternativeName, false, asked.getParsedValue()));
        }
    }
}
