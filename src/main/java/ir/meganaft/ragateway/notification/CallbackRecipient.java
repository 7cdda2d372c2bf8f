package ir.meganaft.ragateway.notification;

import ir.meganaft.ragateway.ca.CertificateAuthority;
import ir.meganaft.ragateway.ca.RevocationReasons;
import ir.meganaft.ragateway.request.CertificateRequest;
import ir.meganaft.ragateway.request.CertificateStatus;
import ir.meganaft.ragateway.request.RequestState;
import ir.meganaft.ragateway.request.Revocation;
import ir.meganaft.ragateway.store.CertificateStore;
import ir.meganaft.ragateway.store.RequestQueries;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/** Callbacks: builds the notification from the database when it is sent, and posts it to the caller. */
public final class CallbackRecipient implements Recipient {
    private final RequestQueries requests;
    private final CertificateStore certificates;
    private final CertificateAuthority ca;
    private final CallbackAddresses addresses;
    private final CallbackClient client;

    public CallbackRecipient(
            RequestQueries requests,
            CertificateStore certificates,
            CertificateAuthority ca,
            CallbackAddresses addresses,
            CallbackClient client) {
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
        boolean certificateEvent = CallbackEvents.aboutCertificate(e.event());
        // a certificate's events leave its request's state as it is; the others are the state reached
        RequestState state = certificateEvent ? r.state() : RequestState.valueOf(e.event());
        X509Certificate certificate = null;
        List<X509Certificate> chain = null;
        if ("ISSUED".equals(e.event())) {
            certificate = parse(certificates.forRequest(r.id()).orElseThrow().der());
            chain = ca.chain();
        }
        boolean rejected = state == RequestState.REJECTED;
        return new Notification(
                e.notificationId(),
                e.sequence(),
                r.id(),
                r.clientRequestId(),
                r.callerSystemId(),
                e.event(),
                state,
                e.occurredAt(),
                rejected ? r.rejectionCode() : null,
                rejected ? r.rejectionReason() : null,
                certificate,
                chain,
                "DELIVERED".equals(e.event()) ? r.delivery() : null,
                certificateEvent ? e.serialNumber() : null,
                certificateEvent ? revocation(e) : null);
    }

    /**
     * What a certificate event reports: the revocation (final, so read from the certificate), the
     * hold as it was recorded (the certificate may have been released or revoked since), or the
     * release (removeFromCRL, at the moment the hold was lifted).
     */
    private Revocation revocation(OutboxEntry e) {
        return switch (e.event()) {
            case "REVOKED" ->
                certificates.bySerial(e.serialNumber()).orElseThrow().revocation();
            case "ON_HOLD" ->
                certificates
                        .recordedChange(e.serialNumber(), CertificateStatus.ON_HOLD, e.occurredAt())
                        .orElseGet(() -> new Revocation(RevocationReasons.CERTIFICATE_HOLD, e.occurredAt(), null));
            default -> new Revocation(RevocationReasons.REMOVE_FROM_CRL, e.occurredAt(), null);
        };
    }

    private CertificateRequest request(OutboxEntry e) {
        return requests.find(e.requestId()).orElseThrow(() -> new IllegalStateException("No request " + e.requestId()));
    }

    static X509Certificate parse(byte[] der) {
        try {
            return (X509Certificate)
                    CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new IllegalStateException("A stored certificate does not parse", e);
        }
    }
}
