package ir.meganaft.ragateway.soap;

import ir.meganaft.ragateway.contract.notification.CertificateNotificationPortType;
import ir.meganaft.ragateway.contract.notification.NotificationEvent;
import ir.meganaft.ragateway.contract.notification.Rejection;
import ir.meganaft.ragateway.contract.notification.RequestChangeAcknowledgement;
import ir.meganaft.ragateway.contract.notification.RequestChangeNotification;
import ir.meganaft.ragateway.contract.notification.Revocation;
import ir.meganaft.ragateway.contract.types.CertificateEncoding;
import ir.meganaft.ragateway.contract.types.RequestState;
import ir.meganaft.ragateway.notification.CallbackClient;
import ir.meganaft.ragateway.notification.Notification;
import java.security.cert.X509Certificate;
import java.time.Duration;

/** Posts notifications to callers' CertificateNotification endpoints (wsdl/CertificateNotification.wsdl). */
public final class SoapCallbackClient implements CallbackClient {
    private final SoapClients<CertificateNotificationPortType> clients;

    public SoapCallbackClient(Duration timeout) {
        this(timeout, null);
    }

    /** Over https, the callback presents the gateway's client certificate from {@code tls} when the receiver asks for one. */
    public SoapCallbackClient(Duration timeout, javax.net.ssl.SSLContext tls) {
        this.clients = new SoapClients<>(CertificateNotificationPortType.class, timeout, tls);
    }

    @Override
    public void send(String address, Notification n) {
        RequestChangeAcknowledgement ack;
        try {
            ack = clients.at(address).notifyRequestChange(message(n));
        } catch (ir.meganaft.ragateway.contract.notification.GatewayFault fault) {
            throw new IllegalStateException(
                    "The receiver refused the notification: "
                            + fault.getFaultInfo().getCode() + " "
                            + fault.getFaultInfo().getMessage(),
                    fault);
        }
        if (ack == null || !n.notificationId().equals(ack.getNotificationId())) {
            throw new IllegalStateException("The receiver acknowledged "
                    + (ack == null ? "nothing" : ack.getNotificationId()) + " instead of " + n.notificationId());
        }
    }

    /**
     * The contract's message for a notification. Every event (REJECTED ... REVOKED, ON_HOLD,
     * HOLD_RELEASED) maps by name onto the WSDL's NotificationEvent; a certificate event's serial and
     * revocation (certificateHold, removeFromCRL for a release) go in {@code revocation}.
     */
    static RequestChangeNotification message(Notification n) {
        RequestChangeNotification m = new RequestChangeNotification();
        m.setNotificationId(n.notificationId());
        m.setSequence(n.sequence());
        m.setRequestId(n.requestId());
        m.setClientRequestId(n.clientRequestId());
        m.setCallerSystemId(n.callerSystemId());
        m.setEvent(NotificationEvent.fromValue(n.event()));
        m.setState(RequestState.fromValue(n.state().name()));
        m.setOccurredAt(n.occurredAt());
        if (n.rejectionCode() != null || n.rejectionReason() != null) {
            Rejection r = new Rejection();
            r.setCode(n.rejectionCode() == null ? "REJECTED" : n.rejectionCode());
            r.setReason(n.rejectionReason() == null ? "" : n.rejectionReason());
            m.setRejection(r);
        }
        if (n.certificate() != null) {
            m.setCertificate(Certificates.encode(n.certificate(), CertificateEncoding.DER));
            RequestChangeNotification.Chain chain = new RequestChangeNotification.Chain();
            for (X509Certificate ca : n.chain()) {
                chain.getCertificate().add(Certificates.encode(ca, CertificateEncoding.DER));
            }
            m.setChain(chain);
        }
        if (n.delivery() != null) {
            ir.meganaft.ragateway.contract.types.Delivery d = new ir.meganaft.ragateway.contract.types.Delivery();
            d.setTokenSerialNumber(n.delivery().tokenSerialNumber());
            d.setDeliveredTo(n.delivery().deliveredTo());
            d.setDeliveredAt(n.delivery().at());
            d.setOfficerId(n.delivery().officerId());
            m.setDelivery(d);
        }
        if (n.revocation() != null) {
            Revocation r = new Revocation();
            r.setSerialNumber(n.revokedSerial());
            r.setReason(n.revocation().reason());
            r.setRevokedAt(n.revocation().revokedAt());
            r.setInvalidityDate(n.revocation().invalidityDate());
            m.setRevocation(r);
        }
        return m;
    }
}
