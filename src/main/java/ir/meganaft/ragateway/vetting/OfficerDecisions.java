package ir.meganaft.ragateway.vetting;

import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
import ir.meganaft.ragateway.request.CertificateRequest;
import ir.meganaft.ragateway.request.RequestState;
import ir.meganaft.ragateway.store.RequestStore;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What RA officers decide on pending requests. A decision on a request that is not pending is
 * ILLEGAL_STATE, naming the state it is in: approving twice is an error, not a silent success.
 * (Roles and four-eyes checks arrive with the vetting issue; here every officer may decide.)
 */
public final class OfficerDecisions {
    private static final Logger LOG = LoggerFactory.getLogger(OfficerDecisions.class);
    private final RequestStore requests;

    public OfficerDecisions(RequestStore requests) {
        this.requests = requests;
    }

    public List<CertificateRequest> pending(int maxResults, String after) {
        return requests.inState(RequestState.PENDING_APPROVAL, maxResults, after);
    }

    /** Approves a pending request; the route then queues it for issuance. Returns its id. */
    public String approve(String requestId, String officerId, String remarks) {
        decide(requestId, RequestState.APPROVED, officerId, remarks == null ? "approved" : remarks, null);
        LOG.info("Request {} approved by officer {}", requestId, officerId);
        return requestId;
    }

    public String reject(String requestId, String officerId, String reasonCode, String reason) {
        decide(requestId, RequestState.REJECTED, officerId, reason, reasonCode == null ? "REJECTED_BY_OFFICER" : reasonCode);
        LOG.info("Request {} rejected by officer {}: {}", requestId, officerId, reason);
        return requestId;
    }

    private void decide(String requestId, RequestState target, String officerId, String note, String rejectionCode) {
        CertificateRequest request = requests.find(requestId).orElseThrow(() -> GatewayException.unknownRequest(requestId));
        String actor = "officer:" + officerId;
        boolean moved = request.state() == RequestState.PENDING_APPROVAL
                && (target == RequestState.REJECTED
                        ? requests.reject(requestId, RequestState.PENDING_APPROVAL, actor, rejectionCode, note)
                        : requests.transition(requestId, RequestState.PENDING_APPROVAL, target, actor, note));
        if (!moved) {
            RequestState now = requests.find(requestId).map(CertificateRequest::state).orElse(request.state());
            throw new GatewayException(FaultCode.ILLEGAL_STATE, "Request " + requestId + " is " + now
                    + "; only a request in PENDING_APPROVAL can be " + (target == RequestState.APPROVED ? "approved" : "rejected"),
                    "requestId", requestId);
        }
    }
}
