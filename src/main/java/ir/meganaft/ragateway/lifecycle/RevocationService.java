package ir.meganaft.ragateway.lifecycle;

import ir.meganaft.ragateway.ca.CaRefusedException;
import ir.meganaft.ragateway.ca.CertificateAuthority;
import ir.meganaft.ragateway.ca.RaSignedRequests;
import ir.meganaft.ragateway.ca.RevocationReasons;
import ir.meganaft.ragateway.csr.Fingerprints;
import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
import ir.meganaft.ragateway.idempotency.ContentHash;
import ir.meganaft.ragateway.idempotency.Idempotency;
import ir.meganaft.ragateway.notification.CallbackAddresses;
import ir.meganaft.ragateway.request.CertificateRequest;
import ir.meganaft.ragateway.request.CertificateStatus;
import ir.meganaft.ragateway.request.IssuedCertificate;
import ir.meganaft.ragateway.request.RequestState;
import ir.meganaft.ragateway.request.RequestType;
import ir.meganaft.ragateway.request.Revocation;
import ir.meganaft.ragateway.security.Caller;
import ir.meganaft.ragateway.security.Officers;
import ir.meganaft.ragateway.security.RaRole;
import ir.meganaft.ragateway.store.CertificateStore;
import ir.meganaft.ragateway.store.RequestStore;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import javax.security.auth.x500.X500Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Revocation through the RA. A caller's request becomes a REVOKE request that a registrar approves
 * (keyCompromise reported by the holder may take effect at once, by configuration); the RA's own
 * finding (e.g. information found false: privilegeWithdrawn) takes effect at once. Taking effect
 * means an RA-signed CMP {@code rr} to the CA, which records the new status; a delta CRL follows.
 * certificateHold suspends a certificate until a registrar releases it.
 */
public final class RevocationService {
    private static final Logger LOG = LoggerFactory.getLogger(RevocationService.class);

    /** What a caller asked for. */
    public record Submission(
            Caller caller,
            String clientRequestId,
            String callerOperator,
            String replyTo,
            CertificateReference certificate,
            String reason,
            Instant invalidityDate,
            String requestedBy,
            String remarks) {
        /** The system that asks: the authenticated caller (issue 12). */
        public String callerSystemId() {
            return caller.id();
        }

        /**
         * What the caller asked for: the certificate named, the reason, the invalidity date and who
         * asks for it (HOLDER, ORGANIZATION). ReplyTo, remarks and the operator are not content.
         */
        public ContentHash contentHash() {
            return ContentHash.of(
                            Arrays.asList(
                                    certificate.requestId(),
                                    certificate.issuer(),
                                    certificate.serialNumber(),
                                    reason,
                                    invalidityDate,
                                    requestedBy),
                            null)
                    .orAsStoredBefore(asStoredBefore());
        }

        /**
         * The content hash the gateway stored for revocations before this definition (it hashed the
         * reference's record text, reason, invalidity date and requestedBy joined by "|"), written
         * out so a retry of a revocation stored then is still recognized.
         */
        private String asStoredBefore() {
            String reference = "CertificateReference[requestId=" + certificate.requestId() + ", issuer="
                    + certificate.issuer() + ", serialNumber=" + certificate.serialNumber() + "]";
            return Fingerprints.sha256Hex((reference + "|" + reason + "|" + invalidityDate + "|" + requestedBy)
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The answer: the revocation request and where the certificate stands. */
    public record Outcome(
            String requestId,
            String clientRequestId,
            RequestState state,
            boolean duplicate,
            String serialNumber,
            CertificateStatus status,
            boolean takeEffectNow) {}

    private final RequestStore requests;
    private final CertificateStore certificates;
    private final Certificates finder;
    private final CertificateAuthority ca;
    private final RaSignedRequests raRequests;
    private final Officers officers;
    private final boolean keyCompromiseImmediate;
    private final CallbackAddresses callbacks;
    private final Idempotency idempotency;
    private final Clock clock;

    public RevocationService(
            RequestStore requests,
            CertificateStore certificates,
            CertificateAuthority ca,
            RaSignedRequests raRequests,
            Officers officers,
            boolean keyCompromiseImmediate,
            CallbackAddresses callbacks,
            Clock clock) {
        this.requests = requests;
        this.idempotency = new Idempotency(requests);
        this.certificates = certificates;
        this.ca = ca;
        this.raRequests = raRequests;
        this.officers = officers;
        this.keyCompromiseImmediate = keyCompromiseImmediate;
        this.callbacks = callbacks;
        this.clock = clock;
        X500Principal caName = ca.chain().get(0).getSubjectX500Principal();
        this.finder = new Certificates(certificates, requests, caName);
    }

    /** revokeCertificate from a back-office system: vetted, or at once for the holder's keyCompromise. */
    public Outcome request(Submission s) {
        Idempotency.Key key =
                new Idempotency.Key(s.callerSystemId(), s.clientRequestId(), RequestType.REVOKE, s.contentHash());
        return idempotency.once(key, () -> receive(s, key.content()), this::repeated);
    }

    private Outcome repeated(CertificateRequest original) {
        IssuedCertificate target =
                certificates.bySerial(original.targetSerial()).orElseThrow();
        return new Outcome(
                original.id(),
                original.clientRequestId(),
                original.state(),
                true,
                target.serialNumber(),
                target.status(),
                false);
    }

    private Outcome receive(Submission s, ContentHash contentHash) {
        callbacks.requireAllowed(s.callerSystemId(), s.replyTo());
        Certificates.Found found = finder.find(s.certificate(), s.caller());
        requireRevocable(found.certificate(), s.reason());
        requireValidInvalidityDate(found.certificate(), s.invalidityDate());
        requireNoOpenRevocation(found.certificate().serialNumber());
        // at once only for the certificate's own system: a sibling acting for the company waits for a registrar
        boolean now = keyCompromiseImmediate
                && RevocationReasons.KEY_COMPROMISE.equals(s.reason())
                && "HOLDER".equals(s.requestedBy())
                && found.origin().callerSystemId().equals(s.callerSystemId());
        RequestState state = now ? RequestState.APPROVED : RequestState.PENDING_APPROVAL;
        CertificateRequest request = revocationRequest(
                found,
                new CertificateRequest.Sender(s.callerSystemId(), s.clientRequestId(), s.callerOperator(), s.replyTo()),
                contentHash.value(),
                s.reason(),
                s.invalidityDate(),
                state,
                now
                        ? "keyCompromise reported by the holder takes effect at once (gateway.revocation.key-compromise-immediate)"
                        : "revocation (" + s.reason() + ") waits for a registrar"
                                + (s.remarks() == null ? "" : ": " + s.remarks()));
        // stored in its first real state at once: never a RECEIVED revocation for the vetting queue to find
        requests.insert(request, List.of(), "caller:" + s.callerSystemId(), s.requestedBy());
        LOG.info(
                "Revocation {} of certificate {} ({}) requested by {}: {}",
                request.id(),
                found.certificate().serialNumber(),
                s.reason(),
                s.callerSystemId(),
                state);
        return new Outcome(
                request.id(),
                s.clientRequestId(),
                state,
                false,
                found.certificate().serialNumber(),
                found.certificate().status(),
                now);
    }

    /** Carries out an APPROVED revocation request through the CA; returns the state it ends in. */
    public RequestState execute(CertificateRequest request) {
        if (request.type() != RequestType.REVOKE) {
            throw new IllegalArgumentException("Request " + request.id() + " is a " + request.type() + " request");
        }
        if (request.state() != RequestState.APPROVED) {
            LOG.debug("Revocation {} is {}; nothing to carry out", request.id(), request.state());
            return request.state();
        }
        Revocation wanted = request.requestedRevocation();
        IssuedCertificate current =
                certificates.bySerial(request.targetSerial()).orElseThrow();
        boolean release = RevocationReasons.REMOVE_FROM_CRL.equals(wanted.reason());
        if (current.status() == CertificateStatus.REVOKED
                && !(current.revocation() != null
                        && current.revocation().reason().equals(wanted.reason()))) {
            // revoked meanwhile for another reason (e.g. the RA's finding, or keyCompromise at once)
            requests.reject(
                    request.id(),
                    RequestState.APPROVED,
                    "ca:revocation",
                    "ALREADY_REVOKED",
                    "Certificate " + current.serialNumber() + " was revoked meanwhile ("
                            + current.revocation().reason() + ")");
            return RequestState.REJECTED;
        }
        if (release && current.status() != CertificateStatus.ON_HOLD) {
            requests.reject(
                    request.id(),
                    RequestState.APPROVED,
                    "ca:revocation",
                    "NOT_ON_HOLD",
                    "Certificate " + current.serialNumber() + " is " + current.status());
            return RequestState.REJECTED;
        }
        byte[] rr = raRequests.revocationRequest(
                request.id(),
                new BigInteger(request.targetSerial(), 16),
                RevocationReasons.code(wanted.reason()),
                wanted.invalidityDate());
        try {
            ca.revoke(rr);
        } catch (CaRefusedException refused) {
            requests.reject(request.id(), RequestState.APPROVED, "ca", "CA_REFUSED", refused.getMessage());
            LOG.warn("The CA refused revocation {}: {}", request.id(), refused.getMessage());
            return RequestState.REJECTED;
        }
        requests.transition(
                request.id(),
                RequestState.APPROVED,
                RequestState.COMPLETED,
                "ca:revocation",
                "certificate " + request.targetSerial() + ": " + wanted.reason());
        LOG.info(
                "Certificate {} is now {} ({}), request {}",
                request.targetSerial(),
                release ? "GOOD" : RevocationReasons.CERTIFICATE_HOLD.equals(wanted.reason()) ? "ON_HOLD" : "REVOKED",
                wanted.reason(),
                request.id());
        return RequestState.COMPLETED;
    }

    /**
     * revokeByRa: the RA's own finding, by a registrar, at once.
     *
     * @return the certificate as it stands afterwards
     */
    public IssuedCertificate revokeByRa(
            String officerId, CertificateReference ref, String reason, Instant invalidityDate, String remarks) {
        officers.require(officerId, RaRole.REGISTRAR);
        Certificates.Found found = finder.find(ref);
        requireRevocable(found.certificate(), reason);
        requireValidInvalidityDate(found.certificate(), invalidityDate);
        return immediately(found, reason, invalidityDate, "officer:" + officerId, remarks);
    }

    /** releaseCertificateHold, by a registrar: the next delta CRL lists it as removeFromCRL. */
    public IssuedCertificate releaseHold(String officerId, CertificateReference ref, String remarks) {
        officers.require(officerId, RaRole.REGISTRAR);
        Certificates.Found found = finder.find(ref);
        if (found.certificate().status() != CertificateStatus.ON_HOLD) {
            throw new GatewayException(
                    FaultCode.NOT_ON_HOLD,
                    "Certificate " + found.certificate().serialNumber() + " is "
                            + found.certificate().status() + "; only a certificate on hold can be released",
                    "certificate",
                    null);
        }
        return immediately(
                found,
                RevocationReasons.REMOVE_FROM_CRL,
                null,
                "officer:" + officerId,
                remarks == null ? "hold released" : remarks);
    }

    /**
     * Recovery: delivered renewals whose previous certificate is still GOOD (the supersede failed,
     * e.g. the HSM was down) are superseded now. Returns how many.
     */
    public int supersedeStalled() {
        int done = 0;
        for (var renewal :
                requests.deliveredRenewalsNotSuperseding(clock.instant().minusSeconds(60), 100)) {
            try {
                supersede(renewal.getValue(), renewal.getKey());
                done++;
            } catch (RuntimeException e) {
                LOG.warn(
                        "Certificate {} (renewed by {}) still not superseded: {}",
                        renewal.getValue(),
                        renewal.getKey(),
                        e.getMessage());
            }
        }
        return done;
    }

    /** After a renewal is delivered, the certificate it replaces is revoked as superseded. */
    public void supersede(String serialNumber, String renewalRequestId) {
        IssuedCertificate previous = certificates.bySerial(serialNumber).orElseThrow();
        if (previous.status() == CertificateStatus.REVOKED) {
            return;
        }
        CertificateRequest origin = requests.find(previous.requestId()).orElseThrow();
        immediately(
                new Certificates.Found(previous, origin),
                RevocationReasons.SUPERSEDED,
                null,
                "gateway:renewal",
                "superseded by renewal " + renewalRequestId);
    }

    /**
     * A revocation (or hold release) decided by the RA itself: kept as a REVOKE request approved by
     * {@code actor}, so it has a history like any other, and carried out at once.
     */
    private IssuedCertificate immediately(
            Certificates.Found found, String reason, Instant invalidityDate, String actor, String remarks) {
        requireNoOpenRevocation(found.certificate().serialNumber());
        CertificateRequest request = revocationRequest(
                found,
                new CertificateRequest.Sender(found.origin().callerSystemId(), "RA-" + UUID.randomUUID(), actor, null),
                "RA",
                reason,
                invalidityDate,
                RequestState.APPROVED,
                remarks);
        requests.insert(request, List.of(), actor, "RA");
        RequestState state = execute(request);
        IssuedCertificate after =
                certificates.bySerial(found.certificate().serialNumber()).orElseThrow();
        if (state != RequestState.COMPLETED) {
            CertificateRequest refused = requests.find(request.id()).orElseThrow();
            throw new GatewayException(
                    FaultCode.ALREADY_REVOKED, "Not done: " + refused.rejectionReason(), "certificate", request.id());
        }
        return after;
    }

    private void requireNoOpenRevocation(String serialNumber) {
        requests.openRevocationOf(serialNumber).ifPresent(open -> {
            throw new GatewayException(
                    FaultCode.ILLEGAL_STATE,
                    "A revocation of certificate " + serialNumber + " is already under way (request " + open
                            + "); decide on that one first",
                    "certificate",
                    open);
        });
    }

    private void requireValidInvalidityDate(IssuedCertificate certificate, Instant invalidityDate) {
        if (invalidityDate != null
                && (invalidityDate.isAfter(clock.instant()) || invalidityDate.isBefore(certificate.notBefore()))) {
            throw new GatewayException(
                    FaultCode.SCHEMA_INVALID,
                    "The invalidity date " + invalidityDate + " must lie between the certificate's notBefore ("
                            + certificate.notBefore() + ") and now",
                    "invalidityDate",
                    null);
        }
    }

    private static void requireRevocable(IssuedCertificate certificate, String reason) {
        if ("cACompromise".equals(reason) || "aACompromise".equals(reason)) {
            throw new GatewayException(
                    FaultCode.SCHEMA_INVALID,
                    reason + " applies to CA and attribute-authority"
                            + " certificates, not to an end-entity certificate",
                    "reason",
                    null);
        }
        if (RevocationReasons.REMOVE_FROM_CRL.equals(reason)) {
            throw new GatewayException(
                    FaultCode.SCHEMA_INVALID,
                    "removeFromCRL is not a revocation reason; a registrar"
                            + " releases a hold with releaseCertificateHold",
                    "reason",
                    null);
        }
        if (certificate.status() == CertificateStatus.REVOKED
                || (certificate.status() == CertificateStatus.ON_HOLD
                        && RevocationReasons.CERTIFICATE_HOLD.equals(reason))) {
            throw new GatewayException(
                    FaultCode.ALREADY_REVOKED,
                    "Certificate " + certificate.serialNumber() + " is already "
                            + certificate.status()
                            + (certificate.revocation() == null
                                    ? ""
                                    : " (" + certificate.revocation().reason() + " since "
                                            + certificate.revocation().revokedAt() + ")"),
                    "certificate",
                    null);
        }
    }

    private CertificateRequest revocationRequest(
            Certificates.Found found,
            CertificateRequest.Sender sender,
            String contentHash,
            String reason,
            Instant invalidityDate,
            RequestState state,
            String remarks) {
        return CertificateRequest.revocation(
                sender,
                contentHash,
                found.origin(),
                found.certificate().serialNumber(),
                new Revocation(reason, null, invalidityDate),
                state,
                remarks,
                clock.instant());
    }
}
