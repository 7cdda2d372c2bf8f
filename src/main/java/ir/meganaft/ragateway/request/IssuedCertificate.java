package ir.meganaft.ragateway.request;

import java.time.Instant;

/**
 * A certificate the CA issued for a request, and its revocation status.
 *
 * @param revocation null while GOOD
 */
public record IssuedCertificate(
        String serialNumber,
        String requestId,
        String issuerDn,
        String subjectDn,
        Instant notBefore,
        Instant notAfter,
        String sha256Fingerprint,
        String publicKeySha256,
        byte[] der,
        Instant issuedAt,
        CertificateStatus status,
        Revocation revocation) {

    /** A certificate just issued: GOOD. */
    public static IssuedCertificate issued(
            String serialNumber,
            String requestId,
            String issuerDn,
            String subjectDn,
            Instant notBefore,
            Instant notAfter,
            String sha256Fingerprint,
            String publicKeySha256,
            byte[] der,
            Instant issuedAt) {
        return new IssuedCertificate(
                serialNumber,
                requestId,
                issuerDn,
                subjectDn,
                notBefore,
                notAfter,
                sha256Fingerprint,
                publicKeySha256,
                der,
                issuedAt,
                CertificateStatus.GOOD,
                null);
    }
}
