package ir.meganaft.ragateway.crl;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/** What the CRL publisher reads and records (the store implements it). */
public interface CrlData {

    /** A fresh CRL number; a number taken and never published stays unused. */
    long nextCrlNumber();

    /** The id of the latest revocation event, or 0. */
    long lastRevocationEventId();

    /** Every certificate revoked or on hold that has not expired by {@code notExpiredAt}, streamed. */
    void forEachRevoked(Instant notExpiredAt, Consumer<CrlEntry> sink);

    /**
     * Every certificate whose status changed in events after {@code afterEventId} (or recorded at or
     * after {@code alsoSince}) up to {@code upToEventId}, as it stands now; a certificate back to GOOD
     * comes with reason removeFromCRL. The time window catches an event that got its id before the
     * base CRL was read but committed after: ids are handed out at insert, not at commit.
     */
    void forEachChanged(long afterEventId, Instant alsoSince, long upToEventId, Consumer<CrlEntry> sink);

    Optional<CrlRecord> latest(CrlRecord.Kind kind);

    Optional<CrlRecord> latestOfAnyKind();

    void record(CrlRecord crl);
}
