package ir.meganaft.ragateway.soap;

import ir.meganaft.ragateway.contract.officer.ApproveRequestRequest;
import ir.meganaft.ragateway.contract.officer.ApproveRequestResponse;
import ir.meganaft.ragateway.contract.officer.CertificateStatusResult;
import ir.meganaft.ragateway.contract.officer.CheckResult;
import ir.meganaft.ragateway.contract.officer.GetEvidenceFileRequest;
import ir.meganaft.ragateway.contract.officer.GetEvidenceFileResponse;
import ir.meganaft.ragateway.contract.officer.ListCrlTargetsRequest;
import ir.meganaft.ragateway.contract.officer.ListCrlTargetsResponse;
import ir.meganaft.ragateway.contract.officer.ListEvidenceRequest;
import ir.meganaft.ragateway.contract.officer.ListEvidenceResponse;
import ir.meganaft.ragateway.contract.officer.ListPendingRequestsRequest;
import ir.meganaft.ragateway.contract.officer.ListPendingRequestsResponse;
import ir.meganaft.ragateway.contract.officer.RecordDeliveryRequest;
import ir.meganaft.ragateway.contract.officer.RecordDocumentCheckRequest;
import ir.meganaft.ragateway.contract.officer.RecordIdentityCheckRequest;
import ir.meganaft.ragateway.contract.officer.RecordPaymentRequest;
import ir.meganaft.ragateway.contract.officer.RejectRequestRequest;
import ir.meganaft.ragateway.contract.officer.RejectRequestResponse;
import ir.meganaft.ragateway.contract.officer.ReleaseCertificateHoldRequest;
import ir.meganaft.ragateway.contract.officer.RevokeByRaRequest;
import ir.meganaft.ragateway.contract.types.CheckKind;
import ir.meganaft.ragateway.contract.types.CheckRecord;
import ir.meganaft.ragateway.contract.types.DocumentHolder;
import ir.meganaft.ragateway.contract.types.DocumentType;
import ir.meganaft.ragateway.contract.types.EvidenceDocument;
import ir.meganaft.ragateway.contract.types.IdentificationMethod;
import ir.meganaft.ragateway.contract.types.RaRole;
import ir.meganaft.ragateway.contract.types.RequestState;
import ir.meganaft.ragateway.crl.CrlPush;
import ir.meganaft.ragateway.lifecycle.RevocationService;
import ir.meganaft.ragateway.request.CertificateRequest;
import ir.meganaft.ragateway.request.Check;
import ir.meganaft.ragateway.request.SubmittedDocument;
import ir.meganaft.ragateway.security.Caller;
import ir.meganaft.ragateway.security.Officers;
import ir.meganaft.ragateway.tracking.RequestTracking;
import ir.meganaft.ragateway.vetting.DocumentRequirements;
import ir.meganaft.ragateway.vetting.EvidenceArchive;
import ir.meganaft.ragateway.vetting.OfficerDecisions;
import jakarta.activation.DataHandler;
import java.util.List;

/**
 * The RA officer service's operations. The caller of each is the RA officer whose client certificate
 * authenticated the call ({@link CallerEdge}); an officerId in the message was checked against it there.
 */
public final class OfficerSoap {
    private final OfficerDecisions decisions;
    private final EvidenceArchive archive;
    private final RequestTracking tracking;
    private final RevocationService revocations;
    private final CrlPush push;
    private final Officers officers;

    public OfficerSoap(
            OfficerDecisions decisions,
            EvidenceArchive archive,
            RequestTracking tracking,
            RevocationService revocations,
            CrlPush push,
            Officers officers) {
        this.decisions = decisions;
        this.archive = archive;
        this.tracking = tracking;
        this.revocations = revocations;
        this.push = push;
        this.officers = officers;
    }

    /** revokeByRa: a registrar; effective at once. */
    public CertificateStatusResult revokeByRa(RevokeByRaRequest r, Caller caller) {
        var reference = RegistrationSoap.reference(r.getCertificate());
        var after = revocations.revokeByRa(
                caller.id(), reference, r.getReason().value(), r.getInvalidityDate(), r.getRemarks());
        return certificateStatus(after.serialNumber(), after.status());
    }

    /** releaseCertificateHold: a registrar. */
    public CertificateStatusResult releaseCertificateHold(ReleaseCertificateHoldRequest r, Caller caller) {
        var reference = RegistrationSoap.reference(r.getCertificate());
        var after = revocations.releaseHold(caller.id(), reference, r.getRemarks());
        return certificateStatus(after.serialNumber(), after.status());
    }

    /** listCrlTargets: a publisher. */
    public ListCrlTargetsResponse listCrlTargets(ListCrlTargetsRequest r, Caller caller) {
        officers.require(caller.id(), ir.meganaft.ragateway.security.RaRole.PUBLISHER);
        ListCrlTargetsResponse response = new ListCrlTargetsResponse();
        for (CrlPush.TargetStatus status : push.status()) {
            ListCrlTargetsResponse.Target t = new ListCrlTargetsResponse.Target();
            t.setName(status.target().name());
            t.setUri(status.target().uri());
            t.setLastDeliveredCrlNumber(java.util.stream.Stream.of(
                            status.target().lastFullNumber(), status.target().lastDeltaNumber())
                    .filter(java.util.Objects::nonNull)
                    .max(Long::compare)
                    .orElse(null));
            t.setLastDeliveredAt(status.target().lastDeliveredAt());
            t.setFailedAttempts(status.target().failedAttempts());
            t.setLastError(status.target().lastError());
            t.setBehind(status.behind());
            response.getTarget().add(t);
        }
        response.setLatestCrlNumber(push.latestNumber());
        return response;
    }

    private static CertificateStatusResult certificateStatus(
            String serial, ir.meganaft.ragateway.request.CertificateStatus status) {
        CertificateStatusResult result = new CertificateStatusResult();
        result.setCertificateSerialNumber(serial);
        result.setStatus(ir.meganaft.ragateway.contract.types.CertificateStatus.fromValue(status.name()));
        return result;
    }

    /** listPendingRequests: any officer; oldest first, one page at a time. */
    public ListPendingRequestsResponse listPendingRequests(ListPendingRequestsRequest request, Caller caller) {
        int max = request.getMaxResults() == null ? 50 : request.getMaxResults();
        List<CertificateRequest> page = decisions.waiting(
                caller.id(),
                request.getState() == null
                        ? null
                        : ir.meganaft.ragateway.request.RequestState.valueOf(
                                request.getState().value()),
                max + 1,
                request.getAfter());
        ListPendingRequestsResponse response = new ListPendingRequestsResponse();
        page.stream().limit(max).map(StatusMapper::summary).forEach(response.getRequest()::add);
        response.setMore(page.size() > max);
        return response;
    }

    /** recordPayment: a registrar or intake officer. */
    public CheckResult recordPayment(RecordPaymentRequest r, Caller caller) {
        decisions.recordPayment(
                r.getRequestId(), caller.id(), r.getPaymentReference(), r.getAmountRials(), r.getRemarks());
        return result(r.getRequestId());
    }

    /** recordIdentityCheck: an intake officer. */
    public CheckResult recordIdentityCheck(RecordIdentityCheckRequest r, Caller caller) {
        decisions.recordIdentityCheck(
                r.getRequestId(),
                caller.id(),
                r.getIdentificationMethod().value(),
                r.getRepresentativeIdentificationMethod() == null
                        ? null
                        : r.getRepresentativeIdentificationMethod().value(),
                r.getRemarks());
        return result(r.getRequestId());
    }

    /** recordDocumentCheck: a compliance officer other than the identity checker. */
    public CheckResult recordDocumentCheck(RecordDocumentCheckRequest r, Caller caller) {
        decisions.recordDocumentCheck(
                r.getRequestId(),
                caller.id(),
                r.getCheckedDocument().stream()
                        .map(d -> new DocumentRequirements.Named(
                                d.getValue().value(),
                                d.getHolder() == null ? null : d.getHolder().value()))
                        .toList(),
                r.getRemarks());
        return result(r.getRequestId());
    }

    /** approveRequest: a registrar records the approval; the request is then queued for issuance. */
    public Answer approveRequest(ApproveRequestRequest request, Caller caller) {
        String remarks = request.getRemarks();
        if (request.getIdentificationMethod() != null) {
            remarks = "identified by " + request.getIdentificationMethod().value()
                    + (remarks == null ? "" : "; " + remarks);
        }
        String requestId = decisions.approve(request.getRequestId(), caller.id(), remarks);
        ApproveRequestResponse response = new ApproveRequestResponse();
        response.setRequestId(requestId);
        response.setState(RequestState.APPROVED);
        return Answer.queueing(response, Answer.Queue.ISSUANCE, requestId);
    }

    /** rejectRequest: an intake officer, compliance officer or registrar. */
    public RejectRequestResponse rejectRequest(RejectRequestRequest request, Caller caller) {
        String id = decisions.reject(request.getRequestId(), caller.id(), request.getReasonCode(), request.getReason());
        RejectRequestResponse response = new RejectRequestResponse();
        response.setRequestId(id);
        response.setState(RequestState.REJECTED);
        return response;
    }

    /** recordDelivery: a registrar. A renewal's delivery supersedes the certificate it replaces. */
    public CheckResult recordDelivery(RecordDeliveryRequest r, Caller caller) {
        decisions.recordDelivery(
                r.getRequestId(), caller.id(), r.getTokenSerialNumber(), r.getDeliveredTo(), r.getRemarks());
        var request = tracking.status(r.getRequestId()).request();
        if (request.type() == ir.meganaft.ragateway.request.RequestType.RENEW
                && request.state() == ir.meganaft.ragateway.request.RequestState.DELIVERED) {
            revocations.supersede(request.targetSerial(), request.id());
        }
        return result(r.getRequestId());
    }

    /** listEvidence: an archivist, intake officer or compliance officer. */
    public ListEvidenceResponse listEvidence(ListEvidenceRequest r, Caller caller) {
        EvidenceArchive.Evidence evidence = archive.evidence(r.getRequestId(), caller.id());
        ListEvidenceResponse response = new ListEvidenceResponse();
        response.setRequest(StatusMapper.summary(evidence.request()));
        evidence.documents().stream().map(OfficerSoap::document).forEach(response.getDocument()::add);
        evidence.checks().stream().map(OfficerSoap::check).forEach(response.getCheck()::add);
        evidence.history().stream().map(StatusMapper::change).forEach(response.getChange()::add);
        response.setCertificateSerialNumber(evidence.certificateSerialNumber());
        return response;
    }

    /** getEvidenceFile: as listEvidence. */
    public GetEvidenceFileResponse getEvidenceFile(GetEvidenceFileRequest r, Caller caller) {
        EvidenceArchive.EvidenceFile file = archive.file(r.getRequestId(), caller.id(), r.getSha256());
        GetEvidenceFileResponse response = new GetEvidenceFileResponse();
        response.setSha256(file.sha256());
        response.setFileName(file.fileName());
        response.setContent(new DataHandler(new BytesDataSource(file.content())));
        return response;
    }

    private CheckResult result(String requestId) {
        var status = tracking.status(requestId);
        CheckResult result = new CheckResult();
        result.setRequestId(requestId);
        result.setState(RequestState.fromValue(status.request().state().name()));
        result.setWaitingFor(status.waitingFor());
        return result;
    }

    private static EvidenceDocument document(SubmittedDocument d) {
        EvidenceDocument out = new EvidenceDocument();
        out.setType(DocumentType.fromValue(d.type()));
        out.setHolder(d.holder() == null ? null : DocumentHolder.fromValue(d.holder()));
        out.setNumber(d.number());
        out.setIssuer(d.issuer());
        out.setIssueDate(d.issueDate());
        out.setExpiryDate(d.expiryDate());
        out.setFileName(d.fileName());
        out.setFileSha256(d.fileSha256());
        out.setFileSize(d.fileSize());
        return out;
    }

    private static CheckRecord check(Check c) {
        CheckRecord out = new CheckRecord();
        out.setKind(CheckKind.fromValue(c.kind().name()));
        out.setActor(c.actor());
        out.setRole(c.role() == null ? null : RaRole.fromValue(c.role()));
        out.setAt(c.at());
        out.setOutcome(c.outcome());
        out.setIdentificationMethod(
                c.identificationMethod() == null ? null : IdentificationMethod.fromValue(c.identificationMethod()));
        out.setDetails(c.details());
        out.setRemarks(c.remarks());
        return out;
    }

    /** A scan in memory, attached by MTOM when the caller asks for it. */
    private record BytesDataSource(byte[] bytes) implements jakarta.activation.DataSource {
        @Override
        public java.io.InputStream getInputStream() {
            return new java.io.ByteArrayInputStream(bytes);
        }

        @Override
        public java.io.OutputStream getOutputStream() {
            throw new UnsupportedOperationException("read-only");
        }

        @Override
        public String getContentType() {
            return "application/octet-stream";
        }

        @Override
        public String getName() {
            return "evidence";
        }
    }
}
