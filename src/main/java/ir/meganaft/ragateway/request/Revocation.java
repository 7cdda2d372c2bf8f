package ir.meganaft.ragateway.request;

import java.time.Instant;

/**
 * A certificate's revocation: the RFC 5280 reason name (keyCompromise, affiliationChanged,
 * superseded, cessationOfOperation, certificateHold, privilegeWithdrawn, ...), when it was revoked,
 * and the optional invalidity date (when the key is known or suspected to have been compromised).
 */
public record Revocation(String reason, Instant revokedAt, Instant invalidityDate) {}
