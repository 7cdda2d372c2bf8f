package ir.meganaft.ragateway.store;

import ir.meganaft.ragateway.ca.CaLedger;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The local CA's ledger in the gateway's database. Each write is its own transaction, durable when
 * it returns ({@link Database}); a signature is made with the ledger row locked, so two consumers
 * given the same transaction never sign it twice.
 */
public final class CaLedgerStore implements CaLedger {
    private final Jdbi jdbi;

    public CaLedgerStore(Database database) {
        this.jdbi = database.jdbi();
    }

    @Override
    public Entry reserve(Entry proposed) {
        // insert first: the primary key on transaction_id says whether one is already recorded
        try {
            jdbi.useTransaction(h -> h.createUpdate("""
                    insert into ca_ledger (transaction_id, serial_number, not_before, not_after, public_key_sha256,
                        tbs_certificate, reserved_at)
                    values (:tx, :serial, :notBefore, :notAfter, :key, :tbs, :at)""")
                    .bind("tx", proposed.transactionId())
                    .bind("serial", proposed.serial().toString(16))
                    .bind("notBefore", Timestamp.from(proposed.notBefore()))
                    .bind("notAfter", Timestamp.from(proposed.notAfter()))
                    .bind("key", proposed.publicKeySha256())
                    .bind("tbs", proposed.tbsCertificate())
                    .bind("at", Timestamp.from(java.time.Instant.now()))
                    .execute());
            return proposed;
        } catch (JdbiException recorded) {
            // already reserved (by an earlier attempt, or another consumer just now): use that reservation
            return jdbi.withHandle(h -> find(h, proposed.transactionId(), false))
                    .orElseThrow(() -> recorded);
        }
    }

    @Override
    public byte[] signOnce(String transactionId, Function<Entry, byte[]> sign) {
        return jdbi.inTransaction(h -> {
            Entry entry = find(h, transactionId, true)
                    .orElseThrow(() -> new IllegalStateException("No reservation for CA transaction " + transactionId));
            if (entry.certificate() != null) {
                return entry.certificate();
            }
            byte[] certificate = sign.apply(entry);
            h.createUpdate("update ca_ledger set certificate = :der where transaction_id = :tx and certificate is null")
                    .bind("der", certificate)
                    .bind("tx", transactionId)
                    .execute();
            return certificate;
        });
    }

    @Override
    public Optional<Entry> find(String transactionId) {
        return jdbi.withHandle(h -> find(h, transactionId, false));
    }

    @Override
    public Optional<String> abandoned(String transactionId) {
        return jdbi.withHandle(h -> h.createQuery("select abandoned from ca_ledger where transaction_id = :tx")
                .bind("tx", transactionId)
                .mapTo(String.class)
                .findOne());
    }

    @Override
    public void abandon(String transactionId, String why) {
        jdbi.useTransaction(h -> h.createUpdate(
                        "update ca_ledger set abandoned = :why where transaction_id = :tx and certificate is null")
                .bind("why", why.length() > 1000 ? why.substring(0, 1000) : why)
                .bind("tx", transactionId)
                .execute());
    }

    private static Optional<Entry> find(Handle h, String transactionId, boolean lock) {
        return h.createQuery("select * from ca_ledger where transaction_id = :tx" + (lock ? " for update" : ""))
                .bind("tx", transactionId)
                .map((rs, ctx) -> entry(rs))
                .findOne();
    }

    private static Entry entry(ResultSet rs) throws SQLException {
        return new Entry(
                rs.getString("transaction_id"),
                new BigInteger(rs.getString("serial_number"), 16),
                RequestRows.instant(rs, "not_before"),
                RequestRows.instant(rs, "not_after"),
                rs.getString("public_key_sha256"),
                rs.getBytes("tbs_certificate"),
                rs.getBytes("certificate"));
    }
}
