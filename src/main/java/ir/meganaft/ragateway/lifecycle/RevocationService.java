package ir.meganaft.ragateway.lifecycle;

import ir.meganaft.ragateway.ca.CaRefusedException;
import ir.meganaft.ragateway.ca.CertificateAuthority;
import ir.meganaft.ragateway.ca.RevocationReasons;
import ir.meganaft.ragateway.csr.Fingerprints;
import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
import ir.meganaft.ragateway.issuance.RaSignedRequests;
import ir.meganaft.ragateway.request.CertificateRequest;
import ir.meganaft.ragateway.request.CertificateStatus;
import ir.meganaft.ragateway.request.IssuedCertificate;
import ir.meganaft.ragateway.request.RequestState;
import ir.meganaft.ragateway.request.RequestType;
import ir.meganaft.ragateway.request.Revocation;
import ir.meganaft.ragateway.store.CertificateStore;
import ir.meganaft.ragateway.store.RequestStore;
import ir.meganaft.ragateway.vetting.Officers;
import ir.meganaft.ragateway.vetting.RaRole;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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
    public record Submission(String callerSystemId, String clientRequestId, String callerOperator, String replyTo,
            CertificateReference certificate, String reason, Instant invalidityDate, String requestedBy, String remarks) {
    }

    /** The answer: the revocation request and where the certificate stands. */
    public record Outcome(String requestId, String clientRequestId, RequestState state, boolean duplicate,
            String serialNumber, CertificateStatus status, boolean takeEffectNow) {
    }

    private final RequestStore requests;
    private final CertificateStore certificates;
    private final Certificates finder;
    private final CertificateAuthority ca;
    private final RaSignedRequests raRequests;
    private final Officers officers;
    private final boolean keyCompromiseImmediate;
    private final Clock clock;

    public RevocationService(RequestStore requests, CertificateStore certificates, CertificateAuthority ca,
            RaSignedRequests raRequests, Officers officers, boolean keyCompromiseImmediate, Clock clock) {
        this.requests = requests;
        this.certificates = certificates;
        this.ca = ca;
        this.raRequests = raRequests;
        this.officers = officers;
        this.keyCompromiseImmediate = keyCompromiseImmediate;
        this.clock = clock;
        X500Principal caName = ca.chain().get(0).getSubjectX500Principal();
        this.finder = new Certificates(certificates, requests, caName);
    }

    /** revokeCertificate from a back-office system: vetted, or at once for the holder's keyCompromise. */
    public Outcome request(Submission s) {
        String contentHash = Fingerprints.sha256Hex((s.certificate() + "|" + s.reason() + "|" + s.invalidityDate() + "|"
                + s.requestedBy()).getBytes(StandardCharsets.UTF_8));
        Optional<CertificateRequest> earlier = requests.findByClientRequestId(s.callerSystemId(), s.clientRequestId());
        if (earlier.isPresent()) {
            CertificateRequest original = earlier.get();
            if (original.type() != RequestType.REVOKE || !original.contentHash().equals(contentHash)) {
                throw new GatewayException(FaultCode.IDEMPOTENCY_CONFLICT, "clientRequestId " + s.clientRequestId()
                        + " was already used for request " + original.id() + " with different content",
                        "header/clientRequestId", original.id());
            }
            IssuedCertificate target = certificates.bySerial(original.targetSerial()).orElseThrow();
            return new Outcome(original.id(), original.clientRequestId(), original.state(), true, target.serialNumber(),
                    target.status(), false);
        }
        Certificates.Found found = finder.find(s.certificate());
        if (!found.origin().callerSystemId().equals(s.callerSystemId())) {
            throw new GatewayException(FaultCode.NOT_AUTHORIZED, "Certificate " + found.certificate().serialNumber()
                    + " was requested by another system; only " + found.origin().callerSystemId() + " may ask for its revocation",
                    "certificate", null);
        }
        requireRevocable(found.certificate(), s.reason());
        boolean now = keyCompromiseImmediate && RevocationReasons.KEY_COMPROMISE.equals(s.reason())
                && "HOLDER".equals(s.requestedBy());
        CertificateRequest request = revocationRequest(found, s.callerSystemId(), s.clientRequestId(), s.callerOperator(),
                s.replyTo(), s.reason(), s.invalidityDate(), contentHash, s.remarks());
        requests.insert(request, List.of(), "caller:" + s.callerSystemId(), s.requestedBy());
        RequestState state;
        if (now) {
            requests.transition(request.id(), RequestState.RECEIVED, RequestState.APPROVED, "gateway:policy",
                    "keyCompromise reported by the holder takes effect at once (gateway.revocation.key-compromise-immediate)");
            state = RequestState.APPROVED;
        } else {
            requests.transition(request.id(), RequestState.RECEIVED, RequestState.PENDING_APPROVAL, "gateway:intake",
                    "revocation (" + s.reason() + ") waits for a registrar");
            state = RequestState.PENDING_APPROVAL;
        }
        LOG.info("Revocation {} of certificate {} ({}) requested by {}: {}", request.id(), found.certificate().serialNumber(),
                s.reason(), s.callerSystemId(), state);
        return new Outcome(request.id(), s.clientRequestId(), state, false, found.certificate().serialNumber(),
                found.certificate().status(), now);
    }

    /** revokeByRa: the RA's own finding, by a registrar, at once. Returns the revocation request's id. */
    public String revokeByRa(String officerId, CertificateReference ref, String reason, Instant invalidityDate,
            String remarks) {
        officers.require(officerId, RaRole.REGISTRAR);
        Certificates.Found found = finder.find(ref);
        requireRevocable(found.certificate(), reason);
        CertificateRequest request = revocationRequest(found, found.origin().callerSystemId(), "RA-" + UUID.randomUUID(),
                "officer:" + officerId, null, reason, invalidityDate, "RA", remarks);
        requests.insert(request, List.of(), "officer:" + officerId, "RA");
        requests.transition(request.id(), RequestState.RECEIVED, RequestState.APPROVED, "officer:" + officerId, remarks);
        return request.id();
    }

    /** Carries out an APPROVED revocation request through the CA; returns the state it ends in. */
    public RequestState execute(CertificateRequest request) {
        Revocation wanted = request.requestedRevocation();
        byte[] rr = raRequests.revocationRequest(request.id(), new BigInteger(request.targetSerial(), 16),
                RevocationReasons.code(wanted.reason()), wanted.invalidityDate());
        try {
            ca.revoke(rr);
        } catch (CaRefusedException refused) {
            requests.reject(request.id(), RequestState.APPROVED, "ca", "CA_REFUSED", refused.getMessage());
            LOG.warn("The CA refused revocation {}: {}", request.id(), refused.getMessage());
            return RequestState.REJECTED;
        }
        requests.transition(request.id(), RequestState.APPROVED, RequestState.COMPLETED, "ca:revocation",
                "certificate " + request.targetSerial() + ": " + wanted.reason());
        LOG.info("Certificate {} is now {} ({}), request {}", request.targetSerial(),
                RevocationReasons.CERTIFICATE_HOLD.equals(wanted.reason()) ? "ON_HOLD" : "REVOKED", wanted.reason(), request.id());
        return RequestState.COMPLETED;
    }

    /** releaseCertificateHold, by a registrar: the next delta CRL lists it as removeFromCRL. */
    public CertificateStatus releaseHold(String officerId, CertificateReference ref, String remarks) {
        officers.require(officerId, RaRole.REGISTRAR);
        Certificates.Found found = finder.find(ref);
        if (found.certificate().status() != CertificateStatus.ON_HOLD) {
            throw new GatewayException(FaultCode.NOT_ON_HOLD, "Certificate " + found.certificate().serialNumber() + " is "
                    + found.certificate().status() + "; only a certificate on hold can be released", "certificate", null);
        }
        byte[] rr = raRequests.revocationRequest("release-" + UUID.randomUUID(),
                new BigInteger(found.certificate().serialNumber(), 16), RevocationReasons.code(RevocationReasons.REMOVE_FROM_CRL),
                null);
        try {
            ca.revoke(rr);
        } catch (CaRefusedException refused) {
            throw new IllegalStateException("The CA refused to release the hold: " + refused.getMessage(), refused);
        }
        LOG.info("Hold on certificate {} released by {}: {}", found.certificate().serialNumber(), officerId, remarks);
        return CertificateStatus.GOOD;
    }

    /** After a renewal is delivered, the certificate it replaces is revoked as superseded. */
    public void supersede(String serialNumber, String renewalRequestId) {
        IssuedCertificate previous = certificates.bySerial(serialNumber).orElseThrow();
        if (previous.status() == CertificateStatus.REVOKED) {
            return;
        }
        byte[] rr = raRequests.revocationRequest("supersede-" + renewalRequestId, new BigInteger(serialNumber, 16),
                RevocationReasons.code(RevocationReasons.SUPERSEDED), null);
        try {
            ca.revoke(rr);
            LOG.info("Certificate {} superseded by the renewal {}", serialNumber, renewalRequestId);
        } catch (CaRefusedException refused) {
            throw new IllegalStateException("The CA refused to supersede " + serialNumber + ": " + refused.getMessage(), refused);
        }
    }

    private static void requireRevocable(IssuedCertificate certificate, String reason) {
        if (RevocationReasons.REMOVE_FROM_CRL.equals(reason)) {
            throw new GatewayException(FaultCode.SCHEMA_INVALID, "removeFromCRL is not a revocation reason; a registrar"
                    + " releases a hold with releaseCertificateHold", "reason", null);
        }
        if (certificate.status() == CertificateStatus.REVOKED
                || (certificate.status() == CertificateStatus.ON_HOLD && RevocationReasons.CERTIFICATE_HOLD.equals(reason))) {
            throw new GatewayException(FaultCode.ALREADY_REVOKED, "Certificate " + certificate.serialNumber() + " is already "
                    + certificate.status() + (certificate.revocation() == null ? "" : " (" + certificate.revocation().reason()
                    + " since " + certificate.revocation().revokedAt() + ")"), "certificate", null);
        }
    }

    private CertificateRequest revocationRequest(Certificates.Found found, String callerSystemId, String clientRequestId,
            String operator, String replyTo, String reason, Instant invalidityDate, String contentHash, String remarks) {
        CertificateRequest origin = found.origin();
        Instant now = clock.instant();
        return new CertificateRequest(UUID.randomUUID().toString(), callerSystemId, clientRequestId, contentHash,
                RequestType.REVOKE, origin.applicant(), origin.channel(), RequestState.RECEIVED, origin.csrDer(),
                origin.publicKeySha256(), origin.requestedSubject(), origin.profile(), remarks, replyTo, operator, null,
                null, null, found.certificate().serialNumber(), new Revocation(reason, null, invalidityDate), now, now);
    }
}
