package ir.meganaft.ragateway.soap;

import ir.meganaft.ragateway.contract.registration.GetCaCertificatesRequest;
import ir.meganaft.ragateway.contract.registration.GetCaCertificatesResponse;
import ir.meganaft.ragateway.contract.registration.GetCertificateRequest;
import ir.meganaft.ragateway.contract.registration.GetCertificateResponse;
import ir.meganaft.ragateway.contract.registration.GetRequestStatusRequest;
import ir.meganaft.ragateway.contract.registration.GetRequestStatusResponse;
import ir.meganaft.ragateway.contract.registration.SubmitCertificateRequest;
import ir.meganaft.ragateway.contract.registration.SubmitCertificateResponse;
import ir.meganaft.ragateway.contract.types.CertificateEncoding;
import ir.meganaft.ragateway.contract.types.Document;
import ir.meganaft.ragateway.contract.types.RequestState;
import ir.meganaft.ragateway.intake.Receipt;
import ir.meganaft.ragateway.intake.Submission;
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
    private final RequestTracking tracking;
    private final SubmissionMapper submissions = new SubmissionMapper();

    public RegistrationSoap(RequestTracking tracking) {
        this.tracking = tracking;
    }

    /** submitCertificateRequest, step 1. Caller: a registered back-office system. */
    public Submission toSubmission(SubmitCertificateRequest request) {
        return submissions.toSubmission(request);
    }

    /** submitCertificateRequest, last step. */
    public SubmitCertificateResponse toSubmitResponse(Receipt receipt) {
        SubmitCertificateResponse response = new SubmitCertificateResponse();
        response.setRequestId(receipt.requestId());
        response.setClientRequestId(receipt.clientRequestId());
        response.setState(RequestState.fromValue(receipt.state().name()));
        response.setReceivedAt(receipt.receivedAt());
        response.setDuplicate(receipt.duplicate());
        return response;
    }

    /** getRequestStatus. Caller: the system that submitted the request. */
    public GetRequestStatusResponse getRequestStatus(GetRequestStatusRequest request) {
        RequestStatus status = request.getRequestId() != null
                ? tracking.status(request.getRequestId())
                : tracking.statusByClientRequestId(request.getByClientRequestId().getCallerSystemId(),
                        request.getByClientRequestId().getClientRequestId());
        return StatusMapper.toResponse(status);
    }

    /** getCertificate. Caller: the system that submitted the request. */
    public GetCertificateResponse getCertificate(GetCertificateRequest request) {
        CertificateWithChain issued = tracking.certificate(request.getRequestId());
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
        CertificateEncoding encoding = request == null || request.getEncoding() == null
                ? CertificateEncoding.DER : request.getEncoding();
        GetCaCertificatesResponse response = new GetCaCertificatesResponse();
        for (X509Certificate ca : tracking.caChain()) {
            response.getCertificate().add(Certificates.encode(ca, encoding));
        }
        return response;
    }

    static List<Document> documents(SubmitCertificateRequest request) {
        return request.getDocuments() == null ? new ArrayList<>() : request.getDocuments().getDocument();
    }
}
