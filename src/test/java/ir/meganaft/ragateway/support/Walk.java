package ir.meganaft.ragateway.support;

import static org.awaitility.Awaitility.await;

import ir.meganaft.ragateway.contract.officer.OfficerServicePortType;
import ir.meganaft.ragateway.contract.registration.GetRequestStatusResponse;
import ir.meganaft.ragateway.contract.registration.RegistrationServicePortType;
import ir.meganaft.ragateway.contract.types.RequestState;
import java.time.Duration;

/** Walks a request through the RA's steps as the officers would, over SOAP. */
public final class Walk {
    private final RegistrationServicePortType registration;
    private final OfficerServicePortType officer;

    public Walk(RunningGateway gateway) {
        this(gateway.registration(), gateway.officer());
    }

    /** For a gateway this JVM only talks to (e.g. {@link GatewayProcess}). */
    public Walk(RegistrationServicePortType registration, OfficerServicePortType officer) {
        this.registration = registration;
        this.officer = officer;
    }

    public GetRequestStatusResponse awaitState(String requestId, RequestState state) {
        return await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> registration.getRequestStatus(Requests.status(requestId)),
                        s -> s.getRequest().getState() == state);
    }

    /** From PENDING_VETTING: the identity check and the document check by two officers. */
    public void vet(String requestId) throws Exception {
        awaitState(requestId, RequestState.PENDING_VETTING);
        officer.recordIdentityCheck(Requests.identityCheck(RunningGateway.INTAKE, requestId));
        officer.recordDocumentCheck(Requests.documentCheck(officer, RunningGateway.COMPLIANCE, requestId));
    }

    /** From PENDING_VETTING to ISSUED. */
    public void vetApproveAndIssue(String requestId) throws Exception {
        vet(requestId);
        officer.approveRequest(Requests.approve(requestId));
        awaitState(requestId, RequestState.ISSUED);
    }
}
