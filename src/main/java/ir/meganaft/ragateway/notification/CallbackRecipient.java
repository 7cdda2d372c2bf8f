package ir.meganaft.ragateway.notification;

import ir.meganaft.ragateway.ca.CertificateAuthority;
import ir.meganaft.ragateway.request.CertificateRequest;
import ir.meganaft.ragateway.request.IssuedCertificate;
import ir.meganaft.ragateway.request.RequestState;
import ir.meganaft.ragateway.store.CertificateStore;
import ir.meganaft.ragateway.store.RequestStore;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/** Callbacks: builds the notification from the database when it is sent, and posts it to the caller. */
public final class CallbackRecipient implements Recipient {
    private final RequestStore requests;
    private final CertificateStore certificates;
    private final CertificateAuthority ca;
    private final CallbackAddresses addresses;
    private final CallbackClient client;

    public CallbackRecipient(RequestStore requests, CertificateStore certificates, CertificateAuthority ca,
            CallbackAddresses addresses, CallbackClient client) {
        this.requests = requests;
        this.certificates = certificates;
        this.ca = ca;
        this.addresses = addresses;
        this.client = client;
    }

    @Override
    public Optional<String> target(OutboxEntry entry) {
        return addresses.of(request(entry));
    }

    @Override
    public void send(OutboxEntry entry, String target) {
        client.send(target, notification(entry));
    }

    Notification notification(OutboxEntry e) {
        CertificateRequest r = request(e);
        boolean revoked = "REVOKED".equals(e.event());
        RequestState state = revoked ? r.state() : RequestState.valueOf(e.event());
        X509Certificate certificate = null;
        List<X509Certificate> chain = null;
        IssuedCertificate issued = null;
        if ("ISSUED".equals(e.event()) || revoked) {
            issued = revoked ? certificates.bySerial(e.serialNumber()).orElseThrow()
                    : certificates.forRequest(r.id()).orElseThrow();
        }
        if ("ISSUED".equals(e.event())) {
            certificate = parse(issued.der());
            chain = ca.chain();
        }
        boolean rejected = state == RequestState.REJECTED;
        return new Notification(e.notificationId(), e.sequence(), r.id(), r.clientRequestId(), r.callerSystemId(),
                e.event(), state, e.occurredAt(), rejected ? r.rejectionCode() : null,
                rejected ? r.rejectionReason() : null, certificate, chain,
                "DELIVERED".equals(e.event()) ? r.delivery() : null, revoked ? issued.serialNumber() : null,
                revoked ? issued.revocation() : null);
    }

    private CertificateRequest request(OutboxEntry e) {
        return requests.find(e.requestId()).orElseThrow(() -> new IllegalStateException("No request " + e.requestId()));
    }

    static X509Certificate parse(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new IllegalStateException("A stored certificate does not parse", e);
        }
    }
}
