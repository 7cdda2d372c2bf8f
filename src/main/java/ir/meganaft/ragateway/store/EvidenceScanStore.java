package ir.meganaft.ragateway.store;

import ir.meganaft.ragateway.csr.Fingerprints;
import ir.meganaft.ragateway.intake.EvidenceScans;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Scanned documents in the database ({@code evidence_scan}), so that every instance serves every
 * scan whichever received it. Content-addressed: the same scan sent twice, or by two instances at
 * once, is one row. A scan is committed (and so on disk, as the database promises) before
 * {@link #store} returns, so the request that names it is never acknowledged without it. Scans
 * stored before the database kept them are read from the folder they were written to.
 */
public final class EvidenceScanStore implements EvidenceScans {
    private final Jdbi jdbi;
    private final EvidenceScans earlier;

    /** @param earlier where scans were kept before (read only) */
    public EvidenceScanStore(Database database, EvidenceScans earlier) {
        this.jdbi = database.jdbi();
        this.earlier = earlier;
    }

    @Override
    public String store(byte[] content) {
        String sha256 = Fingerprints.sha256Hex(content);
        if (stored(sha256)) {
            return sha256;
        }
        try {
            jdbi.useHandle(h -> h.createUpdate("""
                    insert into evidence_scan (sha256, size_bytes, content, stored_at)
                    values (:sha256, :size, :content, current_timestamp)""")
                    .bind("sha256", sha256)
                    .bind("size", (long) content.length)
                    .bind("content", content)
                    .execute());
        } catch (UnableToExecuteStatementException e) {
            if (!stored(sha256)) { // not another instance storing the same scan a moment earlier
                throw e;
            }
        }
        return sha256;
    }

    @Override
    public Optional<byte[]> read(String sha256) {
        String key = sha256.toUpperCase(Locale.ROOT);
        Optional<byte[]> content =
                jdbi.withHandle(h -> h.createQuery("select content from evidence_scan where sha256 = :sha256")
                        .bind("sha256", key)
                        .mapTo(byte[].class)
                        .findOne());
        return content.isPresent() ? content : earlier.read(key);
    }

    private boolean stored(String sha256) {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from evidence_scan where sha256 = :sha256")
                        .bind("sha256", sha256)
                        .mapTo(Integer.class)
                        .one())
                > 0;
    }
}
