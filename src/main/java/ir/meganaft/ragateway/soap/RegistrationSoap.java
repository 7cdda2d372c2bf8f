package ir.meganaft.ragateway.soap;

import ir.meganaft.ragateway.contract.registration.GetCaCertificatesRequest;
import ir.meganaft.ragateway.contract.registration.GetCaCertificatesResponse;
import ir.meganaft.ragateway.contract.registration.GetCertificateRequest;
import ir.meganaft.ragateway.contract.registration.GetCertificateResponse;
import ir.meganaft.ragateway.contract.registration.GetLatestCrlRequest;
import ir.meganaft.ragateway.contract.registration.GetLatestCrlResponse;
import ir.meganaft.ragateway.contract.registration.GetRequestStatusRequest;
import ir.meganaft.ragateway.contract.registration.GetRequestStatusResponse;
import ir.meganaft.ragateway.contract.registration.RenewCertificateRequest;
import ir.meganaft.ragateway.contract.registration.RenewCertificateResponse;
import ir.meganaft.ragateway.contract.registration.RevokeCertificateRequest;
import ir.meganaft.ragateway.contract.registration.RevokeCertificateResponse;
import ir.meganaft.ragateway.contract.registration.SubmitCertificateRequest;
import ir.meganaft.ragateway.contract.registration.SubmitCertificateResponse;
import ir.meganaft.ragateway.contract.types.CertificateEncoding;
import ir.meganaft.ragateway.contract.types.Document;
import ir.meganaft.ragateway.contract.types.RequestState;
import ir.meganaft.ragateway.crl.CrlPublisher;
import ir.meganaft.ragateway.crl.CrlRecord;
import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
import ir.meganaft.ragateway.intake.IntakeService;
import ir.meganaft.ragateway.intake.Receipt;
import ir.meganaft.ragateway.lifecycle.CertificateReference;
import ir.meganaft.ragateway.lifecycle.RenewalService;
import ir.meganaft.ragateway.lifecycle.RevocationService;
import ir.meganaft.ragateway.security.Caller;
import ir.meganaft.ragateway.tracking.CertificateWithChain;
import ir.meganaft.ragateway.tracking.RequestStatus;
import ir.meganaft.ragateway.tracking.RequestTracking;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * The back-office (registration) service's operations: maps the contract's JAXB types to the
 * domain and back. Faults are not built here: domain exceptions become SOAP faults in
 * {@link SoapFaultInterceptor}.
 */
public final class RegistrationSoap {
    private final IntakeService intake;
    private final RevocationService revocations;
    private final RenewalService renewals;
    private final RequestTracking tracking;
    private final CrlPublisher crls;
    private final SubmissionMapper submissions = new SubmissionMapper();

    public RegistrationSoap(
            IntakeService intake,
            RevocationService revocations,
            RenewalService renewals,
            RequestTracking tracking,
            CrlPublisher crls) {
        this.intake = intake;
        this.revocations = revocations;
        this.renewals = renewals;
        this.tracking = tracking;
        this.crls = crls;
    }

    /**
     * submitCertificateRequest. Caller: a registered back-office system. The request is stored as
     * RECEIVED; a new one is queued for vetting, a retry with the same clientRequestId is answered with
     * the original and queues nothing.
     */
    public Answer submitCertificateRequest(SubmitCertificateRequest request, Caller caller) {
        Receipt receipt = intake.accept(submissions.toSubmission(request, caller));
        SubmitCertificateResponse response = new SubmitCertificateResponse();
        response.setRequestId(receipt.requestId());
        response.setClientRequestId(receipt.clientRequestId());
        response.setState(RequestState.fromValue(receipt.state().name()));
        response.setReceivedAt(receipt.receivedAt());
        response.setDuplicate(receipt.duplicate());
        return receipt.newlyReceived()
                ? Answer.queueing(response, Answer.Queue.VETTING, receipt.requestId())
                : Answer.only(response);
    }

    /**
     * revokeCertificate. Caller: the system that submitted the certificate's request. The revocation
     * waits for a registrar, or (keyCompromise from the holder) is queued for the CA at once.
     */
    public Answer revokeCertificate(RevokeCertificateRequest r, Caller caller) {
        RevocationService.Outcome outcome = revocations.request(new RevocationService.Submission(
                caller,
                r.getHeader().getClientRequestId(),
                operator(r.getHeader()),
                r.getHeader().getReplyTo(),
                reference(r.getCertificate()),
                r.getReason().value(),
                r.getInvalidityDate(),
                r.getRequestedBy() == null ? "HOLDER" : r.getRequestedBy().value(),
                r.getRemarks()));
        RevokeCertificateResponse response = revokeResponse(outcome);
        return outcome.takeEffectNow()
                ? Answer.queueing(response, Answer.Queue.ISSUANCE, outcome.requestId())
                : Answer.only(response);
    }

    private static RevokeCertificateResponse revokeResponse(RevocationService.Outcome outcome) {
        RevokeCertificateResponse response = new RevokeCertificateResponse();
        response.setRequestId(outcome.requestId());
        response.setClientRequestId(outcome.clientRequestId());
        response.setState(RequestState.fromValue(outcome.state().name()));
        response.setDuplicate(outcome.duplicate());
        response.setCertificateSerialNumber(outcome.serialNumber());
        response.setCertificateStatus(ir.meganaft.ragateway.contract.types.CertificateStatus.fromValue(
                outcome.status().name()));
        return response;
    }

    /**
     * renewCertificate. Caller: the system that submitted the certificate's request. Vetted like a new
     * request, with the previous certificate as context: a new renewal is queued for vetting.
     */
    public Answer renewCertificate(RenewCertificateRequest r, Caller caller) {
        Receipt receipt = renewals.request(new RenewalService.Submission(
                caller,
                r.getHeader().getClientRequestId(),
                operator(r.getHeader()),
                r.getHeader().getReplyTo(),
                reference(r.getCertificate()),
                r.getCsr() == null ? null : r.getCsr().getDer(),
                r.getCsr() == null ? null : r.getCsr().getPem(),
                r.getRemarks()));
        RenewCertificateResponse response = new RenewCertificateResponse();
        response.setRequestId(receipt.requestId());
        response.setClientRequestId(receipt.clientRequestId());
        response.setState(RequestState.fromValue(receipt.state().name()));
        response.setReceivedAt(receipt.receivedAt());
        response.setDuplicate(receipt.duplicate());
        return receipt.newlyReceived()
                ? Answer.queueing(response, Answer.Queue.VETTING, receipt.requestId())
                : Answer.only(response);
    }

    /** getLatestCrl. Caller: anyone. */
    public GetLatestCrlResponse getLatestCrl(GetLatestCrlRequest request) {
        boolean delta = request != null && Boolean.TRUE.equals(request.isDelta());
        CrlRecord crl = crls.latest(delta)
                .orElseThrow(() -> new GatewayException(
                        FaultCode.CRL_NOT_AVAILABLE,
                        "No " + (delta ? "delta" : "full") + " CRL has been published yet",
                        "delta",
                        null));
        GetLatestCrlResponse response = new GetLatestCrlResponse();
        response.setCrlNumber(crl.number());
        response.setDelta(delta);
        response.setBaseCrlNumber(crl.baseNumber());
        response.setThisUpdate(crl.thisUpdate());
        response.setNextUpdate(crl.nextUpdate());
        response.setEntries(crl.entries());
        response.setCrl(new jakarta.activation.DataHandler(
                new jakarta.activation.FileDataSource(crls.fileOf(crl).toFile())));
        return response;
    }

    static CertificateReference reference(ir.meganaft.ragateway.contract.types.CertificateReference r) {
        return r.getRequestId() != null
                ? new CertificateReference(r.getRequestId(), null, null)
                : new CertificateReference(
                        null,
                        r.getIssuerAndSerial().getIssuer(),
                        r.getIssuerAndSerial().getSerialNumber());
    }

    /** The person at the caller who keyed the request, when the header names one. */
    static String operator(ir.meganaft.ragateway.contract.types.RequestHeader header) {
        return header.getCaller() == null ? null : header.getCaller().getOperator();
    }

    /** getRequestStatus. Caller: the system that submitted the request. */
    public GetRequestStatusResponse getRequestStatus(GetRequestStatusRequest request, Caller caller) {
        String system = request.getByClientRequestId() == null
                ? null
                : request.getByClientRequestId().getCallerSystemId();
        RequestStatus status = request.getRequestId() != null
                ? tracking.status(request.getRequestId(), caller)
                : tracking.statusByClientRequestId(
                        system == null ? caller.id() : system,
                        request.getByClientRequestId().getClientRequestId(),
                        caller);
        return StatusMapper.toResponse(status);
    }

    /** getCertificate. Caller: the system that submitted the request. */
    public GetCertificateResponse getCertificate(GetCertificateRequest request, Caller caller) {
        CertificateWithChain issued = tracking.certificate(request.getRequestId(), caller);
        CertificateEncoding encoding = request.getEncoding() == null ? CertificateEncoding.DER : request.getEncoding();
        GetCertificateResponse response = new GetCertificateResponse();
        response.setRequestId(issued.requestId());
        response.setCertificate(Certificates.encode(issued.certificate(), encoding));
        if (request.isIncludeChain() == null || request.isIncludeChain()) {
            GetCertificateResponse.Chain chain = new GetCertificateResponse.Chain();
            for (X509Certificate ca : issued.chain()) {
                chain.getCertificate().add(Certificates.encode(ca, encoding));
            }
            response.setChain(chain);
        }
        return response;
    }

    /** getCaCertificates. Caller: anyone. */
    public GetCaCertificatesResponse getCaCertificates(GetCaCertificatesRequest request) {
        CertificateEncoding encoding =
                request == null || request.getEncoding() == null ? CertificateEncoding.DER : request.getEncoding();
        GetCaCertificatesResponse response = new GetCaCertificatesResponse();
        for (X509Certificate ca : tracking.caChain()) {
            response.getCertificate().add(Certificates.encode(ca, encoding));
        }
        return response;
    }

    static List<Document> documents(SubmitCertificateRequest request) {
        return request.getDocuments() == null
                ? new ArrayList<>()
                : request.getDocuments().getDocument();
    }
}
