package ir.meganaft.ragateway.crl;

import java.time.Instant;

/** A published CRL: its number, kind, validity, size and where its file is. */
public record CrlRecord(
        long number,
        Kind kind,
        Long baseNumber,
        Instant thisUpdate,
        Instant nextUpdate,
        long lastEventId,
        long entries,
        long sizeBytes,
        String sha256,
        String fileName,
        Instant publishedAt) {

    public enum Kind {
        FULL,
        DELTA
    }
}
