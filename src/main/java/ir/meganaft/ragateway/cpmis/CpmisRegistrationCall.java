package ir.meganaft.ragateway.cpmis;

import java.time.Instant;

/** Define a user's account, access level and certificate in CPMIS. */
public record CpmisRegistrationCall(
        String reference,
        String username,
        String organization,
        String accessLevel,
        String nationalCode,
        String legalId,
        byte[] certificate,
        String serialNumber,
        String issuer,
        String sha256Fingerprint,
        Instant notAfter) {}
