package ir.meganaft.ragateway.tracking;

import ir.meganaft.ragateway.ca.CertificateAuthority;
import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
import ir.meganaft.ragateway.request.CertificateRequest;
import ir.meganaft.ragateway.request.IssuedCertificate;
import ir.meganaft.ragateway.security.Caller;
import ir.meganaft.ragateway.store.CertificateStore;
import ir.meganaft.ragateway.store.RequestQueries;
import ir.meganaft.ragateway.vetting.Waiting;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

/** What callers may read about their requests: status, history, certificate and CA chain. */
public final class RequestTracking {
    private final RequestQueries requests;
    private final CertificateStore certificates;
    private final CertificateAuthority ca;
    private final Waiting waiting;

    public RequestTracking(
            RequestQueries requests, CertificateStore certificates, CertificateAuthority ca, Waiting waiting) {
        this.requests = requests;
        this.certificates = certificates;
        this.ca = ca;
        this.waiting = waiting;
    }

    /** Any request: for the RA's own staff, who see every request. */
    public RequestStatus status(String requestId) {
        return statusOf(requests.find(requestId).orElseThrow(() -> GatewayException.unknownRequest(requestId)));
    }

    /** A request the caller may see; another company's is answered exactly as one that does not exist. */
    public RequestStatus status(String requestId, Caller caller) {
        return statusOf(visible(requestId, caller));
    }

    public RequestStatus statusByClientRequestId(String callerSystemId, String clientRequestId, Caller caller) {
        return statusOf(requests.findByClientRequestId(callerSystemId, clientRequestId)
                .filter(r -> caller.sees(r.callerSystemId()))
                .orElseThrow(() -> new GatewayException(
                        FaultCode.UNKNOWN_REQUEST,
                        "No request with clientRequestId " + clientRequestId + " from " + callerSystemId
                                + " is known to the gateway",
                        "clientRequestId",
                        null)));
    }

    public CertificateWithChain certificate(String requestId, Caller caller) {
        CertificateRequest request = visible(requestId, caller);
        IssuedCertificate issued = certificates
                .forRequest(requestId)
                .orElseThrow(() -> new GatewayException(
                        FaultCode.CERTIFICATE_NOT_ISSUED,
                        "Request " + requestId
                                + " has no certificate: it is " + request.state()
                                + (request.state().waitingFor() == null
                                        ? ""
                                        : " and waits for " + waiting.describe(request, requests.checks(requestId))),
                        "requestId",
                        requestId));
        return new CertificateWithChain(requestId, parse(issued.der()), ca.chain());
    }

    private CertificateRequest visible(String requestId, Caller caller) {
        return requests.find(requestId)
                .filter(r -> caller.sees(r.callerSystemId()))
                .orElseThrow(() -> GatewayException.unknownRequest(requestId));
    }

    public List<X509Certificate> caChain() {
        return ca.chain();
    }

    private RequestStatus statusOf(CertificateRequest request) {
        String serial = certificates
                .forRequest(request.id())
                .map(IssuedCertificate::serialNumber)
                .orElse(null);
        return new RequestStatus(
                request,
                requests.history(request.id()),
                serial,
                waiting.describe(request, requests.checks(request.id())));
    }

    private static X509Certificate parse(byte[] der) {
        try {
            return (X509Certificate)
                    CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new IllegalStateException("A stored certificate does not parse", e);
        }
    }
}
