package ir.meganaft.ragateway.soap;

import ir.meganaft.ragateway.contract.officer.ApproveRequestRequest;
import ir.meganaft.ragateway.contract.officer.ApproveRequestResponse;
import ir.meganaft.ragateway.contract.officer.ListPendingRequestsRequest;
import ir.meganaft.ragateway.contract.officer.ListPendingRequestsResponse;
import ir.meganaft.ragateway.contract.officer.RejectRequestRequest;
import ir.meganaft.ragateway.contract.officer.RejectRequestResponse;
import ir.meganaft.ragateway.contract.types.RequestState;
import ir.meganaft.ragateway.request.CertificateRequest;
import ir.meganaft.ragateway.vetting.OfficerDecisions;
import java.util.List;

/** The RA officer service's operations. Caller of each: an RA officer, named in the message. */
public final class OfficerSoap {
    private final OfficerDecisions decisions;

    public OfficerSoap(OfficerDecisions decisions) {
        this.decisions = decisions;
    }

    /** listPendingRequests: oldest first, one page at a time. */
    public ListPendingRequestsResponse listPendingRequests(ListPendingRequestsRequest request) {
        int max = request.getMaxResults() == null ? 50 : request.getMaxResults();
        List<CertificateRequest> page = decisions.pending(max + 1, request.getAfter());
        ListPendingRequestsResponse response = new ListPendingRequestsResponse();
        page.stream().limit(max).map(StatusMapper::summary).forEach(response.getRequest()::add);
        response.setMore(page.size() > max);
        return response;
    }

    /** approveRequest, step 1: record the decision; returns the request id to queue for issuance. */
    public String approve(ApproveRequestRequest request) {
        String remarks = request.getRemarks();
        if (request.getIdentificationMethod() != null) {
            remarks = "identified by " + request.getIdentificationMethod().value() + (remarks == null ? "" : "; " + remarks);
        }
        return decisions.approve(request.getRequestId(), request.getOfficer().getOfficerId(), remarks);
    }

    /** approveRequest, last step. */
    public ApproveRequestResponse approved(String requestId) {
        ApproveRequestResponse response = new ApproveRequestResponse();
        response.setRequestId(requestId);
        response.setState(RequestState.APPROVED);
        return response;
    }

    /** rejectRequest. */
    public RejectRequestResponse rejectRequest(RejectRequestRequest request) {
        String id = decisions.reject(request.getRequestId(), request.getOfficer().getOfficerId(),
                request.getReasonCode(), request.getReason());
        RejectRequestResponse response = new RejectRequestResponse();
        response.setRequestId(id);
        response.setState(RequestState.REJECTED);
        return response;
    }
}
