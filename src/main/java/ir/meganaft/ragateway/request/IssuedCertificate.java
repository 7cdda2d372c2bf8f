package ir.meganaft.ragateway.request;

import java.time.Instant;

/** A certificate the CA issued for a request. */
public record IssuedCertificate(String serialNumber, String requestId, String issuerDn, String subjectDn,
        Instant notBefore, Instant notAfter, String sha256Fingerprint, String publicKeySha256, byte[] der,
        Instant issuedAt) {
}
