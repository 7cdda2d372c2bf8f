package ir.meganaft.ragateway.issuance;

import ir.meganaft.ragateway.ca.CaRefusedException;
import ir.meganaft.ragateway.ca.CertificateAuthority;
import ir.meganaft.ragateway.ca.RaSignedRequests;
import ir.meganaft.ragateway.csr.CsrParser;
import ir.meganaft.ragateway.csr.DistinguishedNames;
import ir.meganaft.ragateway.csr.Fingerprints;
import ir.meganaft.ragateway.csr.ParsedCsr;
import ir.meganaft.ragateway.csr.Serials;
import ir.meganaft.ragateway.errors.GatewayException;
import ir.meganaft.ragateway.request.CertificateRequest;
import ir.meganaft.ragateway.request.IssuedCertificate;
import ir.meganaft.ragateway.request.RequestState;
import ir.meganaft.ragateway.request.RequestType;
import ir.meganaft.ragateway.store.CertificateStore;
import ir.meganaft.ragateway.store.RequestStore;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an APPROVED issue or renewal request into a certificate: the RA signs the vetted request,
 * the CA issues, and the certificate is stored in the same transaction that moves the request to
 * ISSUED. A request that is not APPROVED (a repeated message, another instance was first) is left
 * alone, so a certificate is never stored twice for one request. (Revocations take the same queue
 * to the CA: {@code caoperations/CaOperations} hands them to {@code lifecycle/RevocationService}.)
 */
public final class IssuanceService {
    private static final Logger LOG = LoggerFactory.getLogger(IssuanceService.class);

    private final RequestStore requests;
    private final CertificateStore certificates;
    private final RaSignedRequests raRequests;
    private final CertificateAuthority ca;
    private final SubjectBuilder subjects = new SubjectBuilder();
    private final CsrParser parser = new CsrParser();
    private final Clock clock;

    public IssuanceService(
            RequestStore requests,
            CertificateStore certificates,
            RaSignedRequests raRequests,
            CertificateAuthority ca,
            Clock clock) {
        this.requests = requests;
        this.certificates = certificates;
        this.raRequests = raRequests;
        this.ca = ca;
        this.clock = clock;
    }

    /** As {@link #issue(CertificateRequest)}, reading the request first; null for an unknown request. */
    public RequestState issue(String requestId) {
        return requests.find(requestId).map(this::issue).orElse(null);
    }

    /** Issues the certificate of an approved issue or renewal request, as just read; returns the state it ends in. */
    public RequestState issue(CertificateRequest request) {
        String requestId = request.id();
        if (request.type() == RequestType.REVOKE) {
            throw new IllegalArgumentException("Request " + requestId + " is a revocation, not an issue or renewal");
        }
        if (request.state() != RequestState.APPROVED) {
            LOG.debug("Request {} is {}; nothing to issue", requestId, request.state());
            return request.state();
        }
        if (request.type() == RequestType.RENEW) {
            var previous = certificates.bySerial(request.targetSerial()).orElseThrow();
            if (previous.status() != ir.meganaft.ragateway.request.CertificateStatus.GOOD) {
                // revoked (say, keyCompromise) while the renewal was being vetted: never certify on top of that
                requests.reject(
                        requestId,
                        RequestState.APPROVED,
                        "gateway:issuance",
                        "RENEWAL_NOT_ALLOWED",
                        "The certificate being renewed (" + previous.serialNumber() + ") is " + previous.status()
                                + (previous.revocation() == null
                                        ? ""
                                        : " (" + previous.revocation().reason() + ")"));
                LOG.warn(
                        "Renewal {} rejected: certificate {} is {}",
                        requestId,
                        previous.serialNumber(),
                        previous.status());
                return RequestState.REJECTED;
            }
        }
        // What is permanent for this request ends it REJECTED with a code and the reason: its stored CSR or key
        // that no longer reads, or the CA's refusal (which covers a certificate that cannot be built from the
        // request's subject and key). Anything else (database, broker, RA signature, HSM) is thrown: the
        // delivery rolls back and is retried, then parked in the issuance dead letters.
        ParsedCsr csr;
        PublicKey publicKey;
        try {
            csr = parser.parseDer(request.csrDer());
            publicKey = csr.publicKey();
        } catch (GatewayException unreadable) {
            return rejected(requestId, "gateway:issuance", unreadable.code().name(), unreadable.getMessage());
        }
        // a renewal re-keys the certificate it names: a kur with oldCertID; anything else a cr
        org.bouncycastle.asn1.x500.X500Name subject = subjects.subjectOf(request.applicant(), request.channel());
        byte[] raSigned = request.type() == RequestType.RENEW
                ? raRequests.keyUpdateRequest(
                        requestId,
                        subject,
                        publicKey,
                        request.applicant().email(),
                        request.profile(),
                        new java.math.BigInteger(request.targetSerial(), 16))
                : raRequests.certificationRequest(
                        requestId, subject, publicKey, request.applicant().email(), request.profile());
        X509Certificate certificate;
        try {
            certificate = ca.issue(raSigned);
        } catch (CaRefusedException refused) {
            return rejected(requestId, "ca", "CA_REFUSED", refused.getMessage());
        }
        IssuedCertificate issued = record(requestId, certificate, csr.publicKeyFingerprint());
        if (certificates.recordIssuance(issued, "ca:issuing")) {
            LOG.info(
                    "Issued certificate {} for request {} to {}", issued.serialNumber(), requestId, issued.subjectDn());
            return RequestState.ISSUED;
        }
        LOG.warn(
                "Request {} left APPROVED while it was being issued; certificate {} discarded",
                requestId,
                issued.serialNumber());
        return requests.find(requestId).map(CertificateRequest::state).orElse(null);
    }

    private RequestState rejected(String requestId, String actor, String code, String reason) {
        if (requests.reject(requestId, RequestState.APPROVED, actor, code, reason)) {
            LOG.error("Request {} cannot be issued, rejected ({}): {}", requestId, code, reason);
            return RequestState.REJECTED;
        }
        return requests.find(requestId).map(CertificateRequest::state).orElse(null);
    }

    private IssuedCertificate record(String requestId, X509Certificate c, String publicKeySha256) {
        try {
            byte[] der = c.getEncoded();
            return IssuedCertificate.issued(
                    Serials.hex(c.getSerialNumber()),
                    requestId,
                    DistinguishedNames.display(c.getIssuerX500Principal()),
                    DistinguishedNames.display(c.getSubjectX500Principal()),
                    c.getNotBefore().toInstant(),
                    c.getNotAfter().toInstant(),
                    Fingerprints.sha256Hex(der),
                    publicKeySha256,
                    der,
                    clock.instant());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("The CA returned an unencodable certificate", e);
        }
    }
}
