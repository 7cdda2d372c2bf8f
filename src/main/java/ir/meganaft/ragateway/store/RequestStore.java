package ir.meganaft.ragateway.store;

import ir.meganaft.ragateway.request.Applicant;
import ir.meganaft.ragateway.request.ApplicantKind;
import ir.meganaft.ragateway.request.CertificateRequest;
import ir.meganaft.ragateway.request.Channel;
import ir.meganaft.ragateway.request.ChannelDetails;
import ir.meganaft.ragateway.request.Check;
import ir.meganaft.ragateway.request.CheckKind;
import ir.meganaft.ragateway.request.Delivery;
import ir.meganaft.ragateway.request.Representative;
import ir.meganaft.ragateway.request.RequestState;
import ir.meganaft.ragateway.request.RequestType;
import ir.meganaft.ragateway.request.Revocation;
import ir.meganaft.ragateway.request.StateChange;
import ir.meganaft.ragateway.request.SubmittedDocument;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Certificate requests and their history. Every state change is a conditional update
 * ({@code where state = :from}) written together with its history row, so two instances or two
 * consumers racing on one request cannot both move it.
 */
public final class RequestStore {
    private final Jdbi jdbi;
    private final java.time.Clock clock;

    public RequestStore(Database database, java.time.Clock clock) {
        this.jdbi = database.jdbi();
        this.clock = clock;
    }

    /** Inserts a new request with its documents and first history row, in one transaction. */
    public void insert(CertificateRequest r, List<SubmittedDocument> documents, String actor) {
        insert(r, documents, actor, null);
    }

    /** @param requestedBy for a revocation, who asked for it (HOLDER, ORGANIZATION, RA) */
    public void insert(CertificateRequest r, List<SubmittedDocument> documents, String actor, String requestedBy) {
        Representative rep = r.applicant().representative();
        jdbi.useTransaction(h -> {
            h.createUpdate("""
                    insert into cert_request (id, caller_system_id, client_request_id, content_hash, request_type,
                      applicant_kind, channel, state, given_name, surname, given_name_latin, surname_latin,
                      national_code, email, mobile, organization_name, organizational_unit, legal_id, job_title,
                      contract_type, personnel_number, postal_code, birth_date, identification_method,
                      rep_given_name, rep_surname, rep_national_code, rep_email, rep_mobile, rep_identification_method,
                      authorization_reference, authorization_terms, authorization_valid_until,
                      target_serial, revocation_reason, invalidity_date, requested_by,
                      company_name, rd_unit, contracting_authority, ra_office, payment_reference, caller_operator,
                      reply_to, profile, remarks, csr_der, public_key_sha256, requested_subject, received_at, updated_at)
                    values (:id, :caller, :clientId, :hash, :type, :kind, :channel, :state, :givenName, :surname,
                      :givenNameLatin, :surnameLatin, :nationalCode, :email, :mobile, :orgName, :orgUnit, :legalId,
                      :jobTitle, :contractType, :personnelNumber, :postalCode, :birthDate, :identificationMethod,
                      :repGivenName, :repSurname, :repNationalCode, :repEmail, :repMobile, :repIdentificationMethod,
                      :authReference, :authTerms, :authValidUntil,
                      :targetSerial, :revocationReason, :invalidityDate, :requestedBy,
                      :company, :rdUnit, :authority, :raOffice, :payment, :operator, :replyTo, :profile,
                      :remarks, :csr, :keyHash, :subject, :at, :at)""")
                    .bind("id", r.id())
                    .bind("caller", r.callerSystemId())
                    .bind("clientId", r.clientRequestId())
                    .bind("hash", r.contentHash())
                    .bind("type", r.type().name())
                    .bind("kind", r.applicant().kind().name())
                    .bind("channel", r.channel().channel().name())
                    .bind("state", r.state().name())
                    .bind("givenName", r.applicant().givenName())
                    .bind("surname", r.applicant().surname())
                    .bind("givenNameLatin", r.applicant().givenNameLatin())
                    .bind("surnameLatin", r.applicant().surnameLatin())
                    .bind("nationalCode", r.applicant().nationalCode())
                    .bind("email", r.applicant().email())
                    .bind("mobile", r.applicant().mobile())
                    .bind("orgName", r.applicant().organizationName())
                    .bind("orgUnit", r.applicant().organizationalUnit())
                    .bind("legalId", r.applicant().legalId())
                    .bind("jobTitle", r.applicant().jobTitle())
                    .bind("contractType", r.applicant().contractType())
                    .bind("personnelNumber", r.applicant().personnelNumber())
                    .bind("postalCode", r.applicant().postalCode())
                    .bind("birthDate", r.applicant().birthDate())
                    .bind("identificationMethod", r.applicant().identificationMethod())
                    .bind("repGivenName", rep == null ? null : rep.givenName())
                    .bind("repSurname", rep == null ? null : rep.surname())
                    .bind("repNationalCode", rep == null ? null : rep.nationalCode())
                    .bind("repEmail", rep == null ? null : rep.email())
                    .bind("repMobile", rep == null ? null : rep.mobile())
                    .bind("repIdentificationMethod", rep == null ? null : rep.identificationMethod())
                    .bind("authReference", rep == null ? null : rep.authorizationReference())
                    .bind("authTerms", rep == null ? null : rep.authorizationTerms())
                    .bind("authValidUntil", rep == null ? null : rep.authorizationValidUntil())
                    .bind("targetSerial", r.targetSerial())
                    .bind("revocationReason", r.requestedRevocation() == null ? null : r.requestedRevocation().reason())
                    .bind("invalidityDate", r.requestedRevocation() == null || r.requestedRevocation().invalidityDate() == null
                            ? null : Timestamp.from(r.requestedRevocation().invalidityDate()))
                    .bind("requestedBy", requestedBy)
                    .bind("company", r.channel().companyName())
                    .bind("rdUnit", r.channel().rdUnit())
                    .bind("authority", r.channel().contractingAuthority())
                    .bind("raOffice", r.channel().raOffice())
                    .bind("payment", r.channel().paymentReference())
                    .bind("operator", r.callerOperator())
                    .bind("replyTo", r.replyTo())
                    .bind("profile", r.profile())
                    .bind("remarks", r.remarks())
                    .bind("csr", r.csrDer())
                    .bind("keyHash", r.publicKeySha256())
                    .bind("subject", r.requestedSubject())
                    .bind("at", Timestamp.from(r.receivedAt()))
                    .execute();
            int position = 0;
            for (SubmittedDocument d : documents) {
                h.createUpdate("""
                        insert into request_document (request_id, position, document_type, holder, number, issuer,
                          issue_date, expiry_date, description, file_name, file_sha256, file_size)
                        values (:id, :position, :type, :holder, :number, :issuer, :issueDate, :expiryDate,
                          :description, :fileName, :sha, :size)""")
                        .bind("id", r.id()).bind("position", position++).bind("type", d.type())
                        .bind("holder", d.holder()).bind("number", d.number()).bind("issuer", d.issuer())
                        .bind("issueDate", d.issueDate()).bind("expiryDate", d.expiryDate())
                        .bind("description", d.description()).bind("fileName", d.fileName())
                        .bind("sha", d.fileSha256()).bind("size", d.fileSize())
                        .execute();
            }
            event(h, r.id(), null, r.state(), actor, r.state() == RequestState.RECEIVED ? null : r.remarks(), r.receivedAt());
        });
    }

    public Optional<CertificateRequest> find(String id) {
        return jdbi.withHandle(h -> h.createQuery("select * from cert_request where id = :id")
                .bind("id", id).map(RequestStore::map).findOne());
    }

    public Optional<CertificateRequest> findByClientRequestId(String callerSystemId, String clientRequestId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "select * from cert_request where caller_system_id = :caller and client_request_id = :clientId")
                .bind("caller", callerSystemId).bind("clientId", clientRequestId)
                .map(RequestStore::map).findOne());
    }

    /**
     * Moves a request from one state to another if it is still in {@code from}.
     *
     * @return false when the request was not in {@code from} (someone else moved it first)
     */
    public boolean transition(String id, RequestState from, RequestState to, String actor, String note) {
        return jdbi.inTransaction(h -> transition(h, id, from, to, actor, note, null, null, clock.instant()));
    }

    /** Moves a request to REJECTED, recording the machine code and the reason the caller will see. */
    public boolean reject(String id, RequestState from, String actor, String code, String reason) {
        return jdbi.inTransaction(h -> transition(h, id, from, RequestState.REJECTED, actor, reason, code, reason,
                clock.instant()));
    }

    /**
     * The one place a request changes state: only if its kind allows the move ({@link
     * RequestType#allows}) and it is still in {@code from}, with its history row and the caller's
     * callback (as {@code notification/CallbackEvents} decides) in the same transaction.
     *
     * @return false when the request was not in {@code from} (someone else moved it first)
     * @throws IllegalArgumentException when the request's kind does not move from {@code from} to {@code to}
     */
    static boolean transition(Handle h, String id, RequestState from, RequestState to, String actor, String note,
            String rejectionCode, String rejectionReason, Instant now) {
        Set<RequestType> kinds = RequestType.allowing(from, to);
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("Transition " + from + " -> " + to + " is not allowed");
        }
        int updated = h.createUpdate("""
                update cert_request set state = :to, updated_at = :at,
                  rejection_code = coalesce(:code, rejection_code), rejection_reason = coalesce(:reason, rejection_reason)
                where id = :id and state = :from and request_type in (<kinds>)""")
                .bind("to", to.name()).bind("at", Timestamp.from(now)).bind("code", rejectionCode)
                .bind("reason", rejectionReason).bind("id", id).bind("from", from.name())
                .bindList("kinds", kinds.stream().map(Enum::name).toList())
                .execute();
        if (updated == 0) {
            requireKindAllows(h, id, from, to, kinds);
            return false;
        }
        event(h, id, from, to, actor, note, now);
        OutboxStore.onStateChange(h, id, to, now); // the caller's callback, in this same transaction
        return true;
    }

    /** After a move that changed nothing: refuses it if the request is still in {@code from} but of another kind. */
    private static void requireKindAllows(Handle h, String id, RequestState from, RequestState to, Set<RequestType> kinds) {
        if (kinds.size() == RequestType.values().length) {
            return;
        }
        h.createQuery("select request_type from cert_request where id = :id and state = :from")
                .bind("id", id).bind("from", from.name()).mapTo(String.class).findOne()
                .map(RequestType::valueOf).filter(kind -> !kinds.contains(kind)).ifPresent(kind -> {
                    throw new IllegalArgumentException("Transition " + from + " -> " + to + " is not allowed for a "
                            + kind + " request");
                });
    }

    public List<StateChange> history(String id) {
        return jdbi.withHandle(h -> h.createQuery(
                        "select from_state, to_state, actor, note, at from request_event where request_id = :id order by id")
                .bind("id", id)
                .map((rs, ctx) -> new StateChange(
                        rs.getString("from_state") == null ? null : RequestState.valueOf(rs.getString("from_state")),
                        RequestState.valueOf(rs.getString("to_state")), rs.getString("actor"), rs.getString("note"),
                        instant(rs, "at")))
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
                    where r.id = :id and r.request_type = 'RENEW'""").bind("id", renewal).mapTo(String.class)
                    .findOne().orElse(null));
        }
        return List.of();
    }

    public List<SubmittedDocument> documents(String id) {
        return jdbi.withHandle(h -> h.createQuery("select * from request_document where request_id = :id order by position")
                .bind("id", id)
                .map((rs, ctx) -> new SubmittedDocument(rs.getString("document_type"), rs.getString("holder"),
                        rs.getString("number"), rs.getString("issuer"), rs.getObject("issue_date", java.time.LocalDate.class),
                        rs.getObject("expiry_date", java.time.LocalDate.class), rs.getString("description"),
                        rs.getString("file_name"), rs.getString("file_sha256"),
                        (Long) rs.getObject("file_size", Long.class)))
                .list());
    }

    /** Requests in any of the given states, oldest first, after the given request (keyset paging). */
    public List<CertificateRequest> inStates(java.util.Collection<RequestState> states, int limit, String afterId) {
        List<String> names = states.stream().map(Enum::name).toList();
        return jdbi.withHandle(h -> {
            if (afterId == null) {
                return h.createQuery("select * from cert_request where state in (<states>) order by received_at, id limit :limit")
                        .bindList("states", names).bind("limit", limit).map(RequestStore::map).list();
            }
            return h.createQuery("""
                    select r.* from cert_request r, cert_request a
                    where a.id = :after and r.state in (<states>)
                      and (r.received_at > a.received_at or (r.received_at = a.received_at and r.id > a.id))
                    order by r.received_at, r.id limit :limit""")
                    .bind("after", afterId).bindList("states", names).bind("limit", limit)
                    .map(RequestStore::map).list();
        });
    }

    /** The evidence kept for a request, oldest first. */
    public List<Check> checks(String id) {
        return jdbi.withHandle(h -> checks(h, id));
    }

    /** Adds evidence outside any state change (e.g. a civil-registry answer). */
    public void addCheck(String id, Check check) {
        jdbi.useTransaction(h -> addCheck(h, id, check));
    }

    /**
     * Runs {@code work} with the request's row locked until the transaction ends.
     *
     * @return empty when there is no such request
     */
    public <T> Optional<T> locked(String id, Function<RequestTransaction, T> work) {
        return jdbi.inTransaction(h -> {
            Optional<CertificateRequest> found = h.createQuery("select * from cert_request where id = :id for update")
                    .bind("id", id).map(RequestStore::map).findOne();
            if (found.isEmpty()) {
                return Optional.empty();
            }
            return Optional.ofNullable(work.apply(new LockedRequest(h, found.get(), clock)));
        });
    }

    private static final class LockedRequest implements RequestTransaction {
        private final Handle h;
        private final java.time.Clock clock;
        private CertificateRequest request;

        LockedRequest(Handle h, CertificateRequest request, java.time.Clock clock) {
            this.h = h;
            this.request = request;
            this.clock = clock;
        }

        @Override
        public CertificateRequest request() {
            return request;
        }

        @Override
        public List<Check> checks() {
            return RequestStore.checks(h, request.id());
        }

        @Override
        public void addCheck(Check check) {
            RequestStore.addCheck(h, request.id(), check);
        }

        @Override
        public void moveTo(RequestState target, String actor, String note) {
            if (!transition(h, request.id(), request.state(), target, actor, note, null, null, clock.instant())) {
                throw new IllegalStateException("Request " + request.id() + " changed under its lock");
            }
            reload();
        }

        @Override
        public void reject(String actor, String code, String reason) {
            if (!transition(h, request.id(), request.state(), RequestState.REJECTED, actor, reason, code, reason,
                    clock.instant())) {
                throw new IllegalStateException("Request " + request.id() + " changed under its lock");
            }
            reload();
        }

        @Override
        public void recordDelivery(Delivery delivery) {
            h.createUpdate("""
                    update cert_request set token_serial = :token, delivered_to = :to, delivered_by = :by, delivered_at = :at
                    where id = :id""")
                    .bind("token", delivery.tokenSerialNumber()).bind("to", delivery.deliveredTo())
                    .bind("by", delivery.officerId()).bind("at", Timestamp.from(delivery.at()))
                    .bind("id", request.id()).execute();
            reload();
        }

        @Override
        public void recordPaymentReference(String paymentReference) {
            h.createUpdate("update cert_request set payment_reference = :ref where id = :id")
                    .bind("ref", paymentReference).bind("id", request.id()).execute();
            reload();
        }

        private void reload() {
            request = h.createQuery("select * from cert_request where id = :id").bind("id", request.id())
                    .map(RequestStore::map).one();
        }
    }

    static List<Check> checks(Handle h, String id) {
        return h.createQuery("select * from request_check where request_id = :id order by id")
                .bind("id", id)
                .map((rs, ctx) -> new Check(CheckKind.valueOf(rs.getString("kind")), rs.getString("actor"),
                        rs.getString("role"), rs.getString("outcome"), rs.getString("identification_method"),
                        rs.getString("details"), rs.getString("remarks"), instant(rs, "at")))
                .list();
    }

    static void addCheck(Handle h, String id, Check c) {
        h.createUpdate("""
                insert into request_check (request_id, kind, actor, role, outcome, identification_method, details, remarks, at)
                values (:id, :kind, :actor, :role, :outcome, :method, :details, :remarks, :at)""")
                .bind("id", id).bind("kind", c.kind().name()).bind("actor", c.actor()).bind("role", c.role())
                .bind("outcome", c.outcome()).bind("method", c.identificationMethod()).bind("details", c.details())
                .bind("remarks", c.remarks()).bind("at", Timestamp.from(c.at()))
                .execute();
    }

    /** Ids of requests that have sat in a state since before {@code olderThan}: candidates to queue again. */
    public List<String> idleSince(RequestState state, Instant olderThan, int limit) {
        return jdbi.withHandle(h -> h.createQuery(
                        "select id from cert_request where state = :state and updated_at < :before order by updated_at limit :limit")
                .bind("state", state.name()).bind("before", Timestamp.from(olderThan)).bind("limit", limit)
                .mapTo(String.class).list());
    }

    /** A renewal of this certificate that is still open (not rejected, cancelled or delivered), if any. */
    public Optional<String> openRenewalOf(String serialNumber) {
        return jdbi.withHandle(h -> h.createQuery("""
                select id from cert_request where request_type = 'RENEW' and target_serial = :serial
                  and state not in ('REJECTED', 'CANCELLED', 'DELIVERED') order by received_at limit 1""")
                .bind("serial", serialNumber).mapTo(String.class).findOne());
    }

    /** Delivered renewals whose previous certificate is still GOOD (their supersede failed), idle since {@code before}. */
    public List<Map.Entry<String, String>> deliveredRenewalsNotSuperseding(Instant before, int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                select r.id, r.target_serial from cert_request r join certificate c on c.serial_number = r.target_serial
                where r.request_type = 'RENEW' and r.state = 'DELIVERED' and c.status = 'GOOD' and r.updated_at < :before
                order by r.updated_at limit :limit""")
                .bind("before", Timestamp.from(before)).bind("limit", limit)
                .map((rs, ctx) -> Map.entry(rs.getString("id"), rs.getString("target_serial"))).list());
    }

    /** A revocation of this certificate that has not finished yet, if any. */
    public Optional<String> openRevocationOf(String serialNumber) {
        return jdbi.withHandle(h -> h.createQuery("""
                select id from cert_request where request_type = 'REVOKE' and target_serial = :serial
                  and state in ('RECEIVED', 'PENDING_APPROVAL', 'APPROVED') order by received_at limit 1""")
                .bind("serial", serialNumber).mapTo(String.class).findOne());
    }

    /** True when another live request (not rejected or cancelled) already uses this public key. */
    public boolean publicKeyInOtherRequest(String publicKeySha256, String exceptRequestId) {
        return jdbi.withHandle(h -> h.createQuery("""
                select count(*) from cert_request where public_key_sha256 = :key and id <> :id
                  and request_type <> 'REVOKE' and state not in ('REJECTED', 'CANCELLED')""")
                .bind("key", publicKeySha256).bind("id", exceptRequestId).mapTo(Integer.class).one() > 0);
    }

    static void event(Handle h, String id, RequestState from, RequestState to, String actor, String note, Instant at) {
        h.createUpdate("""
                insert into request_event (request_id, from_state, to_state, actor, note, at)
                values (:id, :from, :to, :actor, :note, :at)""")
                .bind("id", id).bind("from", from == null ? null : from.name()).bind("to", to.name())
                .bind("actor", actor).bind("note", note).bind("at", Timestamp.from(at))
                .execute();
    }

    private static CertificateRequest map(ResultSet rs, StatementContext ctx) throws SQLException {
        Representative representative = rs.getString("rep_national_code") == null ? null : new Representative(
                rs.getString("rep_given_name"), rs.getString("rep_surname"), rs.getString("rep_national_code"),
                rs.getString("rep_email"), rs.getString("rep_mobile"), rs.getString("rep_identification_method"),
                rs.getString("authorization_reference"), rs.getString("authorization_terms"),
                rs.getObject("authorization_valid_until", LocalDate.class));
        Applicant applicant = new Applicant(ApplicantKind.valueOf(rs.getString("applicant_kind")),
                rs.getString("given_name"), rs.getString("surname"), rs.getString("given_name_latin"),
                rs.getString("surname_latin"), rs.getString("national_code"), rs.getObject("birth_date", LocalDate.class),
                rs.getString("email"), rs.getString("mobile"), rs.getString("postal_code"),
                rs.getString("organization_name"), null, rs.getString("organizational_unit"),
                rs.getString("legal_id"), rs.getString("job_title"), rs.getString("contract_type"),
                rs.getString("personnel_number"), rs.getString("identification_method"), representative);
        ChannelDetails channel = new ChannelDetails(Channel.valueOf(rs.getString("channel")), rs.getString("company_name"),
                rs.getString("rd_unit"), rs.getString("contracting_authority"), rs.getString("ra_office"),
                rs.getString("payment_reference"));
        return new CertificateRequest(rs.getString("id"), rs.getString("caller_system_id"),
                rs.getString("client_request_id"), rs.getString("content_hash"),
                RequestType.valueOf(rs.getString("request_type")), applicant, channel,
                RequestState.valueOf(rs.getString("state")), rs.getBytes("csr_der"), rs.getString("public_key_sha256"),
                rs.getString("requested_subject"), rs.getString("profile"), rs.getString("remarks"),
                rs.getString("reply_to"), rs.getString("caller_operator"), rs.getString("rejection_code"),
                rs.getString("rejection_reason"), rs.getString("token_serial") == null ? null
                        : new Delivery(rs.getString("token_serial"), rs.getString("delivered_to"),
                                rs.getString("delivered_by"), instant(rs, "delivered_at")),
                rs.getString("target_serial"), rs.getString("revocation_reason") == null ? null
                        : new Revocation(rs.getString("revocation_reason"), null, instant(rs, "invalidity_date")),
                instant(rs, "received_at"), instant(rs, "updated_at"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        return instant(rs, rs.findColumn(column));
    }

    /** By position, for readers of many rows (the CRL's). */
    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
