package ir.meganaft.ragateway.profile;

/**
 * One small part of a certificate profile: it checks the certificate being built (and refuses it with
 * a {@link ProfileViolation}), or adds to it (validity, an extension), or both.
 */
@FunctionalInterface
public interface CertificateRule {
    void apply(CertificateDraft draft) throws ProfileViolation;
}
