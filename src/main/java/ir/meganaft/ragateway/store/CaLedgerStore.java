package ir.meganaft.ragateway.store;

import ir.meganaft.ragateway.ca.CaLedger;
import java.math.BigInteger;
import java.sql.Timestamp;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/** The local CA's ledger in the gateway's database. */
public final class CaLedgerStore implements CaLedger {
    private final Jdbi jdbi;

    public CaLedgerStore(Database database) {
        this.jdbi = database.jdbi();
    }

    @Override
    public Entry reserve(Entry proposed) {
        Optional<Entry> existing = find(proposed.transactionId());
        if (existing.isPresent()) {
            return existing.get();
        }
        try {
            jdbi.useTransaction(h -> h.createUpdate("""
                    insert into ca_ledger (transaction_id, serial_number, not_before, not_after, public_key_sha256, reserved_at)
                    values (:tx, :serial, :notBefore, :notAfter, :key, :at)""")
                    .bind("tx", proposed.transactionId()).bind("serial", proposed.serial().toString(16))
                    .bind("notBefore", Timestamp.from(proposed.notBefore()))
                    .bind("notAfter", Timestamp.from(proposed.notAfter()))
                    .bind("key", proposed.publicKeySha256()).bind("at", Timestamp.from(proposed.notBefore()))
                    .execute());
            return proposed;
        } catch (JdbiException raced) {
            // another consumer reserved the same transaction first: use its reservation
            return find(proposed.transactionId()).orElseThrow(() -> raced);
        }
    }

    @Override
    public void recordSigned(String transactionId, byte[] certificate) {
        jdbi.useTransaction(h -> h.createUpdate(
                        "update ca_ledger set certificate = :der where transaction_id = :tx and certificate is null")
                .bind("der", certificate).bind("tx", transactionId).execute());
    }

    private Optional<Entry> find(String transactionId) {
        return jdbi.withHandle(h -> h.createQuery("select * from ca_ledger where transaction_id = :tx")
                .bind("tx", transactionId)
                .map((rs, ctx) -> new Entry(rs.getString("transaction_id"), new BigInteger(rs.getString("serial_number"), 16),
                        RequestStore.instant(rs, "not_before"), RequestStore.instant(rs, "not_after"),
                        rs.getString("public_key_sha256"), rs.getBytes("certificate")))
                .findOne());
    }
}
