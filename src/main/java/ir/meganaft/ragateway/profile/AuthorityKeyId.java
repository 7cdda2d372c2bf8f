package ir.meganaft.ragateway.profile;

import org.bouncycastle.asn1.x509.Extension;

/** authorityKeyIdentifier: the issuer's own subject key identifier ({@link KeyIdentifiers}), key id only. */
public record AuthorityKeyId() implements CertificateRule {
    @Override
    public void apply(CertificateDraft draft) {
        draft.add(ExtensionValues.of(
                Extension.authorityKeyIdentifier, false, KeyIdentifiers.authorityKeyIdentifier(draft.issuer())));
    }
}
