package ir.meganaft.ragateway.crl;

import java.time.Instant;

/**
 * A relying system CRLs are pushed to, and how far it has got.
 *
 * @param uri a Camel endpoint URI (file:, http:, sftp: ...)
 */
public record PushTarget(
        String name,
        String uri,
        Long lastFullNumber,
        Long lastDeltaNumber,
        Instant lastDeliveredAt,
        int failedAttempts,
        String lastError,
        Instant nextAttemptAt) {}
