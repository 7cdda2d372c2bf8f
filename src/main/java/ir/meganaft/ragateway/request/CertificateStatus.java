package ir.meganaft.ragateway.request;

/** Where a certificate stands: GOOD, REVOKED, or ON_HOLD (certificateHold, which can be released). */
public enum CertificateStatus {
    GOOD,
    REVOKED,
    ON_HOLD
}
