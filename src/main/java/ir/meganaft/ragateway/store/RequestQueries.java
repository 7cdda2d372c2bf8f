package ir.meganaft.ragateway.store;

import ir.meganaft.ragateway.request.CertificateRequest;
import ir.meganaft.ragateway.request.Check;
import ir.meganaft.ragateway.request.CheckKind;
import ir.meganaft.ragateway.request.RequestState;
import ir.meganaft.ragateway.request.StateChange;
import ir.meganaft.ragateway.request.SubmittedDocument;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The reads of certificate requests: by id or client request id, history, documents and evidence,
 * the officers' queue, and the recovery and lifecycle lookups. {@link RequestStore} adds the writes.
 */
public class RequestQueries {
    private final Jdbi jdbi;

    public RequestQueries(Database database) {
        this.jdbi = database.jdbi();
    }

    public Optional<CertificateRequest> find(String id) {
        return jdbi.withHandle(h -> h.createQuery("select * from cert_request where id = :id")
                .bind("id", id)
                .map(RequestRows::request)
                .findOne());
    }

    public Optional<CertificateRequest> findByClientRequestId(String callerSystemId, String clientRequestId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "select * from cert_request where caller_system_id = :caller and client_request_id = :clientId")
                .bind("caller", callerSystemId)
                .bind("clientId", clientRequestId)
                .map(RequestRows::request)
                .findOne());
    }

    public List<StateChange> history(String id) {
        return jdbi.withHandle(h -> h.createQuery(
                        "select from_state, to_state, actor, note, at from request_event where request_id = :id order by id")
                .bind("id", id)
                .map((rs, ctx) -> new StateChange(
                        rs.getString("from_state") == null ? null : RequestState.valueOf(rs.getString("from_state")),
                        RequestState.valueOf(rs.getString("to_state")),
                        rs.getString("actor"),
                        rs.getString("note"),
                        RequestRows.instant(rs, "at")))
                .list());
    }

    /**
     * The documents a request's vetting relies on: its own or, for a renewal (which sends none again),
     * those of the request that brought them, found through the certificate it renews.
     */
    public List<SubmittedDocument> documentsOnFile(String id) {
        String current = id;
        for (int hop = 0; hop < 64 && current != null; hop++) {
            List<SubmittedDocument> documents = documents(current);
            if (!documents.isEmpty()) {
                return documents;
            }
            String renewal = current;
            current = jdbi.withHandle(h -> h.createQuery("""
                    select c.request_id from cert_request r join certificate c on c.serial_number = r.target_serial
                    where r.id = :id and r.request_type = 'RENEW'""")
                    .bind("id", renewal)
                    .mapTo(String.class)
                    .findOne()
                    .orElse(null));
        }
        return List.of();
    }

    public List<SubmittedDocument> documents(String id) {
        return jdbi.withHandle(h -> h.createQuery(
                        "select * from request_document where request_id = :id order by position")
                .bind("id", id)
                .map((rs, ctx) -> new SubmittedDocument(
                        rs.getString("document_type"),
                        rs.getString("holder"),
                        rs.getString("number"),
                        rs.getString("issuer"),
                        rs.getObject("issue_date", java.time.LocalDate.class),
                        rs.getObject("expiry_date", java.time.LocalDate.class),
                        rs.getString("description"),
                        rs.getString("file_name"),
                        rs.getString("file_sha256"),
                        (Long) rs.getObject("file_size", Long.class)))
                .list());
    }

    /** Requests in any of the given states, oldest first, after the given request (keyset paging). */
    public List<CertificateRequest> inStates(java.util.Collection<RequestState> states, int limit, String afterId) {
        List<String> names = states.stream().map(Enum::name).toList();
        return jdbi.withHandle(h -> {
            if (afterId == null) {
                return h.createQuery(
                                "select * from cert_request where state in (<states>) order by received_at, id limit :limit")
                        .bindList("states", names)
                        .bind("limit", limit)
                        .map(RequestRows::request)
                        .list();
            }
            return h.createQuery("""
                    select r.* from cert_request r, cert_request a
                    where a.id = :after and r.state in (<states>)
                      and (r.received_at > a.received_at or (r.received_at = a.received_at and r.id > a.id))
                    order by r.received_at, r.id limit :limit""")
                    .bind("after", afterId)
                    .bindList("states", names)
                    .bind("limit", limit)
                    .map(RequestRows::request)
                    .list();
        });
    }

    /** The evidence kept for a request, oldest first. */
    public List<Check> checks(String id) {
        return jdbi.withHandle(h -> checks(h, id));
    }

    /** Ids of requests that have sat in a state since before {@code olderThan}: candidates to queue again. */
    public List<String> idleSince(RequestState state, Instant olderThan, int limit) {
        return jdbi.withHandle(h -> h.createQuery(
                        "select id from cert_request where state = :state and updated_at < :before order by updated_at limit :limit")
                .bind("state", state.name())
                .bind("before", Timestamp.from(olderThan))
                .bind("limit", limit)
                .mapTo(String.class)
                .list());
    }

    /** A renewal of this certificate that is still open (not rejected, cancelled or delivered), if any. */
    public Optional<String> openRenewalOf(String serialNumber) {
        return jdbi.withHandle(h -> h.createQuery("""
                select id from cert_request where request_type = 'RENEW' and target_serial = :serial
                  and state not in ('REJECTED', 'CANCELLED', 'DELIVERED') order by received_at limit 1""")
                .bind("serial", serialNumber)
                .mapTo(String.class)
                .findOne());
    }

    /** Delivered renewals whose previous certificate is still GOOD (their supersede failed), idle since {@code before}. */
    public List<Map.Entry<String, String>> deliveredRenewalsNotSuperseding(Instant before, int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                select r.id, r.target_serial from cert_request r join certificate c on c.serial_number = r.target_serial
                where r.request_type = 'RENEW' and r.state = 'DELIVERED' and c.status = 'GOOD' and r.updated_at < :before
                order by r.updated_at limit :limit""")
                .bind("before", Timestamp.from(before))
                .bind("limit", limit)
                .map((rs, ctx) -> Map.entry(rs.getString("id"), rs.getString("target_serial")))
                .list());
    }

    /** A revocation of this certificate that has not finished yet, if any. */
    public Optional<String> openRevocationOf(String serialNumber) {
        return jdbi.withHandle(h -> h.createQuery("""
                select id from cert_request where request_type = 'REVOKE' and target_serial = :serial
                  and state in ('RECEIVED', 'PENDING_APPROVAL', 'APPROVED') order by received_at limit 1""")
                .bind("serial", serialNumber)
                .mapTo(String.class)
                .findOne());
    }

    /** True when another live request (not rejected or cancelled) already uses this public key. */
    public boolean publicKeyInOtherRequest(String publicKeySha256, String exceptRequestId) {
        return jdbi.withHandle(h -> h.createQuery("""
                select count(*) from cert_request where public_key_sha256 = :key and id <> :id
                  and request_type <> 'REVOKE' and state not in ('REJECTED', 'CANCELLED')""")
                        .bind("key", publicKeySha256)
                        .bind("id", exceptRequestId)
                        .mapTo(Integer.class)
                        .one()
                > 0);
    }

    static List<Check> checks(Handle h, String id) {
        return h.createQuery("select * from request_check where request_id = :id order by id")
                .bind("id", id)
                .map((rs, ctx) -> new Check(
                        CheckKind.valueOf(rs.getString("kind")),
                        rs.getString("actor"),
                        rs.getString("role"),
                        rs.getString("outcome"),
                        rs.getString("identification_method"),
                        rs.getString("details"),
                        rs.getString("remarks"),
                        RequestRows.instant(rs, "at")))
                .list();
    }
}
