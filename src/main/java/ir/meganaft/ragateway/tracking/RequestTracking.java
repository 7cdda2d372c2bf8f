package ir.meganaft.ragateway.tracking;

import ir.meganaft.ragateway.ca.CertificateAuthority;
import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
import ir.meganaft.ragateway.request.CertificateRequest;
import ir.meganaft.ragateway.request.IssuedCertificate;
import ir.meganaft.ragateway.store.CertificateStore;
import ir.meganaft.ragateway.store.RequestStore;
import ir.meganaft.ragateway.vetting.Waiting;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

/** What callers may read about their requests: status, history, certificate and CA chain. */
public final class RequestTracking {
    private final RequestStore requests;
    private final CertificateStore certificates;
    private final CertificateAuthority ca;
    private final Waiting waiting;

    public RequestTracking(RequestStore requests, CertificateStore certificates, CertificateAuthority ca,
            Waiting waiting) {
        this.requests = requests;
        this.certificates = certificates;
        this.ca = ca;
        this.waiting = waiting;
    }

    public RequestStatus status(String requestId) {
        return statusOf(requests.find(requestId).orElseThrow(() -> GatewayException.unknownRequest(requestId)));
    }

    public RequestStatus statusByClientRequestId(String callerSystemId, String clientRequestId) {
        return statusOf(requests.findByClientRequestId(callerSystemId, clientRequestId)
                .orElseThrow(() -> new GatewayException(FaultCode.UNKNOWN_REQUEST, "No request with clientRequestId "
                        + clientRequestId + " from " + callerSystemId + " is known to the gateway",
                        "clientRequestId", null)));
    }

    public CertificateWithChain certificate(String requestId) {
        CertificateRequest request = requests.find(requestId).orElseThrow(() -> GatewayException.unknownRequest(requestId));
        IssuedCertificate issued = certificates.forRequest(requestId)
                .orElseThrow(() -> new GatewayException(FaultCode.CERTIFICATE_NOT_ISSUED, "Request " + requestId
                        + " has no certificate: it is " + request.state()
                        + (request.state().waitingFor() == null ? ""
                                : " and waits for " + waiting.describe(request, requests.checks(requestId))),
                        "requestId", requestId));
        return new CertificateWithChain(requestId, parse(issued.der()), ca.chain());
    }

    public List<X509Certificate> caChain() {
        return ca.chain();
    }

    private RequestStatus statusOf(CertificateRequest request) {
        String serial = certificates.forRequest(request.id()).map(IssuedCertificate::serialNumber).orElse(null);
        return new RequestStatus(request, requests.history(request.id()), serial,
                waiting.describe(request, requests.checks(request.id())));
    }

    private static X509Certificate parse(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new IllegalStateException("A stored certificate does not parse", e);
        }
    }
}
