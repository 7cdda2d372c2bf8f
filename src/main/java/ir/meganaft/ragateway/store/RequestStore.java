package ir.meganaft.ragateway.store;

import ir.meganaft.ragateway.request.CertificateRequest;
import ir.meganaft.ragateway.request.Check;
import ir.meganaft.ragateway.request.Delivery;
import ir.meganaft.ragateway.request.Representative;
import ir.meganaft.ragateway.request.RequestState;
import ir.meganaft.ragateway.request.RequestType;
import ir.meganaft.ragateway.request.SubmittedDocument;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Certificate requests and their history: the commands (insert, state changes, evidence, the
 * locked request). The reads are {@link RequestQueries}, which this extends, so a feature that only
 * reads takes a {@code RequestQueries}; rows become requests in {@link RequestRows}. Every state change is a conditional update
 * ({@code where state = :from}) written together with its history row, so two instances or two
 * consumers racing on one request cannot both move it.
 */
public final class RequestStore extends RequestQueries {
    private final Jdbi jdbi;
    private final java.time.Clock clock;

    public RequestStore(Database database, java.time.Clock clock) {
        super(database);
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
                    .bind(
                            "revocationReason",
                            r.requestedRevocation() == null
                                    ? null
                                    : r.requestedRevocation().reason())
                    .bind(
                            "invalidityDate",
                            r.requestedRevocation() == null
                                            || r.requestedRevocation().invalidityDate() == null
                                    ? null
                                    : Timestamp.from(r.requestedRevocation().invalidityDate()))
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
                        .bind("id", r.id())
                        .bind("position", position++)
                        .bind("type", d.type())
                        .bind("holder", d.holder())
                        .bind("number", d.number())
                        .bind("issuer", d.issuer())
                        .bind("issueDate", d.issueDate())
                        .bind("expiryDate", d.expiryDate())
                        .bind("description", d.description())
                        .bind("fileName", d.fileName())
                        .bind("sha", d.fileSha256())
                        .bind("size", d.fileSize())
                        .execute();
            }
            event(
                    h,
                    r.id(),
                    null,
                    r.state(),
                    actor,
                    r.state() == RequestState.RECEIVED ? null : r.remarks(),
                    r.receivedAt());
        });
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
        return jdbi.inTransaction(
                h -> transition(h, id, from, RequestState.REJECTED, actor, reason, code, reason, clock.instant()));
    }

    /**
     * The one place a request changes state: only if its kind allows the move ({@link
     * RequestType#allows}) and it is still in {@code from}, with its history row and the caller's
     * callback (as {@code notification/CallbackEvents} decides) in the same transaction.
     *
     * @return false when the request was not in {@code from} (someone else moved it first)
     * @throws IllegalArgumentException when the request's kind does not move from {@code from} to {@code to}
     */
    static boolean transition(
            Handle h,
            String id,
            RequestState from,
            RequestState to,
            String actor,
            String note,
            String rejectionCode,
            String rejectionReason,
            Instant now) {
        Set<RequestType> kinds = RequestType.allowing(from, to);
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("Transition " + from + " -> " + to + " is not allowed");
        }
        int updated = h.createUpdate("""
                update cert_request set state = :to, updated_at = :at,
                  rejection_code = coalesce(:code, rejection_code), rejection_reason = coalesce(:reason, rejection_reason)
                where id = :id and state = :from and request_type in (<kinds>)""")
                .bind("to", to.name())
                .bind("at", Timestamp.from(now))
                .bind("code", rejectionCode)
                .bind("reason", rejectionReason)
                .bind("id", id)
                .bind("from", from.name())
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
    private static void requireKindAllows(
            Handle h, String id, RequestState from, RequestState to, Set<RequestType> kinds) {
        if (kinds.size() == RequestType.values().length) {
            return;
        }
        h.createQuery("select request_type from cert_request where id = :id and state = :from")
                .bind("id", id)
                .bind("from", from.name())
                .mapTo(String.class)
                .findOne()
                .map(RequestType::valueOf)
                .filter(kind -> !kinds.contains(kind))
                .ifPresent(kind -> {
                    throw new IllegalArgumentException(
                            "Transition " + from + " -> " + to + " is not allowed for a " + kind + " request");
                });
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
                    .bind("id", id)
                    .map(RequestRows::request)
                    .findOne();
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
            return RequestQueries.checks(h, request.id());
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
            if (!transition(
                    h,
                    request.id(),
                    request.state(),
                    RequestState.REJECTED,
                    actor,
                    reason,
                    code,
                    reason,
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
                    .bind("token", delivery.tokenSerialNumber())
                    .bind("to", delivery.deliveredTo())
                    .bind("by", delivery.officerId())
                    .bind("at", Timestamp.from(delivery.at()))
                    .bind("id", request.id())
                    .execute();
            reload();
        }

        @Override
        public void recordPaymentReference(String paymentReference) {
            h.createUpdate("update cert_request set payment_reference = :ref where id = :id")
                    .bind("ref", paymentReference)
                    .bind("id", request.id())
                    .execute();
            reload();
        }

        private void reload() {
            request = h.createQuery("select * from cert_request where id = :id")
                    .bind("id", request.id())
                    .map(RequestRows::request)
                    .one();
        }
    }

    static void addCheck(Handle h, String id, Check c) {
        h.createUpdate("""
                insert into request_check (request_id, kind, actor, role, outcome, identification_method, details, remarks, at)
                values (:id, :kind, :actor, :role, :outcome, :method, :details, :remarks, :at)""")
                .bind("id", id)
                .bind("kind", c.kind().name())
                .bind("actor", c.actor())
                .bind("role", c.role())
                .bind("outcome", c.outcome())
                .bind("method", c.identificationMethod())
                .bind("details", c.details())
                .bind("remarks", c.remarks())
                .bind("at", Timestamp.from(c.at()))
                .execute();
    }

    static void event(Handle h, String id, RequestState from, RequestState to, String actor, String note, Instant at) {
        h.createUpdate("""
                insert into request_event (request_id, from_state, to_state, actor, note, at)
                values (:id, :from, :to, :actor, :note, :at)""")
                .bind("id", id)
                .bind("from", from == null ? null : from.name())
                .bind("to", to.name())
                .bind("actor", actor)
                .bind("note", note)
                .bind("at", Timestamp.from(at))
                .execute();
    }
}
