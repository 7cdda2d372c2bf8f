package ir.meganaft.ragateway.crl;

import java.io.OutputStream;
import java.nio.file.Path;
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

    /**
     * Records a published CRL with its bytes (the file {@code content}), in one transaction, so any
     * instance can serve it; refused when its number is not above every recorded one.
     */
    void record(CrlRecord crl, Path content);

    /**
     * Writes the bytes of CRL {@code number} to {@code out} a piece at a time; false when the
     * database has none (a CRL recorded before CRLs were kept there, or expired and pruned).
     */
    boolean copyContent(long number, OutputStream out);
}
