package ir.meganaft.ragateway.profile;

import java.time.Duration;
import java.util.List;

/**
 * The profiles of the certificates the PKI's own services hold, each defined here once: the RA's
 * (its key signs the requests the CA accepts; made by the development keys and by the key
 * ceremony's {@code certify-ra}) and a CA node's CMP signer (its key signs the node's CMP answers).
 * Neither is asked for by an applicant's request.
 */
public final class ServiceProfiles {
    /** How long an RA certificate is valid unless the ceremony says otherwise. */
    public static final Duration RA_VALIDITY = Duration.ofDays(3 * 365);

    /** How long a CMP signer's certificate is valid. */
    public static final Duration CMP_SIGNER_VALIDITY = Duration.ofDays(2 * 365);

    private ServiceProfiles() {}

    /**
     * The RA's certificate: an end entity whose key signs (digitalSignature) as a registration
     * authority (id-kp-cmcRA, RFC 6402), never past the CA's own certificate.
     */
    public static Profile raCertificate(Duration validity) {
        return new Profile("ra-certificate", serviceRules(validity, "cmcRA"));
    }

    /**
     * A CA node's CMP signer (RFC 9483, 3.1: a CMP protection certificate with digitalSignature, which
     * OpenSSL insists on), certified by the CA it answers for (id-kp-cmcCA).
     */
    public static Profile cmpSigner(Duration validity) {
        return new Profile("cmp-signer", serviceRules(validity, "cmcCA"));
    }

    private static List<CertificateRule> serviceRules(Duration validity, String purpose) {
        return List.of(
                new Validity(validity),
                new ValidityWithinIssuer(),
                new EndEntity(),
                new KeyUsages(List.of("digitalSignature")),
                new ExtendedKeyUsages(List.of(purpose)),
                new SubjectKeyId(),
                new AuthorityKeyId());
    }
}
