package ir.meganaft.ragateway.cpmis;

import java.time.Instant;

/** A revoked certificate: CPMIS must refuse logins with it. */
public record CpmisDisableCall(
        String reference, String username, String serialNumber, String issuer, String reason, Instant revokedAt) {}
