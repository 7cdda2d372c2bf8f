package ir.meganaft.ragateway.store;

import ir.meganaft.ragateway.notification.CallbackEvents;
import ir.meganaft.ragateway.notification.DeliveryChannel;
import ir.meganaft.ragateway.notification.DeliveryStatus;
import ir.meganaft.ragateway.notification.OutboxEntry;
import ir.meganaft.ragateway.request.CertificateStatus;
import ir.meganaft.ragateway.request.RequestState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The transactional outbox of callbacks and CPMIS calls. Entries are added with the change they
 * report, in its transaction ({@link #add}); the relay and the consumers then record progress.
 */
public final class OutboxStore {
    private final Jdbi jdbi;

    public OutboxStore(Database database) {
        this.jdbi = database.jdbi();
    }

    /**
     * Called by every request state change, in its transaction: a callback entry when the caller
     * hears about the new state ({@link CallbackEvents}).
     */
    static void onStateChange(Handle h, String requestId, RequestState to, Instant at) {
        CallbackEvents.ofRequestState(to)
                .ifPresent(event -> add(h, requestId, DeliveryChannel.CALLBACK, event, null, at));
    }

    /**
     * Called by every certificate status change ({@link CertificateStore#changeStatus}), in its
     * transaction: a callback entry for the request the certificate was issued for, when the caller
     * hears about the change ({@link CallbackEvents}).
     */
    static void onCertificateStatusChange(
            Handle h, String requestId, String serialNumber, CertificateStatus from, CertificateStatus to, Instant at) {
        CallbackEvents.ofCertificateStatus(from, to)
                .ifPresent(event -> add(h, requestId, DeliveryChannel.CALLBACK, event, serialNumber, at));
    }

    /** Adds an entry in the caller's transaction, next in its request's and channel's sequence. */
    static void add(
            Handle h, String requestId, DeliveryChannel channel, String event, String serialNumber, Instant at) {
        // the request's row lock orders its entries (a state change holds it already; a revocation takes it here)
        h.createQuery("select id from cert_request where id = :r for update")
                .bind("r", requestId)
                .mapTo(String.class)
                .one();
        long sequence = h.createQuery(
                        "select coalesce(max(sequence), 0) + 1 from outbox where request_id = :r and channel = :c")
                .bind("r", requestId)
                .bind("c", channel.name())
                .mapTo(Long.class)
                .one();
        h.createUpdate("""
                insert into outbox (notification_id, request_id, channel, event, sequence, serial_number, occurred_at, status)
                values (:nid, :r, :c, :event, :seq, :serial, :at, 'PENDING')""")
                .bind("nid", UUID.randomUUID().toString())
                .bind("r", requestId)
                .bind("c", channel.name())
                .bind("event", event)
                .bind("seq", sequence)
                .bind("serial", serialNumber)
                .bind("at", Timestamp.from(at))
                .execute();
    }

    /** Entries not yet handed to the broker, oldest first. */
    public List<OutboxEntry> unpublished(int limit) {
        return jdbi.withHandle(
                h -> h.createQuery("select * from outbox where status = 'PENDING' order by id limit :limit")
                        .bind("limit", limit)
                        .map(OutboxStore::map)
                        .list());
    }

    /** The entry is on its queue (a repeat is harmless: the broker drops duplicates by id). */
    // The marks below that a delivery depends on (delivered, skipped, failed, replayed, dead) are
    // transactions, so each is synced to disk before the broker message is acknowledged (issue 11);
    // markQueued is not: losing it only makes the relay send again under the same duplicate id,
    // which the broker drops.
    public void markQueued(long id) {
        jdbi.useHandle(h -> h.createUpdate("update outbox set status = 'QUEUED' where id = :id and status = 'PENDING'")
                .bind("id", id)
                .execute());
    }

    public Optional<OutboxEntry> find(long id) {
        return jdbi.withHandle(h -> h.createQuery("select * from outbox where id = :id")
                .bind("id", id)
                .map(OutboxStore::map)
                .findOne());
    }

    public List<OutboxEntry> find(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbi.withHandle(h -> h.createQuery("select * from outbox where id in (<ids>) order by id")
                .bindList("ids", List.copyOf(ids))
                .map(OutboxStore::map)
                .list());
    }

    /** The entries of a request on a channel, in sequence. */
    public List<OutboxEntry> forRequest(String requestId, DeliveryChannel channel) {
        return jdbi.withHandle(
                h -> h.createQuery("select * from outbox where request_id = :r and channel = :c order by sequence")
                        .bind("r", requestId)
                        .bind("c", channel.name())
                        .map(OutboxStore::map)
                        .list());
    }

    /** The first earlier entry of the same request and channel that is not yet delivered, if any. */
    public Optional<OutboxEntry> earlierUnsettled(OutboxEntry e) {
        return jdbi.withHandle(h -> h.createQuery("""
                        select * from outbox where request_id = :r and channel = :c and sequence < :seq
                          and status not in ('DELIVERED', 'SKIPPED') order by sequence limit 1""")
                .bind("r", e.requestId())
                .bind("c", e.channel().name())
                .bind("seq", e.sequence())
                .map(OutboxStore::map)
                .findOne());
    }

    public void markDelivered(long id, String target, Instant at) {
        jdbi.useTransaction(h -> h.createUpdate("""
                update outbox set status = 'DELIVERED', target = :target, attempts = attempts + 1, last_attempt_at = :at,
                  delivered_at = :at where id = :id""")
                .bind("target", target)
                .bind("at", Timestamp.from(at))
                .bind("id", id)
                .execute());
    }

    public void markSkipped(long id, String why, Instant at) {
        jdbi.useTransaction(h -> h.createUpdate("""
                update outbox set status = 'SKIPPED', last_error = :why, last_attempt_at = :at where id = :id""")
                .bind("why", why)
                .bind("at", Timestamp.from(at))
                .bind("id", id)
                .execute());
    }

    /** A failed attempt; {@code dead} when it was the last one and the broker moves the entry to the dead letters. */
    public void recordFailure(long id, String target, String error, boolean dead, Instant at) {
        jdbi.useTransaction(h -> h.createUpdate("""
                update outbox set status = :status, target = coalesce(:target, target), attempts = attempts + 1,
                  last_error = :error, last_attempt_at = :at where id = :id and status not in ('DELIVERED', 'SKIPPED')""")
                .bind("status", (dead ? DeliveryStatus.DEAD : DeliveryStatus.RETRYING).name())
                .bind("target", target)
                .bind("error", truncate(error))
                .bind("at", Timestamp.from(at))
                .bind("id", id)
                .execute());
    }

    /** Back on its queue after an admin's replay, with a fresh series of attempts. */
    public void markReplayed(long id) {
        jdbi.useTransaction(h -> h.createUpdate("update outbox set status = 'QUEUED', attempts = 0 where id = :id")
                .bind("id", id)
                .execute());
    }

    /** A replay found no dead letter to move after all: the entry stays dead. */
    public void markDead(long id) {
        jdbi.useTransaction(
                h -> h.createUpdate("update outbox set status = 'DEAD' where id = :id and status = 'QUEUED'")
                        .bind("id", id)
                        .execute());
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 4000 ? text : text.substring(0, 3997) + "...";
    }

    static OutboxEntry map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new OutboxEntry(
                rs.getLong("id"),
                rs.getString("notification_id"),
                rs.getString("request_id"),
                DeliveryChannel.valueOf(rs.getString("channel")),
                rs.getString("event"),
                rs.getLong("sequence"),
                rs.getString("serial_number"),
                RequestRows.instant(rs, "occurred_at"),
                DeliveryStatus.valueOf(rs.getString("status")),
                rs.getString("target"),
                rs.getInt("attempts"),
                rs.getString("last_error"),
                RequestRows.instant(rs, "last_attempt_at"));
    }
}
