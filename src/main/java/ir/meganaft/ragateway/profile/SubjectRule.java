package ir.meganaft.ragateway.profile;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralNames;

/**
 * A rule on the names a certificate carries, checkable before there is a certificate to build: intake
 * holds the subject it will ask for to the same rule the CA applies.
 */
public interface SubjectRule extends CertificateRule {
    /** @param altNames the subjectAltName asked for, or null */
    void check(X500Name subject, GeneralNames altNames) throws ProfileViolation;

    @Override
    default void apply(CertificateDraft draft) throws ProfileViolation {
        check(draft.subject(), draft.requestedAltNames());
    }
}
