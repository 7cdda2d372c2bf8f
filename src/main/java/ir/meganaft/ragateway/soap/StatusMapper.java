package ir.meganaft.ragateway.soap;

import ir.meganaft.ragateway.contract.registration.GetRequestStatusResponse;
import ir.meganaft.ragateway.contract.types.ApplicantKind;
import ir.meganaft.ragateway.contract.types.Channel;
import ir.meganaft.ragateway.contract.types.Delivery;
import ir.meganaft.ragateway.contract.types.RequestState;
import ir.meganaft.ragateway.contract.types.RequestSummary;
import ir.meganaft.ragateway.contract.types.RequestType;
import ir.meganaft.ragateway.contract.types.StateChange;
import ir.meganaft.ragateway.request.CertificateRequest;
import ir.meganaft.ragateway.tracking.RequestStatus;

/** Requests and their history in the contract's types. */
final class StatusMapper {
    private StatusMapper() {}

    static RequestSummary summary(CertificateRequest r) {
        RequestSummary s = new RequestSummary();
        s.setRequestId(r.id());
        s.setClientRequestId(r.clientRequestId());
        s.setCallerSystemId(r.callerSystemId());
        s.setRequestType(RequestType.fromValue(r.type().name()));
        s.setApplicantKind(ApplicantKind.fromValue(r.applicant().kind().name()));
        s.setChannel(Channel.fromValue(r.channel().channel().name()));
        s.setApplicantName(r.applicant().displayName());
        s.setApplicantIdentifier(r.applicant().identifier());
        s.setEmail(r.applicant().email());
        s.setRequestedSubject(r.requestedSubject());
        s.setState(RequestState.fromValue(r.state().name()));
        s.setReceivedAt(r.receivedAt());
        s.setUpdatedAt(r.updatedAt());
        return s;
    }

    static GetRequestStatusResponse toResponse(RequestStatus status) {
        CertificateRequest r = status.request();
        GetRequestStatusResponse response = new GetRequestStatusResponse();
        response.setRequest(summary(r));
        response.setWaitingFor(status.waitingFor());
        if (r.delivery() != null) {
            Delivery delivery = new Delivery();
            delivery.setTokenSerialNumber(r.delivery().tokenSerialNumber());
            delivery.setDeliveredTo(r.delivery().deliveredTo());
            delivery.setDeliveredAt(r.delivery().at());
            delivery.setOfficerId(r.delivery().officerId());
            response.setDelivery(delivery);
        }
        if (r.rejectionCode() != null) {
            GetRequestStatusResponse.Rejection rejection = new GetRequestStatusResponse.Rejection();
            rejection.setCode(r.rejectionCode());
            rejection.setReason(r.rejectionReason());
            response.setRejection(rejection);
        }
        response.setCertificateSerialNumber(status.certificateSerialNumber());
        GetRequestStatusResponse.History history = new GetRequestStatusResponse.History();
        status.history().stream().map(StatusMapper::change).forEach(history.getChange()::add);
        response.setHistory(history);
        return response;
    }

    static StateChange change(ir.meganaft.ragateway.request.StateChange change) {
        StateChange c = new StateChange();
        c.setState(RequestState.fromValue(change.to().name()));
        c.setAt(change.at());
        c.setActor(change.actor());
        c.setNote(change.note());
        return c;
    }
}
