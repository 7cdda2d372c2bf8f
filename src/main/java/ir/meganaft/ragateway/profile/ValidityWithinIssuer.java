package ir.meganaft.ragateway.profile;

import java.time.Instant;

/** A certificate never outlives its issuer: notAfter is cut back to the issuer's notAfter. */
public record ValidityWithinIssuer() implements CertificateRule {
    @Override
    public void apply(CertificateDraft draft) {
        Instant issuerEnd = draft.issuer().getNotAfter().toInstant();
        if (draft.notAfter() == null) {
            throw new IllegalStateException("The profile caps a validity it has not set: put Validity first");
        }
        if (draft.notAfter().isAfter(issuerEnd)) {
            draft.validity(draft.notBefore(), issuerEnd);
        }
    }
}
