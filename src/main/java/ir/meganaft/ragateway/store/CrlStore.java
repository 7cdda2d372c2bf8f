package ir.meganaft.ragateway.store;

import ir.meganaft.ragateway.crl.CrlData;
import ir.meganaft.ragateway.crl.CrlEntry;
import ir.meganaft.ragateway.crl.CrlRecord;
import ir.meganaft.ragateway.csr.Serials;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * CRL numbers, published CRLs with their bytes (so every instance serves them), and the revoked
 * entries streamed out of the database.
 */
public final class CrlStore implements CrlData {
    private static final int FETCH_SIZE = 2_000;
    /** A CRL's bytes are kept in pieces of this size: written and read a piece at a time. */
    static final int PIECE_BYTES = 1 << 20;

    private final Jdbi jdbi;
    private final Supplier<Optional<LeaseStore.Lease>> fence;

    /** CRLs of a lone writer (tests): no lease is checked. */
    public CrlStore(Database database) {
        this(database, null);
    }

    /**
     * CRLs written under a lease: each is recorded only while {@code fence} gives a lease this
     * instance still holds, checked with the lease's row locked in the recording transaction.
     */
    public CrlStore(Database database, Supplier<Optional<LeaseStore.Lease>> fence) {
        this.jdbi = database.jdbi();
        this.fence = fence;
    }

    @Override
    public long nextCrlNumber() {
        return jdbi.withHandle(h -> h.createQuery("select nextval('crl_number_seq')")
                .mapTo(Long.class)
                .one());
    }

    @Override
    public long lastRevocationEventId() {
        return jdbi.withHandle(h -> h.createQuery("select coalesce(max(id), 0) from revocation_event")
                .mapTo(Long.class)
                .one());
    }

    @Override
    public void forEachRevoked(Instant notExpiredAt, Consumer<CrlEntry> sink) {
        // in a transaction: PostgreSQL's driver streams with a fetch size only when autocommit is off
        streamed(h -> h.createQuery("""
                select serial_number, revoked_at, revocation_reason, invalidity_date from certificate
                where status in ('REVOKED', 'ON_HOLD') and not_after > :at""")
                .bind("at", Timestamp.from(notExpiredAt))
                .setFetchSize(FETCH_SIZE)
                .map(CrlStore::entry)
                .useStream(entries -> entries.forEach(sink)));
    }

    @Override
    public void forEachChanged(long afterEventId, Instant alsoSince, long upToEventId, Consumer<CrlEntry> sink) {
        // in a transaction: PostgreSQL's driver streams with a fetch size only when autocommit is off
        streamed(h -> h.createQuery("""
                select c.serial_number, c.revoked_at, c.revocation_reason, c.invalidity_date, c.status,
                  (select max(e.at) from revocation_event e where e.serial_number = c.serial_number) as changed_at
                from certificate c
                where c.serial_number in (select serial_number from revocation_event
                  where (id > :after or at >= :since) and id <= :upTo)""")
                .bind("after", afterEventId)
                .bind("since", Timestamp.from(alsoSince))
                .bind("upTo", upToEventId)
                .setFetchSize(FETCH_SIZE)
                .map((rs, ctx) -> rs.getString("status").equals("GOOD")
                        ? new CrlEntry(
                                Serials.parse(rs.getString("serial_number")),
                                RequestRows.instant(rs, "changed_at"),
                                "removeFromCRL",
                                null)
                        : entry(rs, ctx))
                .useStream(entries -> entries.forEach(sink)));
    }

    /**
     * Runs a streaming read in a transaction. On H2 the session executes queries lazily meanwhile:
     * otherwise H2 computes the whole result before the first row (past 40,000 rows into a temporary
     * file, then read back), whatever the fetch size.
     */
    private void streamed(HandleConsumer<RuntimeException> read) {
        jdbi.useHandle(h -> {
            boolean h2 = isH2(h);
            if (h2) {
                h.execute("set lazy_query_execution true");
            }
            try {
                h.useTransaction(read);
            } finally {
                if (h2) {
                    h.execute("set lazy_query_execution false");
                }
            }
        });
    }

    private static boolean isH2(Handle h) {
        try {
            return h.getConnection().getMetaData().getDatabaseProductName().equals("H2");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot tell the database product", e);
        }
    }

    /** Columns 1 to 4: serial_number, revoked_at, revocation_reason, invalidity_date (by position: a million times). */
    private static CrlEntry entry(ResultSet rs, StatementContext ctx) throws SQLException {
        return new CrlEntry(
                Serials.parse(rs.getString(1)),
                RequestRows.instant(rs, 2),
                rs.getString(3),
                RequestRows.instant(rs, 4));
    }

    @Override
    public Optional<CrlRecord> latest(CrlRecord.Kind kind) {
        return jdbi.withHandle(
                h -> h.createQuery("select * from crl where kind = :kind order by crl_number desc limit 1")
                        .bind("kind", kind.name())
                        .map(CrlStore::recordOf)
                        .findOne());
    }

    @Override
    public Optional<CrlRecord> latestOfAnyKind() {
        return jdbi.withHandle(h -> h.createQuery("select * from crl order by crl_number desc limit 1")
                .map(CrlStore::recordOf)
                .findOne());
    }

    /**
     * Records a published CRL, refused (an exception, nothing written) when its number is not above
     * every recorded one, or when this instance no longer holds the CRL lease: with the lease row
     * locked, no other instance can record a CRL until this transaction ends, so recorded numbers
     * strictly increase whoever generates.
     */
    @Override
    public void record(CrlRecord c, Path content) {
        jdbi.useTransaction(h -> {
            if (fence != null) {
                LeaseStore.checkStillHeld(
                        h,
                        fence.get()
                                .orElseThrow(() -> new LeaseStore.LeaseLostException(
                                        "This instance does not hold the CRL lease; CRL " + c.number()
                                                + " not recorded")));
            }
            long highest = h.createQuery("select coalesce(max(crl_number), 0) from crl")
                    .mapTo(Long.class)
                    .one();
            if (c.number() <= highest) {
                throw new IllegalStateException(
                        "CRL number " + c.number() + " is not above the last recorded " + highest + "; not published");
            }
            recordIn(h, c);
            storeContent(h, c.number(), content);
            pruneExpiredContent(h);
        });
    }

    /** The file's bytes as rows of at most {@link #PIECE_BYTES}, read from the file a piece at a time. */
    private static void storeContent(Handle h, long number, Path content) {
        try (InputStream in = Files.newInputStream(content)) {
            byte[] buffer = new byte[PIECE_BYTES];
            int piece = 0;
            int read;
            while ((read = in.readNBytes(buffer, 0, PIECE_BYTES)) > 0) {
                h.createUpdate(
                                "insert into crl_content (crl_number, piece, content) values (:number, :piece, :content)")
                        .bind("number", number)
                        .bind("piece", piece++)
                        .bind("content", read == PIECE_BYTES ? buffer : Arrays.copyOf(buffer, read))
                        .execute();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read CRL " + number + " to keep it in the database", e);
        }
    }

    /**
     * Drops the bytes of CRLs past their nextUpdate that are not the latest of their kind: no one may
     * rely on them, and only the latest of each kind is served (the publishing instance's archive
     * folder keeps every CRL). So the database holds about a week of daily full CRLs and an hour of deltas.
     */
    private static void pruneExpiredContent(Handle h) {
        h.createUpdate("""
                delete from crl_content where crl_number in (select crl_number from crl where next_update < current_timestamp
                  and crl_number not in (select max(crl_number) from crl group by kind))""").execute();
    }

    @Override
    public boolean copyContent(long number, OutputStream out) {
        return jdbi.withHandle(h -> {
            int pieces = h.createQuery("select count(*) from crl_content where crl_number = :number")
                    .bind("number", number)
                    .mapTo(Integer.class)
                    .one();
            for (int piece = 0; piece < pieces; piece++) {
                byte[] bytes = h.createQuery(
                                "select content from crl_content where crl_number = :number and piece = :piece")
                        .bind("number", number)
                        .bind("piece", piece)
                        .mapTo(byte[].class)
                        .one();
                try {
                    out.write(bytes);
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot copy CRL " + number + " out of the database", e);
                }
            }
            return pieces > 0;
        });
    }

    private static void recordIn(Handle h, CrlRecord c) {
        h.createUpdate("""
                insert into crl (crl_number, kind, base_crl_number, this_update, next_update, last_event_id, entries,
                  size_bytes, sha256, file_name, published_at)
                values (:number, :kind, :base, :thisUpdate, :nextUpdate, :lastEvent, :entries, :size, :sha, :file, :at)""")
                .bind("number", c.number())
                .bind("kind", c.kind().name())
                .bind("base", c.baseNumber())
                .bind("thisUpdate", Timestamp.from(c.thisUpdate()))
                .bind("nextUpdate", Timestamp.from(c.nextUpdate()))
                .bind("lastEvent", c.lastEventId())
                .bind("entries", c.entries())
                .bind("size", c.sizeBytes())
                .bind("sha", c.sha256())
                .bind("file", c.fileName())
                .bind("at", Timestamp.from(c.publishedAt()))
                .execute();
    }

    private static CrlRecord recordOf(ResultSet rs, StatementContext ctx) throws SQLException {
        long base = rs.getLong("base_crl_number");
        boolean noBase = rs.wasNull(); // right after reading base_crl_number: wasNull speaks of the last column read
        return new CrlRecord(
                rs.getLong("crl_number"),
                CrlRecord.Kind.valueOf(rs.getString("kind")),
                noBase ? null : base,
                RequestRows.instant(rs, "this_update"),
                RequestRows.instant(rs, "next_update"),
                rs.getLong("last_event_id"),
                rs.getLong("entries"),
                rs.getLong("size_bytes"),
                rs.getString("sha256"),
                rs.getString("file_name"),
                RequestRows.instant(rs, "published_at"));
    }
}
