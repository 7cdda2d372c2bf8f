package ir.meganaft.ragateway.store;

import ir.meganaft.ragateway.cpmis.CpmisAccount;
import ir.meganaft.ragateway.notification.DeliveryChannel;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** CPMIS accounts of issued certificates; recording one queues its registration in the outbox. */
public final class CpmisAccountStore {
    private final Jdbi jdbi;

    public CpmisAccountStore(Database database) {
        this.jdbi = database.jdbi();
    }

    public Optional<CpmisAccount> find(String requestId) {
        return jdbi.withHandle(h -> find(h, requestId));
    }

    /**
     * Records the account and queues its CPMIS registration in one transaction.
     *
     * @return the account now recorded: an earlier one if there was one (nothing is then changed)
     */
    public CpmisAccount record(CpmisAccount account, String serialNumber) {
        return jdbi.inTransaction(h -> {
            h.createQuery("select id from cert_request where id = :id for update")
                    .bind("id", account.requestId())
                    .mapTo(String.class)
                    .one();
            Optional<CpmisAccount> existing = find(h, account.requestId());
            if (existing.isPresent()) {
                return existing.get();
            }
            h.createUpdate("""
                    insert into cpmis_account (request_id, username, access_level, supplied_by, supplied_at)
                    values (:r, :u, :level, :by, :at)""")
                    .bind("r", account.requestId())
                    .bind("u", account.username())
                    .bind("level", account.accessLevel())
                    .bind("by", account.suppliedBy())
                    .bind("at", Timestamp.from(account.suppliedAt()))
                    .execute();
            OutboxStore.add(
                    h, account.requestId(), DeliveryChannel.CPMIS, "REGISTER", serialNumber, account.suppliedAt());
            return account;
        });
    }

    /**
     * A revoked certificate: CPMIS disables the account when one was defined for it (the caller's
     * callback is {@link OutboxStore#onCertificateStatusChange}). A hold does not disable it: CPMIS
     * has no call to enable an account again, and it sees the hold at login (checkCertificateStatus
     * answers ON_HOLD).
     */
    static void onRevocation(Handle h, String requestId, String serialNumber, Instant at) {
        if (find(h, requestId).isPresent()) {
            OutboxStore.add(h, requestId, DeliveryChannel.CPMIS, "DISABLE", serialNumber, at);
        }
    }

    private static Optional<CpmisAccount> find(Handle h, String requestId) {
        return h.createQuery("select * from cpmis_account where request_id = :r")
                .bind("r", requestId)
                .map((rs, ctx) -> new CpmisAccount(
                        rs.getString("request_id"),
                        rs.getString("username"),
                        rs.getString("access_level"),
                        rs.getString("supplied_by"),
                        RequestRows.instant(rs, "supplied_at")))
                .findOne();
    }
}
