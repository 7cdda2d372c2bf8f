package ir.meganaft.ragateway.vetting;

import ir.meganaft.ragateway.csr.CsrChecks;
import ir.meganaft.ragateway.csr.CsrParser;
import ir.meganaft.ragateway.csr.ParsedCsr;
import ir.meganaft.ragateway.errors.GatewayException;
import ir.meganaft.ragateway.request.CertificateRequest;
import ir.meganaft.ragateway.request.RequestState;
import ir.meganaft.ragateway.store.CertificateStore;
import ir.meganaft.ragateway.store.RequestStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checks run on a RECEIVED request before an officer sees it: the CSR checks again (the
 * record, not the caller, is what gets vetted) and that its key is not already certified or
 * requested elsewhere. Passing moves it to PENDING_APPROVAL; failing to REJECTED with the reason.
 * Consuming the same message twice is harmless: only a RECEIVED request is vetted.
 */
public final class AutomaticVetting {
    private static final Logger LOG = LoggerFactory.getLogger(AutomaticVetting.class);
    static final String ACTOR = "gateway:automatic-vetting";

    private final RequestStore requests;
    private final CertificateStore certificates;
    private final CsrChecks checks;
    private final CsrParser parser = new CsrParser();

    public AutomaticVetting(RequestStore requests, CertificateStore certificates, CsrChecks checks) {
        this.requests = requests;
        this.certificates = certificates;
        this.checks = checks;
    }

    /** Vets one request; returns the state it ends in (or is already in). */
    public RequestState vet(String requestId) {
        CertificateRequest request = requests.find(requestId).orElse(null);
        if (request == null) {
            LOG.warn("Vetting message for unknown request {} dropped", requestId);
            return null;
        }
        if (request.state() != RequestState.RECEIVED) {
            LOG.debug("Request {} is already {}; nothing to vet", requestId, request.state());
            return request.state();
        }
        try {
            ParsedCsr csr = parser.parseDer(request.csrDer());
            checks.verifySignature(csr);
            checks.checkKey(csr);
            checks.checkSubject(csr, ExpectedSubjects.of(request.applicant()));
            if (certificates.publicKeyCertified(request.publicKeySha256())
                    || requests.publicKeyInOtherRequest(request.publicKeySha256(), requestId)) {
                return reject(request, "KEY_REUSED",
                        "The CSR's public key is already certified or requested in another request; generate a new key pair");
            }
        } catch (GatewayException refused) {
            return reject(request, refused.code().name(), refused.getMessage());
        }
        if (requests.transition(requestId, RequestState.RECEIVED, RequestState.PENDING_APPROVAL, ACTOR,
                "CSR signature, key strength, subject and key uniqueness checked")) {
            LOG.info("Request {} passed automatic vetting and waits for an RA officer", requestId);
        }
        return RequestState.PENDING_APPROVAL;
    }

    private RequestState reject(CertificateRequest request, String code, String reason) {
        if (requests.reject(request.id(), RequestState.RECEIVED, ACTOR, code, reason)) {
            LOG.info("Request {} rejected by automatic vetting: {} {}", request.id(), code, reason);
        }
        return RequestState.REJECTED;
    }
}
