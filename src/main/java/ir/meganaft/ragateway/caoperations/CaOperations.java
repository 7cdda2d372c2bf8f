package ir.meganaft.ragateway.caoperations;

import ir.meganaft.ragateway.issuance.IssuanceService;
import ir.meganaft.ragateway.lifecycle.RevocationService;
import ir.meganaft.ragateway.request.CertificateRequest;
import ir.meganaft.ragateway.request.RequestState;
import ir.meganaft.ragateway.request.RequestType;
import ir.meganaft.ragateway.store.RequestQueries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the CA operation an approved request waits for, when its message comes off the
 * queue (route {@code issue-certificate}): a revocation through {@link RevocationService#execute},
 * an issue or renewal through {@link IssuanceService#issue(CertificateRequest)}. Each leaves a
 * request that is no longer APPROVED alone, so a repeated message does nothing.
 */
public final class CaOperations {
    private static final Logger LOG = LoggerFactory.getLogger(CaOperations.class);

    private final RequestQueries requests;
    private final IssuanceService issuance;
    private final RevocationService revocations;

    public CaOperations(RequestQueries requests, IssuanceService issuance, RevocationService revocations) {
        this.requests = requests;
        this.issuance = issuance;
        this.revocations = revocations;
    }

    /**
     * Carries out the operation of request {@code requestId}.
     *
     * @return the state the request ends in (COMPLETED for a revocation that took effect), or null
     *     for an unknown request, whose message is dropped
     */
    public RequestState carryOut(String requestId) {
        CertificateRequest request = requests.find(requestId).orElse(null);
        if (request == null) {
            LOG.warn("Issuance message for unknown request {} dropped", requestId);
            return null;
        }
        return request.type() == RequestType.REVOKE ? revocations.execute(request) : issuance.issue(request);
    }
}
